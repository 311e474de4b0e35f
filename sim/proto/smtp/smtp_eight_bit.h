#pragma once
// 8-bit content for a server without 8BITMIME (RFC 6152 §3): the client may convert the
// message to 7 bit instead of refusing it. Every leaf part with 8-bit octets is re-encoded —
// text as quoted-printable or base64 (by choice), anything else as base64 — and its
// Content-Transfer-Encoding changed; multipart and message/rfc822 containers are rebuilt
// around their converted children (RFC 2046 forbids encoding those containers themselves).
#include "sim/core/bytes.h"
#include "sim/core/result.h"

#include <cstddef>

namespace mailsim::smtp {

enum class SevenBitEncoding { QuotedPrintable, Base64 };

struct Downgrade {
    Bytes message;                   // 7-bit, CRLF line ends
    std::size_t parts_converted = 0; // leaf parts that were re-encoded
};

// Fails when the header fields themselves hold 8-bit octets: they would need RFC 2047
// encoded-words (or SMTPUTF8), which is the author's job, not the transport's.
Result<Downgrade> downgrade_to_seven_bit(ByteView message, SevenBitEncoding text_encoding);

} // namespace mailsim::smtp
