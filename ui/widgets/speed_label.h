#pragma once
// The playback speed as the time controls show it: "0.32×", "1×", "3.2×", "1,000,000×".
// Two significant digits (the slider moves in half decades) and thousands grouped, because
// "1e+06x" is not something a class reads aloud.
#include <string>

namespace mailsim::ui {

std::string format_speed(double speed);

} // namespace mailsim::ui
