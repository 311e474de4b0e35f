#pragma once
// The sans-I/O HTTP/1.1 server engine of the webmail host (the small subset of
// http_message.h). It reads requests and reports each one; its caller answers with respond(),
// at once or later (a POST is answered once the mail it carries was handed on). A head that
// is malformed or never ends is answered 400 by the engine itself.
//
//   http::Server server;
//   server.receive_data(bytes);
//   for (auto e = server.next_event(); !needs_data(e); e = server.next_event()) {...}
//   socket.write(server.take_output());
#include "http_events.h"
#include "sim/proto/engine.h"
#include "sim/proto/event_queue.h"

#include <string>

namespace mailsim::http {

struct Response {
    int status = 200;
    std::string reason = "OK";
    std::string content_type = "text/plain; charset=utf-8";
    Bytes body;
};

class Server {
public:
    void receive_data(ByteView bytes);
    void receive_eof() { m_eof = true; }
    ServerEvent next_event();
    Bytes take_output();
    bool has_output() const { return !m_output.empty(); }
    // The client closed its side: nothing more will be asked.
    bool wants_close() const { return m_eof; }

    // Writes the answer to a request (a ResponseSent event follows).
    void respond(const Response& response);

private:
    EventQueue<ServerEvent> m_events;
    Bytes m_input;
    Bytes m_output;
    bool m_eof = false;
};

static_assert(ProtocolEngine<Server>);

} // namespace mailsim::http
