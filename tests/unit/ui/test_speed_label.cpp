// The speed shown on the time controls: plain numbers with grouped thousands and a real ×.
#include "ui/widgets/speed_label.h"

#include <doctest/doctest.h>

#include <cmath>

namespace mailsim::ui {

TEST_CASE("speeds read as numbers a class can say aloud") {
    CHECK(format_speed(1.0) == "1\xc3\x97");
    CHECK(format_speed(1e6) == "1,000,000\xc3\x97");
    CHECK(format_speed(0.1) == "0.1\xc3\x97");
    CHECK(format_speed(10.0) == "10\xc3\x97");
    CHECK(format_speed(1000.0) == "1,000\xc3\x97");
    // The slider's half-decade steps: 10^0.5, 10^1.5, 10^5.5, 10^-0.5.
    CHECK(format_speed(std::pow(10.0, 0.5)) == "3.2\xc3\x97");
    CHECK(format_speed(std::pow(10.0, 1.5)) == "32\xc3\x97");
    CHECK(format_speed(std::pow(10.0, 5.5)) == "320,000\xc3\x97");
    CHECK(format_speed(std::pow(10.0, -0.5)) == "0.32\xc3\x97");
    CHECK(format_speed(100000.0) == "100,000\xc3\x97");
    CHECK(format_speed(0.0) == "0\xc3\x97");
    CHECK(format_speed(-3.0) == "0\xc3\x97");
}

} // namespace mailsim::ui
