#include "smtp_submission.h"

#include "sim/agents/engine_connection.h"

#include <variant>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

namespace {

// Runs one message through an SMTP client session to the UA's server (submission).
class SmtpSubmission : public ClientSession,
                       public EngineConnection<SmtpSubmission, smtp::SmtpClient> {
public:
    SmtpSubmission(AgentContext& context, net::HostId from, net::HostId to, std::uint16_t port,
                   smtp::OutgoingMessage message, std::string msg_id, SubmissionDone done)
        : EngineConnection(context.network(), net::Side::Client), m_context(context),
          m_msg_id(std::move(msg_id)), m_done(std::move(done)) {
        smtp::ClientConfig config;
        config.hostname = context.network().host(from).name;
        config.style = context.style() == TextStyle::Classic ? smtp::ClientStyle::Classic
                                                             : smtp::ClientStyle::Modern;
        start_engine(config).add_message(std::move(message));
        connect(context, from, to, port, trace::Proto::Smtp);
        wire_log()->set_message(m_msg_id);
    }
    bool finished() const override { return EngineConnection::finished(); }

private:
    friend EngineConnection;
    void closed(net::CloseReason reason) {
        if (!m_reported && reason != net::CloseReason::Normal)
            report("the connection to the mail server failed (" +
                   std::string(net::to_string(reason)) + ")");
    }
    void report(const std::string& why) {
        m_reported = true;
        if (m_done) {
            auto done = std::move(m_done);
            m_done = nullptr;
            done(false, why);
        }
        const std::string endpoint =
            wire_log() ? network().endpoint_name(id(), net::Side::Client) : "";
        m_context.record(trace::fault({.host = endpoint.substr(0, endpoint.find(':')),
                                       .cause = "submission failed: " + why,
                                       .msg_id = m_msg_id}));
    }
    // TimerRequest is left unarmed: a submission waits as long as the server keeps it.
    void react(smtp::Event& event) {
        if (auto* done = std::get_if<smtp::TransactionFinished>(&event)) {
            for (const auto& r : done->result.recipients)
                if (r.status != smtp::RecipientStatus::Accepted)
                    report(r.recipient + ": " + std::to_string(r.reply.code) + " " +
                           r.reply.text());
            m_reported = true;
            if (m_done) {
                auto callback = std::move(m_done);
                m_done = nullptr;
                callback(true, "accepted");
            }
        } else if (std::holds_alternative<smtp::StateChanged>(event)) {
            flush();
        }
    }

    AgentContext& m_context;
    std::string m_msg_id;
    SubmissionDone m_done;
    bool m_reported = false;
};

} // namespace

std::unique_ptr<ClientSession> start_smtp_submission(AgentContext& context, net::HostId from,
                                                     net::HostId to, std::uint16_t port,
                                                     smtp::OutgoingMessage message,
                                                     std::string msg_id, SubmissionDone done) {
    return std::make_unique<SmtpSubmission>(context, from, to, port, std::move(message),
                                            std::move(msg_id), std::move(done));
}

} // namespace mailsim::agents
