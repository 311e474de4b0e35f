#include "sim/mail/base64.h"

#include <cstring>

// An AVX2 path for clean 32-letter blocks (Mula and Lemire, "Faster Base64 Encoding and
// Decoding Using AVX2 Instructions", 2018), chosen at run time so the build needs no -mavx2;
// everything else (and the WebAssembly build) uses the table-driven scalar loop.
#if defined(__x86_64__) && !defined(__EMSCRIPTEN__) && (defined(__GNUC__) || defined(__clang__))
#define MAILSIM_BASE64_AVX2 1
#include <immintrin.h>
#endif

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

#ifdef MAILSIM_BASE64_AVX2

bool cpu_has_avx2() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

const bool kHasAvx2 = cpu_has_avx2();

// Bytes of `v` within [low, high] (signed compares: octets >= 0x80 are never in range).
__attribute__((target("avx2"))) inline __m256i in_range(__m256i v, char low, char high) {
    return _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(static_cast<char>(low - 1))),
                            _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(high + 1)), v));
}

// Decodes whole 32-letter blocks while they hold only alphabet letters; returns the number of
// letters consumed and advances `dst` by 24 bytes per block (it stores 32: the caller's buffer
// has slack).
__attribute__((target("avx2"))) std::size_t
decode_blocks_avx2(const unsigned char* src, std::size_t size, unsigned char*& dst) {
    const __m256i shift_lut =
        _mm256_setr_epi8(0, 0, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 19, 4, -65,
                         -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i pack_bytes =
        _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0, 6, 5, 4,
                         10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    const __m256i pack_lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
    std::size_t i = 0;
    while (i + 32 <= size) {
        const __m256i in = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i));
        const __m256i slash = _mm256_cmpeq_epi8(in, _mm256_set1_epi8('/'));
        const __m256i valid =
            _mm256_or_si256(_mm256_or_si256(in_range(in, 'A', 'Z'), in_range(in, 'a', 'z')),
                            _mm256_or_si256(_mm256_or_si256(in_range(in, '0', '9'), slash),
                                            _mm256_cmpeq_epi8(in, _mm256_set1_epi8('+'))));
        const int mask = _mm256_movemask_epi8(valid);
        if (mask != -1) {
            // MIME wraps every 76 letters: if the block stops at a CRLF on a quad boundary,
            // decode the letters before it one quad at a time, skip the line break, go on.
            const int stop = __builtin_ctz(~static_cast<unsigned>(mask));
            if (stop % 4 != 0 || i + stop + 1 >= size || src[i + stop] != '\r' ||
                src[i + stop + 1] != '\n')
                break;
            for (int q = 0; q < stop; q += 4) {
                const std::uint32_t v =
                    kTables.shifted[0][src[i + q]] | kTables.shifted[1][src[i + q + 1]] |
                    kTables.shifted[2][src[i + q + 2]] | kTables.shifted[3][src[i + q + 3]];
                dst[0] = static_cast<unsigned char>(v >> 16);
                dst[1] = static_cast<unsigned char>(v >> 8);
                dst[2] = static_cast<unsigned char>(v);
                dst += 3;
            }
            i += static_cast<std::size_t>(stop) + 2;
            continue;
        }
        // Letter -> 6-bit value: add a shift chosen by the high nibble ('/' shares its nibble
        // with '+', so it gets its own).
        const __m256i high_nibble =
            _mm256_and_si256(_mm256_srli_epi32(in, 4), _mm256_set1_epi8(0x0F));
        const __m256i shift = _mm256_blendv_epi8(_mm256_shuffle_epi8(shift_lut, high_nibble),
                                                 _mm256_set1_epi8(16), slash);
        const __m256i values = _mm256_add_epi8(in, shift);
        // Four 6-bit values -> one 24-bit number per 32-bit lane, then the 3 bytes in order.
        const __m256i pairs = _mm256_maddubs_epi16(values, _mm256_set1_epi32(0x01400140));
        const __m256i words = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
        const __m256i bytes =
            _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(words, pack_bytes), pack_lanes);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), bytes);
        dst += 24;
        i += 32;
    }
    return i;
}

#endif

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
    Bytes out(text.size() / 4 * 3 + 32, '\0'); // slack for the 4- and 32-byte stores
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
#ifdef MAILSIM_BASE64_AVX2
            if (kHasAvx2)
                i += decode_blocks_avx2(src + i, size - i, dst);
#endif
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
