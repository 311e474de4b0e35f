#include "ui/widgets/duration_label.h"

namespace mailsim::ui {

std::string format_short_duration(SimTime span) {
    if (span < 0)
        span = 0;
    struct Unit {
        SimTime length;
        const char* suffix;
    };
    static constexpr Unit kUnits[] = {{kDay, "d"}, {kHour, "h"}, {kMinute, "m"}, {kSecond, "s"}};
    for (std::size_t i = 0; i + 1 < std::size(kUnits); ++i) {
        if (span < kUnits[i].length)
            continue;
        const Unit& next = kUnits[i + 1];
        std::string out = std::to_string(span / kUnits[i].length) + kUnits[i].suffix;
        const SimTime rest = (span % kUnits[i].length) / next.length;
        if (rest > 0)
            out += " " + std::to_string(rest) + next.suffix;
        return out;
    }
    return std::to_string(span / kSecond) + "s";
}

} // namespace mailsim::ui
