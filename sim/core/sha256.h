#pragma once
// SHA-256 (FIPS 180-4): fingerprints of decoded MIME bodies, compared byte for byte with
// Python's hashlib in the interop tests, and stable content-derived ids (boundaries, partial ids).
#include "sim/core/bytes.h"

#include <array>
#include <cstdint>
#include <string>

namespace mailsim {

class Sha256 {
public:
    Sha256();
    void update(ByteView data);
    std::array<std::uint8_t, 32> finish();

private:
    void compress(const std::uint8_t* block);

    std::uint32_t m_state[8];
    std::uint8_t m_buffer[64];
    std::size_t m_buffered = 0;
    std::uint64_t m_total = 0;
};

// Lowercase hex digest of `data`.
std::string sha256_hex(ByteView data);

} // namespace mailsim
