#include "sim/mail/quoted_printable.h"

#include "sim/core/hex.h"

#include <cstring>

namespace mailsim::mail {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr std::size_t kMaxLine = 76; // including a trailing '=' of a soft break

bool is_white(char c) {
    return c == ' ' || c == '\t';
}

// The one encoder loop; `trace` is null on the fast path.
Bytes encode(ByteView data, QpMode mode, std::vector<QpStep>* trace) {
    Bytes out;
    out.reserve(data.size() + data.size() / 8 + 16);
    std::size_t column = 0;
    auto emit = [&](std::size_t offset, std::uint8_t octet, const char* text, std::size_t size,
                    QpReason reason) {
        // A soft break first if this token would pass the limit (leaving room for '=').
        if (column + size > kMaxLine - 1) {
            out += "=\r\n";
            if (trace)
                trace->push_back(QpStep{offset, 0, "=\r\n", QpReason::SoftBreak});
            column = 0;
        }
        out.append(text, size);
        column += size;
        if (trace)
            trace->push_back(QpStep{offset, octet, Bytes(text, size), reason});
    };
    const std::size_t size = data.size();
    for (std::size_t i = 0; i < size; ++i) {
        const char c = data[i];
        const auto octet = static_cast<std::uint8_t>(c);
        if (mode == QpMode::Text &&
            (c == '\n' || (c == '\r' && i + 1 < size && data[i + 1] == '\n'))) {
            const std::size_t start = i;
            if (c == '\r')
                ++i;
            out += "\r\n";
            column = 0;
            if (trace)
                trace->push_back(QpStep{start, octet, "\r\n", QpReason::HardBreak});
            continue;
        }
        const bool at_line_end =
            i + 1 == size || (mode == QpMode::Text && (data[i + 1] == '\n' || data[i + 1] == '\r'));
        char escaped[3] = {'=', kHex[octet >> 4], kHex[octet & 15]};
        if (c == '=') {
            emit(i, octet, escaped, 3, QpReason::EscapedEquals);
        } else if (is_white(c)) {
            if (at_line_end)
                emit(i, octet, escaped, 3, QpReason::EscapedTrailingWhite);
            else
                emit(i, octet, &c, 1, QpReason::Literal);
        } else if (c == '\r' || c == '\n') {
            emit(i, octet, escaped, 3,
                 mode == QpMode::Binary ? QpReason::EscapedLineBreak : QpReason::EscapedNonAscii);
        } else if (octet < 33 || octet > 126) {
            emit(i, octet, escaped, 3, QpReason::EscapedNonAscii);
        } else {
            emit(i, octet, &c, 1, QpReason::Literal);
        }
    }
    return out;
}

// The one decoder loop. Trace is a template argument so the fast path (no trace) carries no
// per-octet test of it; the escape run below is the inner loop for non-ASCII text (Korean is
// nearly all "=XX").
template <bool Trace>
Bytes decode(ByteView text, Warnings* warnings, std::vector<QpStep>* trace) {
    // Decoded output is never longer than the input: write through a pointer, trim at the end.
    Bytes out(text.size(), '\0');
    char* dst = out.data();
    const char* src = text.data();
    bool bad_escape = false;
    std::size_t i = 0;
    const std::size_t size = text.size();
    while (i < size) {
        // One line: [i, end) is the content, [end, next) the line ending (CRLF, LF or none).
        const void* newline = std::memchr(src + i, '\n', size - i);
        std::size_t end =
            newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - src) : size;
        const std::size_t next = newline ? end + 1 : size;
        const std::size_t line_break = end > i && src[end - 1] == '\r' ? end - 1 : end;
        std::size_t content_end = line_break;
        while (content_end > i && is_white(src[content_end - 1]))
            --content_end;
        if constexpr (Trace)
            if (content_end < line_break)
                trace->push_back(QpStep{content_end, static_cast<std::uint8_t>(src[content_end]),
                                        "", QpReason::RemovedTrailingWhite});
        bool soft = false;
        std::size_t k = i;
        while (k < content_end) {
            const char c = src[k];
            if (c != '=') {
                *dst++ = c;
                ++k;
                continue;
            }
            if constexpr (!Trace) {
                // Escapes back to back, while each has its two hex digits on this line.
                while (k + 2 < content_end && src[k] == '=') {
                    const int high = hex_value(src[k + 1]);
                    const int low = hex_value(src[k + 2]);
                    if ((high | low) < 0)
                        break;
                    *dst++ = static_cast<char>(high * 16 + low);
                    k += 3;
                }
                if (k == content_end || src[k] != '=')
                    continue;
            }
            if (k + 1 == content_end) {
                soft = true; // "=" at the end of the line
                if constexpr (Trace)
                    trace->push_back(QpStep{k, '=', "", QpReason::SoftBreak});
                break;
            }
            const int high = hex_value(src[k + 1]);
            const int low = k + 2 < content_end ? hex_value(src[k + 2]) : -1;
            if ((high | low) < 0) {
                bad_escape = true;
                *dst++ = '=';
                if constexpr (Trace)
                    trace->push_back(QpStep{k, '=', "=", QpReason::BadEscape});
                ++k;
                continue;
            }
            const char decoded = static_cast<char>(high * 16 + low);
            *dst++ = decoded;
            if constexpr (Trace)
                trace->push_back(QpStep{k, static_cast<std::uint8_t>(decoded), Bytes(1, decoded),
                                        decoded == '='      ? QpReason::EscapedEquals
                                        : is_white(decoded) ? QpReason::EscapedTrailingWhite
                                                            : QpReason::EscapedNonAscii});
            k += 3;
        }
        if (!soft)
            for (std::size_t k = line_break; k < next; ++k)
                *dst++ = src[k];
        i = next;
    }
    out.resize(static_cast<std::size_t>(dst - out.data()));
    if (bad_escape)
        warn(warnings, "mime.warning.qp_bad_escape",
             "quoted-printable '=' not followed by two hex digits was kept as it is");
    return out;
}

} // namespace

Bytes qp_encode(ByteView data, QpMode mode) {
    return encode(data, mode, nullptr);
}

Bytes qp_decode(ByteView text, Warnings* warnings) {
    return decode<false>(text, warnings, nullptr);
}

std::vector<QpStep> qp_encode_trace(ByteView data, QpMode mode) {
    std::vector<QpStep> trace;
    encode(data, mode, &trace);
    return trace;
}

std::vector<QpStep> qp_decode_trace(ByteView text) {
    std::vector<QpStep> trace;
    decode<true>(text, nullptr, &trace);
    return trace;
}

const char* qp_reason_key(QpReason reason) {
    switch (reason) {
    case QpReason::Literal:
        return "mime.qp.reason.literal";
    case QpReason::EscapedEquals:
        return "mime.qp.reason.escaped_equals";
    case QpReason::EscapedNonAscii:
        return "mime.qp.reason.escaped_non_ascii";
    case QpReason::EscapedTrailingWhite:
        return "mime.qp.reason.escaped_trailing_white";
    case QpReason::EscapedLineBreak:
        return "mime.qp.reason.escaped_line_break";
    case QpReason::HardBreak:
        return "mime.qp.reason.hard_break";
    case QpReason::SoftBreak:
        return "mime.qp.reason.soft_break";
    case QpReason::BadEscape:
        return "mime.qp.reason.bad_escape";
    case QpReason::RemovedTrailingWhite:
        return "mime.qp.reason.removed_trailing_white";
    }
    return "mime.qp.reason.literal";
}

} // namespace mailsim::mail
