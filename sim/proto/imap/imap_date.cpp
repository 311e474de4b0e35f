#include "imap_date.h"

#include <array>
#include <cstdio>

#include "sim/core/bytes.h"

namespace mailsim::imap {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int month_number(std::string_view name) {
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (equals_ci(kMonths[i], name))
            return static_cast<int>(i) + 1;
    return 0;
}

bool all_digits(std::string_view text) {
    if (text.empty())
        return false;
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

int to_int(std::string_view text) {
    int value = 0;
    for (char c : text)
        value = value * 10 + (c - '0');
    return value;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

struct Civil {
    int year, month, day;
};

// Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
Civil civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = year - (month <= 2);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(month > 2 ? month - 3 : month + 9);
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Result<std::int64_t> parse_date(std::string_view text) {
    const std::size_t first = text.find('-');
    const std::size_t second = first == std::string_view::npos ? first : text.find('-', first + 1);
    if (second == std::string_view::npos)
        return make_error("expected a date like 1-Feb-1994");
    const std::string_view day = text.substr(0, first);
    const std::string_view month = text.substr(first + 1, second - first - 1);
    const std::string_view year = text.substr(second + 1);
    if (!all_digits(day) || day.size() > 2 || !all_digits(year) || year.size() != 4)
        return make_error("expected a date like 1-Feb-1994");
    const int m = month_number(month);
    if (m == 0)
        return make_error("unknown month name: " + std::string(month));
    const int d = to_int(day);
    const int y = to_int(year);
    if (d < 1 || d > days_in_month(y, m))
        return make_error("no such day in that month");
    return days_from_civil(y, m, d);
}

Result<DateTime> parse_date_time(std::string_view text) {
    // "dd-Mon-yyyy hh:mm:ss +zzzz": 26 characters, the day may be " 1".
    if (text.size() != 26 || text[11] != ' ' || text[14] != ':' || text[17] != ':' ||
        text[20] != ' ' || (text[21] != '+' && text[21] != '-'))
        return make_error("expected a date-time like \"17-Jul-1996 02:44:25 -0700\"");
    std::string_view date = text.substr(0, 11);
    if (date[0] == ' ')
        date.remove_prefix(1);
    auto day = parse_date(date);
    if (!day)
        return day.error();
    const std::string_view hh = text.substr(12, 2), mm = text.substr(15, 2),
                           ss = text.substr(18, 2), zone = text.substr(22, 4);
    if (!all_digits(hh) || !all_digits(mm) || !all_digits(ss) || !all_digits(zone))
        return make_error("bad time of day");
    const int hours = to_int(hh), minutes = to_int(mm), secs = to_int(ss);
    if (hours > 23 || minutes > 59 || secs > 60)
        return make_error("bad time of day");
    const int zone_minutes =
        (text[21] == '-' ? -1 : 1) * (to_int(zone.substr(0, 2)) * 60 + to_int(zone.substr(2)));
    DateTime out;
    out.zone_minutes = zone_minutes;
    out.unix_seconds = *day * 86400 + hours * 3600 + minutes * 60 + secs -
                       static_cast<std::int64_t>(zone_minutes) * 60;
    return out;
}

std::int64_t day_number(const DateTime& when) {
    return floor_div(when.unix_seconds + static_cast<std::int64_t>(when.zone_minutes) * 60, 86400);
}

std::string format_date_time(const DateTime& when) {
    const std::int64_t local =
        when.unix_seconds + static_cast<std::int64_t>(when.zone_minutes) * 60;
    const std::int64_t day = floor_div(local, 86400);
    const std::int64_t second_of_day = local - day * 86400;
    const Civil civil = civil_from_days(day);
    const int zone = when.zone_minutes < 0 ? -when.zone_minutes : when.zone_minutes;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%02d-%s-%04d %02d:%02d:%02d %c%02d%02d", civil.day,
                  std::string(kMonths[static_cast<std::size_t>(civil.month - 1)]).c_str(),
                  civil.year, static_cast<int>(second_of_day / 3600),
                  static_cast<int>(second_of_day / 60 % 60), static_cast<int>(second_of_day % 60),
                  when.zone_minutes < 0 ? '-' : '+', zone / 60, zone % 60);
    return buffer;
}

} // namespace mailsim::imap
