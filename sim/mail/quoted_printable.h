#pragma once
// Quoted-printable (RFC 2045 section 6.7). Fast codec plus an on-request teaching trace that
// says, octet by octet, what was escaped and why, and where soft line breaks went.
#include "sim/core/bytes.h"
#include "sim/mail/warning.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mailsim::mail {

// Text: line breaks in the input (CRLF or LF) are hard line breaks, written as CRLF.
// Binary: CR and LF are data and are escaped (=0D=0A), so the bytes survive exactly.
enum class QpMode { Text, Binary };

Bytes qp_encode(ByteView data, QpMode mode = QpMode::Text);

// Decodes "=XX" (either hex case), removes soft line breaks ("=" before a line end) and the
// trailing white space of each line (rule 3: it may have been added in transport). Line ends are
// kept as they are. A bad escape is kept literally and reported.
Bytes qp_decode(ByteView text, Warnings* warnings = nullptr);

enum class QpReason {
    Literal,              // printable ASCII other than '=' (rules 1, 2)
    EscapedEquals,        // '=' itself must be escaped (rule 1)
    EscapedNonAscii,      // octets >= 128 and control characters (rule 1)
    EscapedTrailingWhite, // space or tab before a line break (rule 3)
    EscapedLineBreak,     // CR or LF in binary mode
    HardBreak,            // a line break of the text (rule 4)
    SoftBreak,            // "=" CRLF inserted to keep lines <= 76 characters (rule 5)
    BadEscape,            // decode: "=" not followed by two hex digits, kept literally
    RemovedTrailingWhite, // decode: white space at a line end, dropped
};

struct QpStep {
    std::size_t offset = 0; // in the input
    std::uint8_t octet = 0; // input octet (0 for soft breaks)
    Bytes output;           // what was written for it
    QpReason reason = QpReason::Literal;
};

std::vector<QpStep> qp_encode_trace(ByteView data, QpMode mode = QpMode::Text);
std::vector<QpStep> qp_decode_trace(ByteView text);

const char* qp_reason_key(QpReason reason); // i18n key, e.g. "mime.qp.reason.soft_break"

} // namespace mailsim::mail
