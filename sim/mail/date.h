#pragma once
// RFC 5322 date-time ("Mon, 23 Nov 2026 14:36:52 +0900") from and to (unix seconds, zone offset).
// The simulator has no wall clock: callers pass the time. Message-ID generation likewise takes
// the simulation's Rng.
#include "sim/core/result.h"
#include "sim/core/rng.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace mailsim::mail {

struct DateTime {
    std::int64_t unix_seconds = 0; // UTC
    int tz_offset_minutes = 0;     // local offset from UTC, e.g. +540 for Korea
    bool operator==(const DateTime&) const = default;
};

std::string format_date(std::int64_t unix_seconds, int tz_offset_minutes);
inline std::string format_date(const DateTime& when) {
    return format_date(when.unix_seconds, when.tz_offset_minutes);
}

// Accepts the optional day of week, 2- and 4-digit years, optional seconds, numeric zones and
// the obsolete names (UT, GMT, EST/EDT, CST/CDT, MST/MDT, PST/PDT; military letters as -0000).
// Comments and folding white space are skipped.
Result<DateTime> parse_date(std::string_view text);

// "<1f3a5c7e9b2d4f60.a1b2c3d4@domain>": random part from `rng`, so runs are reproducible.
std::string make_message_id(Rng& rng, std::string_view domain);

} // namespace mailsim::mail
