#include "sim/trace/trace.h"

#include "sim/core/json_quote.h"
#include "sim/trace/json_line.h"

#include <algorithm>
#include <array>

namespace mailsim::trace {

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

void Trace::set_byte_budget(std::size_t bytes) {
    m_byte_budget = bytes;
    settle();
}

namespace {

// Every text field of an event: its memory beyond the struct.
template <class E>
auto text_fields(E& e) {
    return std::array{&e.host, &e.peer, &e.text,    &e.verb,     &e.key,    &e.msg_id, &e.from,
                      &e.rcpt, &e.user, &e.mailbox, &e.queue_id, &e.reason, &e.state};
}

std::size_t event_bytes(const Event& e) {
    std::size_t bytes = sizeof(Event);
    for (const std::string* field : text_fields(e))
        bytes += field->size();
    return bytes;
}

// Keeps the first `keep` bytes of an overlong field (not cutting a UTF-8 sequence) and says
// how many went.
void clip(std::string& field, std::size_t keep) {
    if (field.size() <= keep)
        return;
    while (keep > 0 && (static_cast<unsigned char>(field[keep]) & 0xc0) == 0x80)
        --keep;
    const std::size_t dropped = field.size() - keep;
    field.resize(keep);
    field += "... (" + std::to_string(dropped) + " more bytes not kept)";
    field.shrink_to_fit();
}

} // namespace

void Trace::uncount_front(std::size_t count) {
    for (std::size_t i = 0; i < count && i < m_counted; ++i)
        m_held_bytes -= std::min(m_held_bytes, event_bytes(m_events[i]));
    m_counted -= std::min(count, m_counted);
}

void Trace::settle() {
    if (m_byte_budget == 0)
        return;
    const std::size_t longest_field = std::max<std::size_t>(m_byte_budget / 8, 256);
    for (; m_counted < m_events.size(); ++m_counted) {
        Event& e = m_events[m_counted];
        for (std::string* field : text_fields(e))
            clip(*field, longest_field);
        m_held_bytes += event_bytes(e);
    }
    if (m_held_bytes <= m_byte_budget)
        return;
    // Down to half the budget: dropping in batches measures each event about twice in all.
    std::size_t drop = 0;
    std::size_t held = m_held_bytes;
    while (drop < m_events.size() && held > m_byte_budget / 2)
        held -= std::min(held, event_bytes(m_events[drop++]));
    uncount_front(drop);
    m_events.erase_front(drop);
    m_first += drop;
}

void Trace::make_room() {
    // Before adding, never after: a reference returned by emplace() stays valid until the
    // next event is added, as documented.
    settle();
    if (m_window == 0 || m_events.size() < 2 * m_window)
        return;
    const std::size_t drop = m_events.size() - m_window;
    uncount_front(drop);
    m_events.erase_front(drop);
    m_first += drop;
    // Messages go with their events: what the window keeps is all that can be shown.
    const auto kept = std::find_if(m_messages.begin(), m_messages.end(),
                                   [&](const auto& m) { return m.first >= m_first; });
    m_messages.erase(m_messages.begin(), kept);
}

void Trace::keep_message(std::uint64_t event_index, ByteView bytes) {
    if (!m_keep_messages)
        return;
    m_messages.emplace_back(event_index, Bytes(bytes));
}

const Bytes* Trace::message_at(std::uint64_t event_index) const {
    auto found =
        std::lower_bound(m_messages.begin(), m_messages.end(), event_index,
                         [](const auto& m, std::uint64_t index) { return m.first < index; });
    return found != m_messages.end() && found->first == event_index ? &found->second : nullptr;
}

void Trace::truncate(std::size_t size) {
    size = std::max(size, m_first) - m_first; // position in the events held
    if (size >= m_events.size())
        return;
    const SimTime cut = m_events[size].t;
    for (std::size_t i = size; i < m_counted; ++i)
        m_held_bytes -= std::min(m_held_bytes, event_bytes(m_events[i]));
    m_counted = std::min(m_counted, size);
    m_events.resize(size);
    while (!m_messages.empty() && m_messages.back().first >= m_first + size)
        m_messages.pop_back();
    while (!m_packets.empty() && m_packets.back().t >= cut)
        m_packets.pop_back();
}

namespace {

// "12.5" style seconds, appended (the live stream writes one per event).
void append_seconds(std::string& out, SimTime t) {
    if (t < 0) {
        out += '-';
        t = -t;
    }
    append_json_number(out, t / kSecond);
    std::int64_t frac = t % kSecond;
    if (frac == 0)
        return;
    char fraction[6];
    for (int i = 5; i >= 0; --i, frac /= 10)
        fraction[i] = static_cast<char>('0' + frac % 10);
    std::size_t n = 6;
    while (fraction[n - 1] == '0')
        --n;
    out += '.';
    out.append(fraction, n);
}

void add_string(std::string& out, std::string_view name, std::string_view value) {
    if (value.empty())
        return;
    out += ",\"";
    out += name;
    out += "\":";
    append_json_quoted(out, value);
}

void add_number(std::string& out, std::string_view name, std::int64_t value) {
    if (value == 0)
        return;
    out += ",\"";
    out += name;
    out += "\":";
    append_json_number(out, value);
}

} // namespace

std::string format_seconds(SimTime t) {
    std::string out;
    append_seconds(out, t);
    return out;
}

void append_json_line(std::string& out, const Event& e, JsonLineParts parts) {
    out += '{';
    if (parts.index) {
        out += "\"index\":";
        append_json_number(out, e.index);
        out += ',';
    }
    out += "\"t\":";
    append_seconds(out, e.t);
    out += ",\"kind\":";
    append_json_quoted(out, to_string(e.kind));
    if (parts.place) {
        add_string(out, "host", e.host);
        add_string(out, "peer", e.peer);
    }
    add_number(out, "conn", static_cast<std::int64_t>(e.conn));
    if (parts.place)
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
    add_string(out, "queue_id", e.queue_id);
    add_string(out, "reason", e.reason);
    add_string(out, "state", e.state);
    add_number(out, "number", e.number);
    out += '}';
}

std::string to_json_line(const Event& e) {
    std::string out;
    append_json_line(out, e);
    return out;
}

} // namespace mailsim::trace
