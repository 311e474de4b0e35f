#pragma once
// The sans-I/O HTTP/1.1 server engine of the webmail host (the small subset of
// http_message.h). It reads a request and reports it; its caller answers with respond(), at
// once or later (a POST is answered once the mail it carries was handed on), and only then is
// the next request read. A head that is malformed or never ends is answered 400 by the engine
// itself. It moves along the server table of http_state.h and nowhere else.
//
//   http::HttpServer server;
//   server.receive_data(bytes);
//   for (auto e = server.next_event(); !needs_data(e); e = server.next_event()) {...}
//   socket.write(server.take_output());
#include "http_events.h"
#include "http_state.h"
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"

#include <optional>
#include <string>

namespace mailsim::http {

struct Response {
    int status = 200;
    std::string reason = "OK";
    std::string content_type = "text/plain; charset=utf-8";
    Bytes body;
};

class HttpServer : public EngineShell<HttpServer, ServerEvent, MessageReader> {
public:
    using Step = Machine<ServerState, ServerTrigger>::Step;

    // receive_data, receive_eof, next_event, take_output, has_output: the EngineShell's.
    // The client closed its side: nothing more will be asked.
    bool wants_close() const { return m_machine.state() == ServerState::Closed; }

    // Writes the answer to the request last reported (a ResponseSent event follows). Ignored
    // when no answer is owed: the table has no such move.
    void respond(const Response& response);

    ServerState state() const { return m_machine.state(); }
    // The row of the table taken last (nullopt before the first).
    const std::optional<Step>& last_step() const { return m_machine.last_step(); }

private:
    friend EngineShell;
    bool session_over() const { return m_machine.state() == ServerState::Closed; }
    bool read_input();
    void handle_eof();
    void write(const Response& response);

    Machine<ServerState, ServerTrigger> m_machine{ServerState::Idle};
};

static_assert(ProtocolEngine<HttpServer>);

} // namespace mailsim::http
