#pragma once
// The message text on the wire (RFC 5321 §4.5.2): CRLF line ends, dot-stuffing and the
// terminating "." line. The server unstuffs line by line as text arrives; these are the
// whole-message forms the client and the tests use.
#include "sim/core/bytes.h"

namespace mailsim::smtp {

// Bare LF and bare CR become CRLF; a last line without an ending gets one.
Bytes normalize_line_endings(ByteView content);
// Doubles every leading dot and appends the ".\r\n" terminator. Expects normalized input.
Bytes dot_stuff(ByteView normalized);
// dot_stuff(normalize_line_endings(content)) in one pass and one copy (the client does this
// for every message); `normalized_size` gets the size of the normalized text (SIZE=).
Bytes normalize_and_stuff(ByteView content, std::size_t& normalized_size);
// The inverse of dot_stuff for a complete DATA body including its terminator line.
Bytes dot_unstuff(ByteView stuffed);
// Any octet above 127 (needs 8BITMIME or a 7-bit transfer encoding).
bool has_eight_bit(ByteView content);

} // namespace mailsim::smtp
