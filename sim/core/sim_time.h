#pragma once
// Simulated time: signed 64-bit microseconds since the start of a run. Never the wall clock.
#include <cstdint>
#include <string>

namespace mailsim {

using SimTime = std::int64_t;

inline constexpr SimTime kMicrosecond = 1;
inline constexpr SimTime kMillisecond = 1000;
inline constexpr SimTime kSecond = 1000 * kMillisecond;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kDay = 24 * kHour;

inline constexpr SimTime seconds(double s) {
    return static_cast<SimTime>(s * kSecond);
}
inline constexpr double to_seconds(SimTime t) {
    return static_cast<double>(t) / kSecond;
}

// "d hh:mm:ss.mmm", the clock the UI and transcripts show (days matter: a give-up is 5 days).
std::string format_sim_time(SimTime t, bool with_millis = true);

} // namespace mailsim
