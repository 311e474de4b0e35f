#include "speed_label.h"

#include <cmath>
#include <cstdio>

namespace mailsim::ui {

std::string format_speed(double speed) {
    if (!(speed > 0) || !std::isfinite(speed))
        return "0\xc3\x97";
    // Two significant digits: 3.16 -> 3.2, 316228 -> 320000.
    const int magnitude = static_cast<int>(std::floor(std::log10(speed)));
    const double unit = std::pow(10.0, magnitude - 1);
    const double rounded = std::round(speed / unit) * unit;
    const int decimals = magnitude >= 1 ? 0 : 1 - magnitude;
    char digits[64];
    std::snprintf(digits, sizeof digits, "%.*f", decimals, rounded);
    std::string text(digits);
    // "1.0" -> "1", "0.50" -> "0.5": no trailing zeros after the point.
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.')
            text.pop_back();
    }
    // Group the whole part in threes.
    const std::size_t point = text.find('.');
    std::size_t end = point == std::string::npos ? text.size() : point;
    while (end > 3) {
        end -= 3;
        text.insert(end, ",");
    }
    return text + "\xc3\x97"; // ×
}

} // namespace mailsim::ui
