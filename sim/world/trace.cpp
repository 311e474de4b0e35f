#include "trace.h"

#include "sim/core/json_quote.h"

#include <algorithm>
#include <cstdio>

namespace mailsim::world {

std::uint64_t Trace::add(Event&& event) {
    make_room();
    event.index = total();
    m_events.push_back(std::move(event));
    return m_events.back().index;
}

Event& Trace::emplace() {
    make_room();
    Event& event = m_events.emplace_back();
    event.index = total() - 1;
    return event;
}

void Trace::set_window(std::size_t events) {
    m_window = events;
    make_room();
}

void Trace::make_room() {
    // Before adding, never after: a reference returned by emplace() stays valid until the
    // next event is added, as documented.
    if (m_window == 0 || m_events.size() < 2 * m_window)
        return;
    const std::size_t drop = m_events.size() - m_window;
    m_events.erase_front(drop);
    m_first += drop;
}

void Trace::truncate(std::size_t size) {
    size = std::max(size, m_first) - m_first; // position in the events held
    if (size >= m_events.size())
        return;
    const SimTime cut = m_events[size].t;
    m_events.resize(size);
    while (!m_packets.empty() && m_packets.back().t >= cut)
        m_packets.pop_back();
}

std::string format_seconds(SimTime t) {
    std::string out;
    if (t < 0) {
        out += '-';
        t = -t;
    }
    out += std::to_string(t / kSecond);
    std::int64_t frac = t % kSecond;
    if (frac == 0)
        return out;
    char digits[8];
    std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(frac));
    std::string_view view(digits, 6);
    while (!view.empty() && view.back() == '0')
        view.remove_suffix(1);
    out += '.';
    out += view;
    return out;
}

namespace {

void add_string(std::string& out, std::string_view name, std::string_view value) {
    if (value.empty())
        return;
    out += ",\"";
    out += name;
    out += "\":";
    out += json_quote(value);
}

void add_number(std::string& out, std::string_view name, std::int64_t value) {
    if (value == 0)
        return;
    out += ",\"";
    out += name;
    out += "\":";
    out += std::to_string(value);
}

} // namespace

std::string to_json_line(const Event& e) {
    std::string out = "{\"index\":" + std::to_string(e.index) + ",\"t\":" + format_seconds(e.t) +
                      ",\"kind\":" + json_quote(to_string(e.kind));
    add_string(out, "host", e.host);
    add_string(out, "peer", e.peer);
    add_number(out, "conn", static_cast<std::int64_t>(e.conn));
    add_string(out, "proto", to_string(e.proto));
    add_string(out, "dir", to_string(e.dir));
    add_string(out, "text", e.text);
    add_string(out, "verb", e.verb);
    add_number(out, "code", e.code);
    add_string(out, "key", e.key);
    add_string(out, "msg_id", e.msg_id);
    add_string(out, "from", e.from);
    add_string(out, "rcpt", e.rcpt);
    add_string(out, "user", e.user);
    add_string(out, "mailbox", e.mailbox);
    add_string(out, "reason", e.reason);
    add_string(out, "state", e.state);
    add_number(out, "number", e.number);
    out += '}';
    return out;
}

} // namespace mailsim::world
