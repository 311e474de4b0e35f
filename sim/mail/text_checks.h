#pragma once
// Checks on raw message data the SMTP client and the UI use: is it 7-bit (or does it need
// 8BITMIME / an encoding), and how long are its lines (998 is the hard limit of RFC 5322 2.1.1,
// 78 the recommendation).
#include "sim/core/bytes.h"

#include <cstddef>

namespace mailsim::mail {

inline constexpr std::size_t kMaxLineLength = 998;        // without CRLF
inline constexpr std::size_t kRecommendedLineLength = 78; // without CRLF

bool is_7bit(ByteView data);             // no octet >= 128 and no NUL
bool has_bare_line_ends(ByteView data);  // CR or LF not part of a CRLF pair
std::size_t longest_line(ByteView data); // without its line ending (CRLF or LF)

enum class DataClass {
    SevenBit, // fits 7bit: ASCII, no NUL, lines <= 998, CRLF only
    EightBit, // needs 8BITMIME: 8-bit octets but otherwise line-oriented
    Binary,   // NUL, bare CR/LF or lines over 998: needs base64 (or BINARYMIME)
};
DataClass classify(ByteView data);

} // namespace mailsim::mail
