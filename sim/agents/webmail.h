#pragma once
// Webmail: the lecture's push/pull comparison in one world. A browser pulls the inbox with an
// HTTP GET and posts a new message with an HTTP POST (pull protocol: the side that opened the
// connection wants data, or hands a form over); the webmail host then pushes the message on
// with SMTP like any user agent. The HTTP engines are in sim/proto/http; the browser side is
// sim/agents/http_exchange.h.
#include "sim/agents/agent_config.h"
#include "sim/agents/agent_context.h"
#include "sim/agents/smtp_submission.h"
#include "sim/net/network.h"
#include "sim/proto/http/http_server.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mailsim::agents {

class WebmailSession;

class Webmail {
public:
    Webmail(AgentContext& context, const HostSpec& spec);
    ~Webmail();
    const std::string& host_name() const { return m_host; }

    using Response = http::Response;
    // Handles one request of connection `conn`; the response is sent now, or (a POST) once
    // the SMTP push has its answer: the browser's "sent" page means the server took it.
    void handle(trace::ConnId conn, const http::RequestReceived& request);
    void respond(trace::ConnId conn, const Response& response);

private:
    // status 0: the answer comes later (through respond()).
    Response handle_now(trace::ConnId conn, const http::RequestReceived& request);

    AgentContext& m_context;
    std::string m_host;
    std::vector<std::unique_ptr<WebmailSession>> m_sessions;
    std::vector<std::unique_ptr<ClientSession>> m_pushes;
};

} // namespace mailsim::agents
