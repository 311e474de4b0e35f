#pragma once
// Deterministic randomness: xoshiro256** seeded through SplitMix64, with our own uniform and
// exponential draws. The std distributions are not specified bit for bit, so libstdc++ and
// Emscripten's libc++ would give different runs from the same seed; these do not.
#include <cstdint>
#include <string_view>

namespace mailsim {

class Rng {
public:
    // One independent stream per (seed, stream id): each consumer (links, faults, UA actions)
    // gets its own stream so adding a consumer does not shift the draws of the others.
    explicit Rng(std::uint64_t seed = 0, std::uint64_t stream = 0);

    std::uint64_t next_u64();
    // Uniform integer in [low, high] inclusive, without modulo bias.
    std::int64_t uniform_int(std::int64_t low, std::int64_t high);
    // Uniform double in [0, 1) from the top 53 bits.
    double uniform01();
    double uniform(double low, double high) { return low + (high - low) * uniform01(); }
    bool chance(double probability) { return uniform01() < probability; }
    // Exponential with the given mean (inverse transform).
    double exponential(double mean);

private:
    std::uint64_t m_state[4];
};

// The stream id of a consumer's name (FNV-1a): stable across builds and platforms, so a
// consumer named "link a.test b.test" draws the same numbers wherever it runs.
std::uint64_t stream_id(std::string_view consumer);
// The stream of one consumer: Rng(seed, stream_id(consumer)).
inline Rng stream_for(std::uint64_t seed, std::string_view consumer) {
    return Rng(seed, stream_id(consumer));
}

} // namespace mailsim
