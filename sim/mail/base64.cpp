#include "sim/mail/base64.h"

#include <cstring>

namespace mailsim::mail {

namespace {

// constexpr so the decode tables below are built at compile time (clang insists).
constexpr char kAlphabet[65] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::uint32_t kBad = 0x01000000; // above 24 bits: one OR tells a whole quad is clean

// Four tables with each letter's value already shifted into place: decoding a clean quad is four
// loads, three ORs and a test (the approach of modp_b64 / Chromium's decoder).
struct DecodeTables {
    std::uint32_t shifted[4][256];
    std::int8_t value[256];
    constexpr DecodeTables() : shifted{}, value{} {
        for (int c = 0; c < 256; ++c) {
            value[c] = -1;
            for (int k = 0; k < 4; ++k)
                shifted[k][c] = kBad;
        }
        for (int i = 0; i < 64; ++i) {
            const auto c = static_cast<unsigned char>(kAlphabet[i]);
            value[c] = static_cast<std::int8_t>(i);
            shifted[0][c] = std::uint32_t(i) << 18;
            shifted[1][c] = std::uint32_t(i) << 12;
            shifted[2][c] = std::uint32_t(i) << 6;
            shifted[3][c] = std::uint32_t(i);
        }
    }
};

constexpr DecodeTables kTables{};

} // namespace

const char kBase64Alphabet[65] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Bytes base64_encode(ByteView data, LineWrap wrap) {
    const std::size_t groups = (data.size() + 2) / 3;
    std::size_t size = groups * 4;
    if (wrap == LineWrap::Mime76)
        size += (size + 75) / 76 * 2;
    Bytes out(size, '\0');
    char* dst = out.data();
    const auto* src = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t left = data.size();
    std::size_t column = 0;
    while (left >= 3) {
        const std::uint32_t v =
            (std::uint32_t(src[0]) << 16) | (std::uint32_t(src[1]) << 8) | src[2];
        dst[0] = kBase64Alphabet[v >> 18];
        dst[1] = kBase64Alphabet[(v >> 12) & 63];
        dst[2] = kBase64Alphabet[(v >> 6) & 63];
        dst[3] = kBase64Alphabet[v & 63];
        dst += 4;
        src += 3;
        left -= 3;
        column += 4;
        if (wrap == LineWrap::Mime76 && column == 76) {
            *dst++ = '\r';
            *dst++ = '\n';
            column = 0;
        }
    }
    if (left > 0) {
        std::uint32_t v = std::uint32_t(src[0]) << 16;
        if (left == 2)
            v |= std::uint32_t(src[1]) << 8;
        dst[0] = kBase64Alphabet[v >> 18];
        dst[1] = kBase64Alphabet[(v >> 12) & 63];
        dst[2] = left == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
        dst[3] = '=';
        dst += 4;
        column += 4;
    }
    if (wrap == LineWrap::Mime76 && column > 0) {
        *dst++ = '\r';
        *dst++ = '\n';
    }
    out.resize(static_cast<std::size_t>(dst - out.data()));
    return out;
}

Bytes base64_decode(ByteView text, Warnings* warnings) {
    Bytes out(text.size() / 4 * 3 + 3, '\0');
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    const auto* src = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    std::uint32_t acc = 0; // slow path: sextets gathered one by one
    int pending = 0;
    bool garbage = false;
    bool padded = false;
    while (i < size) {
        // Fast path: whole clean quads while no partial group is pending.
        if (pending == 0) {
            while (i + 4 <= size) {
                const std::uint32_t v =
                    kTables.shifted[0][src[i]] | kTables.shifted[1][src[i + 1]] |
                    kTables.shifted[2][src[i + 2]] | kTables.shifted[3][src[i + 3]];
                if (v & kBad)
                    break;
                dst[0] = static_cast<unsigned char>(v >> 16);
                dst[1] = static_cast<unsigned char>(v >> 8);
                dst[2] = static_cast<unsigned char>(v);
                dst += 3;
                i += 4;
            }
            if (i >= size)
                break;
        }
        const unsigned char c = src[i++];
        if (c == '=') {
            padded = true;
            break;
        }
        const int value = kTables.value[c];
        if (value < 0) {
            if (c != '\r' && c != '\n' && c != ' ' && c != '\t')
                garbage = true;
            continue;
        }
        acc = (acc << 6) | std::uint32_t(value);
        if (++pending == 4) {
            dst[0] = static_cast<unsigned char>(acc >> 16);
            dst[1] = static_cast<unsigned char>(acc >> 8);
            dst[2] = static_cast<unsigned char>(acc);
            dst += 3;
            acc = 0;
            pending = 0;
        }
    }
    if (pending == 2) {
        *dst++ = static_cast<unsigned char>(acc >> 4);
    } else if (pending == 3) {
        *dst++ = static_cast<unsigned char>(acc >> 10);
        *dst++ = static_cast<unsigned char>(acc >> 2);
    } else if (pending == 1) {
        warn(warnings, "mime.warning.base64_dangling",
             "base64 data ends with a single 6-bit group; it was dropped");
    }
    if (warnings) {
        if (!padded && pending >= 2)
            warn(warnings, "mime.warning.base64_padding", "base64 data is missing its '=' padding");
        if (garbage)
            warn(warnings, "mime.warning.base64_garbage",
                 "characters outside the base64 alphabet were ignored");
        if (padded) {
            for (; i < size; ++i) {
                const unsigned char c = src[i];
                if (kTables.value[c] >= 0) {
                    warn(warnings, "mime.warning.base64_after_padding",
                         "base64 data continues after the '=' padding; the rest was ignored");
                    break;
                }
            }
        }
    }
    out.resize(static_cast<std::size_t>(reinterpret_cast<char*>(dst) - out.data()));
    return out;
}

Base64Trace base64_encode_trace(ByteView data) {
    Base64Trace trace;
    for (std::size_t offset = 0; offset < data.size(); offset += 3) {
        Base64Group group;
        group.offset = offset;
        group.byte_count = std::min<std::size_t>(3, data.size() - offset);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            const auto byte =
                k < group.byte_count ? static_cast<std::uint8_t>(data[offset + k]) : 0;
            group.bytes[k] = byte;
            v = (v << 8) | byte;
        }
        for (int k = 0; k < 4; ++k) {
            group.sextets[k] = static_cast<std::uint8_t>((v >> (18 - 6 * k)) & 63);
            group.letters[k] = static_cast<std::size_t>(k) <= group.byte_count
                                   ? kBase64Alphabet[group.sextets[k]]
                                   : '=';
        }
        trace.groups.push_back(group);
    }
    return trace;
}

Base64Trace base64_decode_trace(ByteView text) {
    Base64Trace trace;
    Base64Group group;
    std::size_t count = 0;
    auto flush = [&](std::size_t letters) {
        // `letters` real letters give letters-1 bytes (2 -> 1, 3 -> 2, 4 -> 3).
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k)
            v = (v << 6) | group.sextets[k];
        group.byte_count = letters - 1;
        for (int k = 0; k < 3; ++k)
            group.bytes[k] = static_cast<std::size_t>(k) < group.byte_count
                                 ? static_cast<std::uint8_t>(v >> (16 - 8 * k))
                                 : 0;
        for (std::size_t k = letters; k < 4; ++k)
            group.letters[k] = '=';
        trace.groups.push_back(group);
        group = Base64Group{};
        count = 0;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '=')
            break;
        const int value = kTables.value[c];
        if (value < 0) {
            trace.ignored.push_back(i);
            continue;
        }
        if (count == 0)
            group.offset = i;
        group.sextets[count] = static_cast<std::uint8_t>(value);
        group.letters[count] = static_cast<char>(c);
        if (++count == 4)
            flush(4);
    }
    if (count >= 2)
        flush(count);
    return trace;
}

} // namespace mailsim::mail
