#include "http_exchange.h"

#include <variant>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

namespace {
http::Request request_of(std::string method, std::string target, std::string host, Bytes body) {
    http::Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.host = std::move(host);
    request.body = std::move(body);
    return request;
}
} // namespace

HttpExchange::HttpExchange(AgentContext& context, net::HostId from, net::HostId to,
                           std::string method, std::string target, Bytes body)
    : EngineConnection(context.network(), net::Side::Client), m_context(context),
      m_client(context.network().host(from).name), m_server(context.network().host(to).name) {
    start_engine(request_of(std::move(method), std::move(target), m_server, std::move(body)));
    // No line recorder: the request and the response are one trace event each.
    connect(context, from, to, 80, trace::Proto::Http, Recording::None);
}

void HttpExchange::before_send() {
    const std::string& line = engine().request_line();
    m_context.record(
        trace::http_request({.host = m_client,
                             .peer = m_server,
                             .conn = id(),
                             .method = line.substr(0, line.find(' ')),
                             .request_line = line,
                             .size = static_cast<std::int64_t>(engine().request_size())}));
}

void HttpExchange::react(http::ClientEvent& event) {
    if (auto* received = std::get_if<http::ResponseReceived>(&event))
        m_response_body = received->response.body;
}

} // namespace mailsim::agents
