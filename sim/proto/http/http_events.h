#pragma once
// What the HTTP engines report: one small struct per kind, one std::variant per role, the
// empty NeedData first (sim/proto/engine.h).
#include "http_message.h"

#include <cstddef>
#include <string>
#include <variant>

namespace mailsim::http {

struct NeedData {};

// The peer closed its side. The server reports it whenever it comes; the client only when the
// response never came whole (after a whole response the client is done and reads no more), so
// for the client it is always a failure: there is no response.
struct ConnectionClosed {
    std::size_t cut_short = 0; // bytes of an unfinished request (response) dropped with the close
};

// Server side.
struct RequestReceived {
    Message request;
    std::string method; // "GET"
    std::string target; // "/inbox" (without the query)
    std::string query;  // "user=bob%40x" (after '?', or empty)
};
struct ResponseSent {
    int status = 200;
    std::string status_line; // "HTTP/1.1 200 OK"
    std::size_t body_size = 0;
};
using ServerEvent = std::variant<NeedData, RequestReceived, ResponseSent, ConnectionClosed>;

// Client side.
struct ResponseReceived {
    Message response;
    int status = 0; // from the status line; 0 when it has none
};
using ClientEvent = std::variant<NeedData, ResponseReceived, ConnectionClosed>;

} // namespace mailsim::http
