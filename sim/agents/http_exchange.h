#pragma once
// The browser side of webmail: one HTTP request to a webmail host, one response, then close
// (the pull of the lecture's push/pull comparison: the side that opened the connection wants
// data, or hands a form over). The HTTP client engine (sim/proto/http) does the protocol.
#include "sim/agents/agent_context.h"
#include "sim/agents/engine_connection.h"
#include "sim/agents/smtp_submission.h"
#include "sim/proto/http/http_client.h"

#include <string>

namespace mailsim::agents {

class HttpExchange : public ClientSession, public EngineConnection<HttpExchange, http::HttpClient> {
public:
    HttpExchange(AgentContext& context, net::HostId from, net::HostId to, std::string method,
                 std::string target, Bytes body);
    bool finished() const override { return EngineConnection::finished(); }
    const Bytes& response_body() const { return m_response_body; }

private:
    friend EngineConnection;
    void before_send(); // the request is recorded as it goes out
    void react(http::ClientEvent& event);

    AgentContext& m_context;
    std::string m_client, m_server;
    Bytes m_response_body;
};

} // namespace mailsim::agents
