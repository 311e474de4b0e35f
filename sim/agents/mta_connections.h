#pragma once
// The two kinds of SMTP connection an MTA has: MtaInbound runs the server engine for a client
// that connected to port 25; MtaOutbound runs the client engine to one destination, trying its
// MX hosts in order, several queued messages over one connection.
#include "sim/agents/agent_context.h"
#include "sim/agents/engine_connection.h"
#include "sim/agents/wire_log.h"
#include "sim/net/dns.h"
#include "sim/net/network.h"
#include "sim/proto/smtp/smtp_client.h"
#include "sim/proto/smtp/smtp_server.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::agents {

class Mta;

// Records an engine's StateChanged as a state_change event.
void record_state_change(AgentContext& context, trace::ConnId conn, const std::string& host,
                         const std::string& peer, const smtp::StateChanged& change);

// The server engine for a client that connected to port 25; the Mta is its policy.
class MtaInbound : public EngineConnection<MtaInbound, smtp::SmtpServer> {
public:
    MtaInbound(Mta& mta, AgentContext& context, trace::ConnId id);

private:
    friend EngineConnection;
    void received();
    void react(smtp::Event& event);
    void batch_done(); // accepted messages are taken once their 250 is on the wire

    Mta& m_mta;
    AgentContext& m_context;
    std::string m_client_host, m_server_host;
    std::vector<smtp::EndOfData> m_taken;
};

// The client engine to one destination: its MX hosts in order, one connection (and one fresh
// engine) per attempt, several queued messages over one connection.
class MtaOutbound : public EngineConnection<MtaOutbound, smtp::SmtpClient> {
public:
    MtaOutbound(Mta& mta, AgentContext& context, std::string destination,
                std::vector<std::string> queue_ids, std::vector<net::MailTarget> targets);

    void start();
    bool finished() const { return m_finished; }

private:
    friend EngineConnection;
    void react(smtp::Event& event);
    void before_send() { set_current_message(); }
    void batch_done();
    void closing();
    void closed(net::CloseReason reason);
    bool pumping() const { return !m_finished; }

    void try_next_target(const std::string& why);
    void handle_result(const smtp::TransactionResult& result);
    void set_current_message();
    void finish(const std::string& error_for_the_rest, bool connection_level);

    Mta& m_mta;
    AgentContext& m_context;
    std::string m_destination;
    std::vector<std::string> m_queue_ids;
    // Per message sent over this connection: its queue id and the recipients it carries.
    std::vector<std::pair<std::string, std::vector<std::string>>> m_messages;
    std::vector<net::MailTarget> m_targets;
    std::size_t m_target = 0;
    std::string m_peer;
    std::vector<smtp::TransactionResult> m_round_results; // this round's, handled after it
    std::size_t m_results = 0;
    bool m_greeting_failed = false;
    bool m_finished = false;
    std::string m_last_error;
};

} // namespace mailsim::agents
