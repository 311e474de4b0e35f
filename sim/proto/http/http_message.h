#pragma once
// HTTP/1.1 as the webmail lesson needs it: a request or status line, header fields and a
// Content-Length body, one message per connection direction at a time (no chunking, no
// keep-alive pipelining). Shared by the client and server engines (http_client.h,
// http_server.h) and by the HTML form encoding both ends use.
#include "sim/core/bytes.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::http {

struct Message {
    std::string start_line; // "GET /inbox?user=x HTTP/1.1" or "HTTP/1.1 200 OK"
    std::vector<std::pair<std::string, std::string>> headers;
    Bytes body;
};

// A head longer than this without its blank line is refused instead of buffered on.
inline constexpr std::size_t kMaxHead = 64 * 1024;

// Parses one whole message from the front of `buffer` (consumed on success); nullopt until it
// is complete. A head that never ends gives a message with an empty start line.
std::optional<Message> take_message(Bytes& buffer);

// One direction of a connection cut into whole messages: the input of both engines.
class MessageReader {
public:
    void feed(ByteView bytes) { m_buffer.append(bytes); }
    // The next whole message, or nullopt until it is complete.
    std::optional<Message> next() { return take_message(m_buffer); }
    // Bytes of a message that is not complete yet.
    std::size_t buffered() const { return m_buffer.size(); }

private:
    Bytes m_buffer;
};

// "a=1&b=x+y%21" -> {a: 1, b: "x y!"} (application/x-www-form-urlencoded)
std::map<std::string, std::string> parse_form(std::string_view text);
std::string form_encode(const std::map<std::string, std::string>& fields);

} // namespace mailsim::http
