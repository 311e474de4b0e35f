#pragma once
// Byte-level helpers shared by the POP3 server and client: multi-line bodies with
// byte-stuffing (RFC 1939 §3), CRLF normalisation, TOP's header + n lines, and the
// text styles of the replies.
#include "sim/core/bytes.h"

#include <cstddef>
#include <string>
#include <vector>

namespace mailsim::pop3 {

// Classic: the wording of the lecture and of Kurose & Ross ("+OK POP3 server ready",
// "+OK user successfully logged on", lower-case commands from the client).
// Modern: the wording of RFC 1939's examples (maildrop counts, host name) and upper-case
// commands, CAPA and UIDL from the client.
enum class TextStyle { Classic, Modern };

// Splits a message into lines, accepting CRLF or a bare LF as line end; a last line without
// an ending counts as a line. The endings are not included.
std::vector<ByteView> split_lines(ByteView message);

// Octets of the message as sent: every line ending CRLF (what LIST and STAT report).
std::size_t wire_size(ByteView message);

// Appends the lines as a multi-line body: CRLF endings, a '.' doubled at the start of a
// line, then the terminating ".\r\n".
void append_multiline(Bytes& out, const std::vector<ByteView>& lines);

// The header lines, the empty separator line and the first `body_lines` body lines (TOP).
// Without a separator the whole message is header.
std::vector<ByteView> top_lines(ByteView message, std::size_t body_lines);

// Removes the byte-stuffing of one received body line.
inline ByteView unstuff(ByteView line) {
    return line.size() > 1 && line.front() == '.' ? line.substr(1) : line;
}

} // namespace mailsim::pop3
