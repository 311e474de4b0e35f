#pragma once
// Base64 (RFC 2045 section 6.8). The codec is the fast path (table driven, no allocation per
// group); the teaching trace (3 bytes -> four 6-bit values -> four letters) is a separate
// function the UI and `mailsim base64 --explain` call only when they want it.
#include "sim/core/bytes.h"
#include "sim/mail/warning.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mailsim::mail {

enum class LineWrap { None, Mime76 }; // Mime76: CRLF after every 76 output characters

Bytes base64_encode(ByteView data, LineWrap wrap = LineWrap::Mime76);

// Characters outside the alphabet (line breaks, garbage) are ignored, as RFC 2045 asks;
// decoding stops at the padding. Oddities (garbage, a dangling 6-bit group, data after the
// padding) are reported as warnings when a list is given.
Bytes base64_decode(ByteView text, Warnings* warnings = nullptr);

extern const char kBase64Alphabet[65];

// One group of the teaching trace: up to 3 input bytes, their four 6-bit values and letters.
struct Base64Group {
    std::size_t offset = 0; // of the first input byte (encode) or first letter (decode)
    std::array<std::uint8_t, 3> bytes{};
    std::size_t byte_count = 0; // 1..3; fewer than 3 means padding
    std::array<std::uint8_t, 4> sextets{};
    std::array<char, 4> letters{}; // '=' where padded
};

struct Base64Trace {
    std::vector<Base64Group> groups;
    std::vector<std::size_t> ignored; // decode: offsets of characters outside the alphabet
};

Base64Trace base64_encode_trace(ByteView data);
Base64Trace base64_decode_trace(ByteView text);

} // namespace mailsim::mail
