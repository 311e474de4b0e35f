#pragma once
// Hexadecimal digits: quoted-printable, encoded-words, %XX escapes, JSON \u escapes and the
// store's record escapes all read them. A table, because quoted-printable decoding reads one
// per escaped byte of a megabyte attachment.
#include <cstdint>

namespace mailsim {

namespace detail {
struct HexTable {
    std::int8_t value[256];
    constexpr HexTable() : value{} {
        for (int c = 0; c < 256; ++c)
            value[c] = -1;
        for (int c = '0'; c <= '9'; ++c)
            value[c] = static_cast<std::int8_t>(c - '0');
        for (int c = 'A'; c <= 'F'; ++c)
            value[c] = static_cast<std::int8_t>(c - 'A' + 10);
        for (int c = 'a'; c <= 'f'; ++c)
            value[c] = static_cast<std::int8_t>(c - 'a' + 10);
    }
};
inline constexpr HexTable kHexTable{};
} // namespace detail

// 0..15 for a hex digit (either case), -1 for anything else.
constexpr int hex_value(char c) {
    return detail::kHexTable.value[static_cast<unsigned char>(c)];
}

} // namespace mailsim
