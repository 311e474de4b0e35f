#include "sim_time.h"

#include <cstdio>

namespace mailsim {

std::string format_sim_time(SimTime t, bool with_millis) {
    const char* sign = t < 0 ? "-" : "";
    if (t < 0)
        t = -t;
    const long long days = t / kDay;
    const long long hours = (t / kHour) % 24;
    const long long minutes = (t / kMinute) % 60;
    const long long secs = (t / kSecond) % 60;
    const long long millis = (t / kMillisecond) % 1000;
    char buffer[64];
    if (with_millis)
        std::snprintf(buffer, sizeof buffer, "%s%lldd %02lld:%02lld:%02lld.%03lld", sign, days,
                      hours, minutes, secs, millis);
    else
        std::snprintf(buffer, sizeof buffer, "%s%lldd %02lld:%02lld:%02lld", sign, days, hours,
                      minutes, secs);
    return buffer;
}

} // namespace mailsim
