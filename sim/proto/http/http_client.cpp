#include "http_client.h"

namespace mailsim::http {

Client::Client(const Request& request) {
    m_request_line = request.method + " " + request.target + " HTTP/1.1";
    m_output = m_request_line + "\r\nHost: " + request.host +
               "\r\nUser-Agent: " + request.user_agent + "\r\n";
    if (request.method == "POST")
        m_output += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                    std::to_string(request.body.size()) + "\r\n";
    m_output += "\r\n" + request.body;
    m_request_size = m_output.size();
}

void Client::receive_data(ByteView bytes) {
    // After the server's FIN nothing more can come (the other engines ignore it too).
    if (!m_done && !m_eof)
        m_input.append(bytes);
}

ClientEvent Client::next_event() {
    if (m_done)
        return NeedData{};
    auto message = take_message(m_input);
    if (!message)
        return NeedData{};
    m_done = true;
    ResponseReceived received;
    // "HTTP/1.1 200 OK": the code after the first space.
    const std::size_t space = message->start_line.find(' ');
    if (space != std::string::npos)
        for (std::size_t i = space + 1; i < message->start_line.size() && i < space + 4; ++i) {
            const char c = message->start_line[i];
            if (c < '0' || c > '9') {
                received.status = 0;
                break;
            }
            received.status = received.status * 10 + (c - '0');
        }
    received.response = std::move(*message);
    return received;
}

Bytes Client::take_output() {
    Bytes out;
    out.swap(m_output);
    return out;
}

} // namespace mailsim::http
