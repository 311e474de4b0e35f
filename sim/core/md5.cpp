#include "sim/core/md5.h"

#include <algorithm>

namespace mailsim {

namespace {

// Per-round shift amounts and the sine-derived constants of RFC 1321 §3.4.
constexpr std::uint32_t kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                      5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

constexpr std::uint32_t kTable[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

constexpr std::uint32_t rotate_left(std::uint32_t x, std::uint32_t n) {
    return (x << n) | (x >> (32 - n));
}

} // namespace

Md5::Md5() : m_state{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476} {}

void Md5::block(const std::uint8_t* chunk) {
    std::uint32_t words[16];
    for (int i = 0; i < 16; ++i) // little-endian words, independent of the host's byte order
        words[i] = static_cast<std::uint32_t>(chunk[i * 4]) |
                   static_cast<std::uint32_t>(chunk[i * 4 + 1]) << 8 |
                   static_cast<std::uint32_t>(chunk[i * 4 + 2]) << 16 |
                   static_cast<std::uint32_t>(chunk[i * 4 + 3]) << 24;
    std::uint32_t a = m_state[0], b = m_state[1], c = m_state[2], d = m_state[3];
    for (std::uint32_t i = 0; i < 64; ++i) {
        std::uint32_t f = 0, g = 0;
        if (i < 16) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (i < 32) {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
        } else if (i < 48) {
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
        } else {
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
        }
        const std::uint32_t next = d;
        d = c;
        c = b;
        b = b + rotate_left(a + f + kTable[i] + words[g], kShift[i]);
        a = next;
    }
    m_state[0] += a;
    m_state[1] += b;
    m_state[2] += c;
    m_state[3] += d;
}

void Md5::update(ByteView data) {
    std::size_t used = static_cast<std::size_t>(m_length % 64);
    m_length += data.size();
    std::size_t pos = 0;
    if (used) {
        const std::size_t take = std::min<std::size_t>(64 - used, data.size());
        for (std::size_t i = 0; i < take; ++i)
            m_buffer[used + i] = static_cast<std::uint8_t>(data[i]);
        pos = take;
        if (used + take < 64)
            return;
        block(m_buffer.data());
    }
    for (; pos + 64 <= data.size(); pos += 64)
        block(reinterpret_cast<const std::uint8_t*>(data.data() + pos));
    for (std::size_t i = 0; pos + i < data.size(); ++i)
        m_buffer[i] = static_cast<std::uint8_t>(data[pos + i]);
}

Md5::Digest Md5::finish() {
    const std::uint64_t bits = m_length * 8;
    // Pad with 0x80, zeros to 56 mod 64, then the bit length little-endian (RFC 1321 §3.1-3.2).
    std::string padding(1, static_cast<char>(0x80));
    const std::size_t used = static_cast<std::size_t>(m_length % 64);
    padding.append(used < 56 ? 55 - used : 119 - used, '\0');
    for (int i = 0; i < 8; ++i)
        padding.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
    update(padding);
    Digest out{};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            out[static_cast<std::size_t>(i * 4 + j)] =
                static_cast<std::uint8_t>((m_state[static_cast<std::size_t>(i)] >> (8 * j)) & 0xff);
    return out;
}

Md5::Digest Md5::digest(ByteView data) {
    Md5 md5;
    md5.update(data);
    return md5.finish();
}

std::string Md5::hex(ByteView data) {
    return to_hex(digest(data));
}

std::string to_hex(const Md5::Digest& digest) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (auto byte : digest) {
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0x0f]);
    }
    return out;
}

} // namespace mailsim
