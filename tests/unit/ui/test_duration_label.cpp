// The queue's age and give-up limit in the two largest units, so "0d 00:00:00 / 5d 00:00:00"
// no longer overflows its column at 1366x768 (it was cut to ") / 5d 00:00:00").
#include "ui/widgets/duration_label.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::ui;

TEST_CASE("short durations keep their two largest units, rounded down") {
    CHECK(format_short_duration(0) == "0s");
    CHECK(format_short_duration(999 * kMillisecond) == "0s");
    CHECK(format_short_duration(45 * kSecond + 900 * kMillisecond) == "45s");
    CHECK(format_short_duration(12 * kMinute + 5 * kSecond) == "12m 5s");
    CHECK(format_short_duration(30 * kMinute) == "30m");
    CHECK(format_short_duration(3 * kHour + 20 * kMinute + 59 * kSecond) == "3h 20m");
    CHECK(format_short_duration(5 * kDay) == "5d");
    CHECK(format_short_duration(4 * kDay + 23 * kHour + 59 * kMinute) == "4d 23h");
    CHECK(format_short_duration(-kSecond) == "0s");
}
