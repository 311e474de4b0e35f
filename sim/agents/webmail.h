#pragma once
// Webmail: the lecture's push/pull comparison in one world. A browser pulls the inbox with an
// HTTP GET and posts a new message with an HTTP POST (pull protocol: the side that opened the
// connection wants data, or hands a form over); the webmail host then pushes the message on
// with SMTP like any user agent. HTTP/1.1 here is the small subset the lesson needs:
// a request line, headers, Content-Length bodies, one request per connection.
#include "sim/agents/agent_config.h"
#include "sim/agents/agent_context.h"
#include "sim/agents/user_agent.h"
#include "sim/net/network.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mailsim::agents {

// "a=1&b=x+y%21" -> {a: 1, b: "x y!"}
std::map<std::string, std::string> parse_form(std::string_view text);
std::string form_encode(const std::map<std::string, std::string>& fields);

struct HttpMessage {
    std::string start_line;
    std::vector<std::pair<std::string, std::string>> headers;
    Bytes body;
};
// Parses one whole HTTP/1.1 message from `buffer` (consumed on success); nullopt until
// complete. A malformed head gives a message with an empty start line.
std::optional<HttpMessage> take_http_message(Bytes& buffer);

class WebmailSession;

class Webmail {
public:
    Webmail(AgentContext& context, const HostSpec& spec);
    ~Webmail();
    const std::string& host_name() const { return m_host; }

    struct Response {
        int status = 200;
        std::string reason = "OK";
        std::string content_type = "text/plain; charset=utf-8";
        Bytes body;
    };
    // Handles one request of connection `conn`; the response is sent now, or (a POST) once
    // the SMTP push has its answer: the browser's "sent" page means the server took it.
    void handle(world::ConnId conn, const HttpMessage& request);
    void respond(world::ConnId conn, const Response& response);

private:
    // status 0: the answer comes later (through respond()).
    Response handle_now(world::ConnId conn, const HttpMessage& request);

    AgentContext& m_context;
    std::string m_host;
    std::vector<std::unique_ptr<WebmailSession>> m_sessions;
    std::vector<std::unique_ptr<ClientSession>> m_pushes;
};

// The browser side: one request, one response, then close.
class HttpExchange : public ClientSession, public net::TcpHandler {
public:
    HttpExchange(AgentContext& context, net::HostId from, net::HostId to, std::string method,
                 std::string target, std::string body);
    ~HttpExchange() override;
    const Bytes& response_body() const { return m_response_body; }
    bool finished() const override { return m_finished; }

    void on_established(world::ConnId) override;
    void on_data(world::ConnId, ByteView bytes) override;
    void on_peer_fin(world::ConnId id) override;
    void on_closed(world::ConnId, net::CloseReason) override { m_finished = true; }

private:
    AgentContext& m_context;
    world::ConnId m_conn = 0;
    bool m_finished = false;
    std::string m_client, m_server;
    Bytes m_request;
    std::string m_request_line;
    Bytes m_buffer;
    Bytes m_response_body;
    bool m_done = false;
};

} // namespace mailsim::agents
