#pragma once
// Cuts a byte stream into whole IMAP commands (server side) or responses (client side). A
// line that ends in "{n}" announces a literal: the framer then takes exactly n bytes and
// keeps reading the same command on the next line. The assembled unit keeps the literal
// inline as on the wire, for the Lexer to read.
#include "sim/proto/line_reader.h"

#include <cstddef>
#include <optional>
#include <variant>

namespace mailsim::imap {

struct FramedUnit {
    Bytes bytes; // the whole command/response without its final CRLF
};
struct LiteralAnnounced { // the server answers with a "+" continuation request
    std::size_t size = 0;
};
struct LineTooLong {
    Bytes start; // the first bytes of the line: enough to read the tag
};
struct LiteralTooLarge {
    Bytes start;
    std::size_t size = 0;
    // "{n+}": the client sends the bytes without waiting, so they cannot be refused unread:
    // the server must answer BAD and close (RFC 7888 §4).
    bool non_synchronizing = false;
};
struct FramerNeedData {};

using FramerStep =
    std::variant<FramerNeedData, FramedUnit, LiteralAnnounced, LineTooLong, LiteralTooLarge>;

struct FramerLimits {
    std::size_t max_line = 8192;                // one line of a command/response
    std::size_t max_literal = 16 * 1024 * 1024; // one literal
    std::size_t max_unit = 32 * 1024 * 1024;    // everything in one command/response
    // A literal before the client has logged in (a user name or password): a few KB, so an
    // anonymous client cannot make the server hold 16 MB per connection (RFC 7888 §4).
    std::size_t max_literal_unauthenticated = 8 * 1024;
    // LITERAL- (RFC 7888 §5): the largest non-synchronizing literal before login.
    std::size_t max_non_synchronizing_unauthenticated = 4096;
};

class Framer {
public:
    explicit Framer(FramerLimits limits = {});

    void feed(ByteView bytes) { m_reader.feed(bytes); }
    // The server's side: literals are held to max_literal_unauthenticated until this is set.
    void set_authenticated(bool authenticated) { m_authenticated = authenticated; }
    // The server's side, LITERAL+ / LITERAL-: "{n+}" is a literal that comes without a "+"
    // continuation request. Off, "{n+}" is no literal and the line ends the command.
    void set_non_synchronizing(bool accept) { m_non_synchronizing = accept; }
    FramerStep next();
    std::size_t buffered() const { return m_reader.buffered(); }
    // True when a partial command or response is waiting (for EOF diagnostics).
    bool in_unit() const { return !m_unit.empty() || m_literal_left || m_reader.buffered(); }

private:
    FramerStep next_step();

    LineReader m_reader;
    FramerLimits m_limits;
    Bytes m_unit;
    std::size_t m_literal_left = 0;
    bool m_in_literal = false;
    bool m_authenticated = true; // clients never limit a server's literals this way
    bool m_non_synchronizing = false;
    bool m_skip_announcement = false; // the literal just announced needs no "+"
};

// The literal size announced at the end of `line` ("... {42}"), if any.
std::optional<std::size_t> trailing_literal_size(ByteView line);
// The same for "{42+}" (RFC 7888), which trailing_literal_size does not take.
std::optional<std::size_t> trailing_non_synchronizing_size(ByteView line);

} // namespace mailsim::imap
