#include "sim/mail/date.h"

#include "sim/core/bytes.h"

#include <cstdio>

namespace mailsim::mail {
namespace {

constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Howard Hinnant's civil-date algorithms (public domain): exact for the proleptic Gregorian
// calendar, no tables, no time zone database.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

class DateScanner {
public:
    explicit DateScanner(std::string_view text) : m_text(text) {}
    void skip() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                ++m_pos;
            } else if (c == '(') {
                int depth = 0;
                while (m_pos < m_text.size()) {
                    const char d = m_text[m_pos++];
                    if (d == '(')
                        ++depth;
                    else if (d == ')' && --depth == 0)
                        break;
                }
            } else {
                break;
            }
        }
    }
    bool number(int& value, std::size_t& digits) {
        skip();
        value = 0;
        digits = 0;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9' &&
               digits < 9) {
            value = value * 10 + (m_text[m_pos++] - '0');
            ++digits;
        }
        return digits > 0;
    }
    std::string word() {
        skip();
        std::string out;
        while (m_pos < m_text.size() && ((m_text[m_pos] >= 'A' && m_text[m_pos] <= 'Z') ||
                                         (m_text[m_pos] >= 'a' && m_text[m_pos] <= 'z')))
            out.push_back(m_text[m_pos++]);
        return out;
    }
    bool accept(char c) {
        skip();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    char peek() {
        skip();
        return m_pos < m_text.size() ? m_text[m_pos] : '\0';
    }
    std::size_t column() const { return m_pos + 1; }
    bool at_end() {
        skip();
        return m_pos >= m_text.size();
    }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

Error date_error(const std::string& what, std::size_t column) {
    return make_error("bad date: " + what, 1, static_cast<int>(column));
}

} // namespace

std::string format_date(std::int64_t unix_seconds, int tz_offset_minutes) {
    const std::int64_t local = unix_seconds + std::int64_t(tz_offset_minutes) * 60;
    const std::int64_t days = floor_div(local, 86400);
    const std::int64_t second_of_day = local - days * 86400;
    std::int64_t year;
    unsigned month, day;
    civil_from_days(days, year, month, day);
    const auto weekday = static_cast<std::size_t>(((days % 7) + 7 + 3) % 7); // 1970-01-01: Thu
    const int offset = tz_offset_minutes < 0 ? -tz_offset_minutes : tz_offset_minutes;
    if (year < 0 || year > 9999 || offset >= 100 * 60) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%s, %u %s %04lld %02d:%02d:%02d %c%02d%02d",
                      kDays[weekday], day, kMonths[month - 1], static_cast<long long>(year),
                      static_cast<int>(second_of_day / 3600),
                      static_cast<int>(second_of_day / 60 % 60),
                      static_cast<int>(second_of_day % 60), tz_offset_minutes < 0 ? '-' : '+',
                      offset / 60, offset % 60);
        return buffer;
    }
    // Every hop stamps a Received date: digits by hand, snprintf cost more than the rest of
    // the Received field together.
    auto two = [](std::string& out, int n) {
        out += static_cast<char>('0' + n / 10);
        out += static_cast<char>('0' + n % 10);
    };
    std::string out;
    out.reserve(32);
    out += kDays[weekday];
    out += ", ";
    if (day >= 10)
        out += static_cast<char>('0' + day / 10);
    out += static_cast<char>('0' + day % 10);
    out += ' ';
    out += kMonths[month - 1];
    out += ' ';
    two(out, static_cast<int>(year / 100));
    two(out, static_cast<int>(year % 100));
    out += ' ';
    two(out, static_cast<int>(second_of_day / 3600));
    out += ':';
    two(out, static_cast<int>(second_of_day / 60 % 60));
    out += ':';
    two(out, static_cast<int>(second_of_day % 60));
    out += ' ';
    out += tz_offset_minutes < 0 ? '-' : '+';
    two(out, offset / 60);
    two(out, offset % 60);
    return out;
}

Result<DateTime> parse_date(std::string_view text) {
    DateScanner scan(text);
    // Optional day of week.
    if (scan.peek() >= 'A') {
        const std::string day = scan.word();
        bool known = false;
        for (const char* name : kDays)
            known = known || equals_ci(day, name);
        if (!known)
            return date_error("unknown day name '" + day + "'", scan.column());
        if (!scan.accept(','))
            return date_error("',' expected after the day name", scan.column());
    }
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    std::size_t digits = 0;
    if (!scan.number(day, digits) || day < 1 || day > 31)
        return date_error("day of month expected", scan.column());
    const std::string month_name = scan.word();
    unsigned month = 0;
    for (unsigned m = 0; m < 12; ++m)
        if (equals_ci(month_name, kMonths[m]))
            month = m + 1;
    if (month == 0)
        return date_error("unknown month '" + month_name + "'", scan.column());
    if (!scan.number(year, digits))
        return date_error("year expected", scan.column());
    if (digits <= 2) // obsolete two-digit years (RFC 5322 4.3)
        year += year < 50 ? 2000 : 1900;
    else if (digits == 3)
        year += 1900;
    if (!scan.number(hour, digits) || hour > 23 || !scan.accept(':') ||
        !scan.number(minute, digits) || minute > 59)
        return date_error("time hh:mm expected", scan.column());
    if (scan.accept(':') && (!scan.number(second, digits) || second > 60))
        return date_error("seconds expected after ':'", scan.column());
    int offset = 0;
    const char sign = scan.peek();
    if (sign == '+' || sign == '-') {
        scan.accept(sign);
        int zone = 0;
        if (!scan.number(zone, digits) || digits != 4 || zone % 100 > 59)
            return date_error("zone must be +hhmm or -hhmm", scan.column());
        offset = (zone / 100) * 60 + zone % 100;
        if (sign == '-')
            offset = -offset;
    } else {
        const std::string zone = to_upper_ascii(scan.word());
        static constexpr struct {
            const char* name;
            int minutes;
        } kZones[] = {{"UT", 0},        {"GMT", 0},       {"Z", 0},         {"EST", -5 * 60},
                      {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60}, {"MST", -7 * 60},
                      {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
        bool known = zone.empty() || zone.size() == 1; // military zones mean "unknown": -0000
        for (const auto& entry : kZones) {
            if (zone == entry.name) {
                offset = entry.minutes;
                known = true;
            }
        }
        if (!known)
            return date_error("unknown time zone '" + zone + "'", scan.column());
    }
    if (!scan.at_end())
        return date_error("unexpected text after the zone", scan.column());
    const std::int64_t days = days_from_civil(year, month, static_cast<unsigned>(day));
    DateTime out;
    out.unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset * 60;
    out.tz_offset_minutes = offset;
    return out;
}

std::string make_message_id(Rng& rng, std::string_view domain) {
    char buffer[48];
    const std::uint64_t high = rng.next_u64();
    const std::uint64_t low = rng.next_u64();
    std::snprintf(buffer, sizeof buffer, "<%016llx.%08llx@", static_cast<unsigned long long>(high),
                  static_cast<unsigned long long>(low & 0xffffffffu));
    return std::string(buffer) + std::string(domain) + ">";
}

} // namespace mailsim::mail
