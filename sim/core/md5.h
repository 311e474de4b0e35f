#pragma once
// MD5 (RFC 1321), written here because sim/ takes no crypto library. POP3 APOP needs it
// (RFC 1939 §7: digest of the greeting's timestamp followed by the shared secret). MD5 is
// broken for collision resistance; it is here because the protocol being taught uses it.
#include "sim/core/bytes.h"

#include <array>
#include <cstdint>
#include <string>

namespace mailsim {

class Md5 {
public:
    using Digest = std::array<std::uint8_t, 16>;

    Md5();
    void update(ByteView data);
    Digest finish(); // the object is spent afterwards; make a new one for the next digest

    static Digest digest(ByteView data);
    // 32 lower-case hex digits, the form APOP sends.
    static std::string hex(ByteView data);

private:
    void block(const std::uint8_t* chunk);

    std::array<std::uint32_t, 4> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::uint64_t m_length = 0; // bytes so far
};

std::string to_hex(const Md5::Digest& digest);

} // namespace mailsim
