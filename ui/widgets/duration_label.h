#pragma once
// A span of simulated time in its two largest units, "45s", "12m 5s", "3h 20m", "4d 23h", for
// places too narrow for the clock's "0d 00:00:00" (a queue entry's age beside its give-up
// limit). Rounded down, as a clock is.
#include "sim/core/sim_time.h"

#include <string>

namespace mailsim::ui {

std::string format_short_duration(SimTime span);

} // namespace mailsim::ui
