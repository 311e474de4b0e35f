#include "http_server.h"

namespace mailsim::http {

void Server::receive_data(ByteView bytes) {
    if (!m_eof)
        m_input.append(bytes);
}

ServerEvent Server::next_event() {
    while (m_events.empty()) {
        auto message = take_message(m_input);
        if (!message)
            return NeedData{};
        const std::string& line = message->start_line;
        const std::size_t sp1 = line.find(' ');
        const std::size_t sp2 = line.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
        if (line.empty()) {
            respond(Response{400, "Bad Request", "text/plain", "bad request\r\n"});
            continue;
        }
        if (sp1 == std::string::npos || sp2 == std::string::npos) {
            respond(Response{400, "Bad Request", "text/plain", "bad request line\r\n"});
            continue;
        }
        RequestReceived request;
        request.method = line.substr(0, sp1);
        request.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        if (auto q = request.target.find('?'); q != std::string::npos) {
            request.query = request.target.substr(q + 1);
            request.target.resize(q);
        }
        request.request = std::move(*message);
        m_events.push_back(std::move(request));
    }
    return m_events.take_front();
}

void Server::respond(const Response& response) {
    const std::string status_line =
        "HTTP/1.1 " + std::to_string(response.status) + " " + response.reason;
    m_output += status_line + "\r\nContent-Type: " + response.content_type +
                "\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n\r\n" +
                response.body;
    m_events.push_back(ResponseSent{response.status, status_line, response.body.size()});
}

Bytes Server::take_output() {
    Bytes out;
    out.swap(m_output);
    return out;
}

} // namespace mailsim::http
