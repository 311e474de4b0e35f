#include "http_client.h"

namespace mailsim::http {

namespace {

// "HTTP/1.1 200 OK": the code after the first space; 0 when it is not three digits' worth.
int status_of(const std::string& start_line) {
    int status = 0;
    const std::size_t space = start_line.find(' ');
    if (space == std::string::npos)
        return 0;
    for (std::size_t i = space + 1; i < start_line.size() && i < space + 4; ++i) {
        const char c = start_line[i];
        if (c < '0' || c > '9')
            return 0;
        status = status * 10 + (c - '0');
    }
    return status;
}

} // namespace

HttpClient::HttpClient(const Request& request) {
    m_request_line = request.method + " " + request.target + " HTTP/1.1";
    Bytes& out = output();
    out = m_request_line + "\r\nHost: " + request.host + "\r\nUser-Agent: " + request.user_agent +
          "\r\n";
    if (request.method == "POST")
        out += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
               std::to_string(request.body.size()) + "\r\n";
    out += "\r\n" + request.body;
    m_request_size = out.size();
}

bool HttpClient::read_input() {
    auto message = input().next();
    if (!message)
        return false;
    ResponseReceived received;
    received.status = status_of(message->start_line);
    received.response = std::move(*message);
    m_machine.move(ClientTrigger::Response);
    push(std::move(received));
    return true;
}

void HttpClient::handle_eof() {
    m_machine.move(ClientTrigger::PeerClosed);
    push(ConnectionClosed{input().buffered()});
}

} // namespace mailsim::http
