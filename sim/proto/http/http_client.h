#pragma once
// The sans-I/O HTTP/1.1 client engine of the simulated browser: one request, one response.
// The request is written at once (take_output); the response is reported whole, and then the
// engine wants the connection closed.
#include "http_events.h"
#include "sim/proto/engine.h"
#include "sim/proto/event_queue.h"

#include <string>

namespace mailsim::http {

struct Request {
    std::string method = "GET";
    std::string target = "/";
    std::string host;
    std::string user_agent = "mailsim-browser";
    Bytes body; // a POST's form (application/x-www-form-urlencoded)
};

class Client {
public:
    explicit Client(const Request& request);

    void receive_data(ByteView bytes);
    void receive_eof() { m_eof = true; }
    ClientEvent next_event();
    Bytes take_output();
    bool has_output() const { return !m_output.empty(); }
    bool wants_close() const { return m_done || m_eof; }

    const std::string& request_line() const { return m_request_line; }
    std::size_t request_size() const { return m_request_size; }

private:
    std::string m_request_line;
    std::size_t m_request_size = 0;
    Bytes m_input;
    Bytes m_output;
    bool m_done = false;
    bool m_eof = false;
};

static_assert(ProtocolEngine<Client>);

} // namespace mailsim::http
