#pragma once
// The sans-I/O HTTP/1.1 client engine of the simulated browser: one request, one response.
// The request is written at once (take_output); the response is reported whole, and then the
// engine wants the connection closed. A server that closes first leaves it without a response
// (ConnectionClosed). It moves along the client table of http_state.h and nowhere else.
#include "http_events.h"
#include "http_state.h"
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"

#include <optional>
#include <string>

namespace mailsim::http {

struct Request {
    std::string method = "GET";
    std::string target = "/";
    std::string host;
    std::string user_agent = "mailsim-browser";
    Bytes body; // a POST's form (application/x-www-form-urlencoded)
};

class HttpClient : public EngineShell<HttpClient, ClientEvent, MessageReader> {
public:
    using Step = Machine<ClientState, ClientTrigger>::Step;

    explicit HttpClient(const Request& request);

    // receive_data, receive_eof, next_event, take_output, has_output: the EngineShell's.
    // The response was read, or the server closed without one.
    bool wants_close() const { return m_machine.state() != ClientState::Waiting; }

    ClientState state() const { return m_machine.state(); }
    // The row of the table taken last (nullopt before the first).
    const std::optional<Step>& last_step() const { return m_machine.last_step(); }
    const std::string& request_line() const { return m_request_line; }
    std::size_t request_size() const { return m_request_size; }

private:
    friend EngineShell;
    bool session_over() const { return m_machine.state() != ClientState::Waiting; }
    bool read_input();
    void handle_eof();

    std::string m_request_line;
    std::size_t m_request_size = 0;
    Machine<ClientState, ClientTrigger> m_machine{ClientState::Waiting};
};

static_assert(ProtocolEngine<HttpClient>);

} // namespace mailsim::http
