#include "webmail.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/engine_connection.h"
#include "sim/agents/message_util.h"
#include "sim/mail/address.h"
#include "sim/mail/builder.h"
#include "sim/mail/message.h"
#include "sim/store/store.h"

#include <algorithm>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

// One browser connection to the webmail host: the HTTP server engine, each request handed
// to the webmail, each response recorded as it goes out.
class WebmailSession : public EngineConnection<WebmailSession, http::HttpServer> {
public:
    WebmailSession(Webmail& webmail, AgentContext& context, trace::ConnId id)
        : EngineConnection(context.network(), net::Side::Server), m_webmail(webmail),
          m_context(context) {
        if (const auto* c = context.network().connection(id))
            m_client = context.network().host(c->host[0]).name;
        start_engine();
        attach(id, nullptr); // no line recorder: a request and a response are one event each
    }

    // An answer now (from inside a request's reaction) or later (a POST once its mail is on).
    void send(const Webmail::Response& response) {
        if (finished())
            return;
        engine().respond(response);
        pump();
    }

private:
    friend EngineConnection;
    void react(http::ServerEvent& event) {
        if (auto* request = std::get_if<http::RequestReceived>(&event)) {
            m_webmail.handle(id(), *request);
        } else if (auto* sent = std::get_if<http::ResponseSent>(&event)) {
            m_context.record(
                trace::http_response({.host = m_webmail.host_name(),
                                      .peer = m_client,
                                      .conn = id(),
                                      .status = sent->status,
                                      .status_line = sent->status_line,
                                      .body_size = static_cast<std::int64_t>(sent->body_size)}));
            flush(); // each response leaves as it is recorded
        }
    }

    Webmail& m_webmail;
    AgentContext& m_context;
    std::string m_client;
};

Webmail::Webmail(AgentContext& context, const HostSpec& spec)
    : m_context(context), m_host(spec.name) {
    auto host = *context.network().find_host(spec.name);
    context.network().listen(host, 80, [this](trace::ConnId id) -> net::TcpHandler* {
        return add_session(m_sessions, *this, m_context, id);
    });
}

Webmail::~Webmail() = default; // the session type is complete here

void Webmail::respond(trace::ConnId conn, const Response& response) {
    for (auto& s : m_sessions)
        if (s->id() == conn)
            s->send(response);
}

void Webmail::handle(trace::ConnId conn, const http::RequestReceived& request) {
    Response response = handle_now(conn, request);
    if (response.status != 0)
        respond(conn, response);
}

Webmail::Response Webmail::handle_now(trace::ConnId conn, const http::RequestReceived& request) {
    Response response;
    const std::string& method = request.method;
    const std::string& target = request.target;
    const std::string& query = request.query;
    if (method == "GET" && target == "/inbox") {
        const auto form = http::parse_form(query);
        const auto user_it = form.find("user");
        const UserSpec* user = user_it == form.end() ? nullptr : m_context.user(user_it->second);
        store::Store* store = user ? m_context.store_of(user->host) : nullptr;
        const store::Mailbox* box = store ? store->mailbox(user->login) : nullptr;
        if (!box)
            return Response{404, "Not Found", "text/plain", "no such mailbox\r\n"};
        // A plain list the browser shows: one message per line.
        for (const auto& m : box->inbox().messages()) {
            response.body += std::to_string(m.uid) + "\t" + header_value(m.bytes(), "From") + "\t" +
                             header_value(m.bytes(), "Subject") + "\r\n";
        }
        return response;
    }
    if (method == "POST" && target == "/send") {
        const auto form = http::parse_form(request.request.body);
        auto get = [&](const char* name) {
            auto it = form.find(name);
            return it == form.end() ? std::string() : it->second;
        };
        const UserSpec* user = m_context.user(get("from"));
        if (!user)
            return Response{403, "Forbidden", "text/plain", "unknown user\r\n"};
        auto from = mail::parse_mailbox(user->address);
        std::vector<std::string> rcpts;
        mail::MessageBuilder builder;
        builder.from(*from);
        std::string to = get("to");
        std::size_t start = 0;
        while (start < to.size()) {
            std::size_t comma = to.find(',', start);
            if (comma == std::string::npos)
                comma = to.size();
            const std::string address(
                trim_ascii(std::string_view(to).substr(start, comma - start)));
            start = comma + 1;
            auto m = mail::parse_mailbox(address);
            if (!m.ok())
                return Response{400, "Bad Request", "text/plain", "bad address\r\n"};
            builder.to(*m);
            rcpts.push_back(bare_address(address));
        }
        if (rcpts.empty())
            return Response{400, "Bad Request", "text/plain", "no recipient\r\n"};
        const std::string msg_id = m_context.next_message_id(m_host);
        builder.subject(get("subject"))
            .date(kEpochUnixSeconds + m_context.now() / kSecond, 0)
            .message_id(msg_id)
            .header("X-Mailer", "mailsim webmail on " + m_host)
            .text(get("body"));
        auto message = builder.build();
        if (!message.ok())
            return Response{400, "Bad Request", "text/plain", message.error().message + "\r\n"};
        // The push: this host opens an SMTP connection to the user's mail server.
        auto self = m_context.network().find_host(m_host);
        auto server = m_context.network().find_host(user->host);
        drop_finished(m_pushes);
        m_pushes.push_back(start_smtp_submission(
            m_context, *self, *server, 25,
            smtp::OutgoingMessage{user->address, rcpts, mail::serialize(*message),
                                  smtp::DeliveryMode::Mailbox},
            msg_id, [this, conn, msg_id](bool accepted, const std::string& detail) {
                if (accepted)
                    respond(conn, Response{200, "OK", "text/plain; charset=utf-8",
                                           "Message " + msg_id + " sent\r\n"});
                else
                    respond(conn, Response{502, "Bad Gateway", "text/plain; charset=utf-8",
                                           "Your mail server refused it: " + detail + "\r\n"});
            }));
        response.status = 0; // answered when the push has its answer
        return response;
    }
    return Response{404, "Not Found", "text/plain", "not found\r\n"};
}

} // namespace mailsim::agents
