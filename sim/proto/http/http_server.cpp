#include "http_server.h"

namespace mailsim::http {

bool HttpServer::read_input() {
    if (m_machine.state() != ServerState::Idle)
        return false; // the answer to the last request is owed first
    auto message = input().next();
    if (!message)
        return false;
    const std::string& line = message->start_line;
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = line.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
    if (line.empty() || sp1 == std::string::npos || sp2 == std::string::npos) {
        m_machine.move(ServerTrigger::BadRequest);
        write(Response{400, "Bad Request", "text/plain",
                       line.empty() ? "bad request\r\n" : "bad request line\r\n"});
        return true;
    }
    RequestReceived request;
    request.method = line.substr(0, sp1);
    request.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (auto q = request.target.find('?'); q != std::string::npos) {
        request.query = request.target.substr(q + 1);
        request.target.resize(q);
    }
    request.request = std::move(*message);
    m_machine.move(ServerTrigger::Request);
    push(std::move(request));
    return true;
}

void HttpServer::handle_eof() {
    m_machine.move(ServerTrigger::PeerClosed);
    push(ConnectionClosed{input().buffered()});
}

void HttpServer::respond(const Response& response) {
    if (m_machine.move(ServerTrigger::Response))
        write(response);
}

void HttpServer::write(const Response& response) {
    const std::string status_line =
        "HTTP/1.1 " + std::to_string(response.status) + " " + response.reason;
    output() += status_line + "\r\nContent-Type: " + response.content_type +
                "\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n\r\n" +
                response.body;
    push(ResponseSent{response.status, status_line, response.body.size()});
}

} // namespace mailsim::http
