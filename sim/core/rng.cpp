#include "rng.h"

#include <cmath>

namespace mailsim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

} // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t mix = seed ^ (stream * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
    for (auto& word : m_state)
        word = splitmix64(mix);
}

std::uint64_t Rng::next_u64() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

std::int64_t Rng::uniform_int(std::int64_t low, std::int64_t high) {
    if (high <= low)
        return low;
    const std::uint64_t range = static_cast<std::uint64_t>(high - low) + 1;
    if (range == 0) // the full 64-bit span
        return static_cast<std::int64_t>(next_u64());
    // Lemire-style rejection keeps the draw unbiased.
    const std::uint64_t limit = (~std::uint64_t{0} / range) * range;
    std::uint64_t draw;
    do {
        draw = next_u64();
    } while (draw >= limit);
    return low + static_cast<std::int64_t>(draw % range);
}

std::uint64_t stream_id(std::string_view consumer) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : consumer) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

double Rng::uniform01() {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double Rng::exponential(double mean) {
    // 1 - u lies in (0, 1], so the log is finite.
    return -mean * std::log(1.0 - uniform01());
}

} // namespace mailsim
