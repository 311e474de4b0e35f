#pragma once
// IMAP dates: "1-Feb-1994" in SEARCH and "17-Jul-1996 02:44:25 -0700" for INTERNALDATE and
// APPEND. Times are Unix seconds handed in by the caller (the engines never read a clock).
#include "sim/core/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace mailsim::imap {

struct DateTime {
    std::int64_t unix_seconds = 0; // UTC
    int zone_minutes = 0;          // offset the date was written in, e.g. -420 for -0700
};

std::int64_t days_from_civil(int year, int month, int day);

// "d-Mon-yyyy" (also with a two-digit day); days since 1970-01-01.
Result<std::int64_t> parse_date(std::string_view text);
// "dd-Mon-yyyy hh:mm:ss +zzzz" (day may start with a space, as RFC 3501 date-day-fixed).
Result<DateTime> parse_date_time(std::string_view text);
std::string format_date_time(const DateTime& when);
// The calendar day of `when` in its own zone: SEARCH BEFORE/ON/SINCE compare dates only,
// disregarding time and timezone (RFC 3501 §6.4.4).
std::int64_t day_number(const DateTime& when);

} // namespace mailsim::imap
