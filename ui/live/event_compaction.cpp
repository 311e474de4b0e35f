#include "event_compaction.h"

#include "ui/live/live_codec.h"

#include "sim/mail/charset.h"
#include "sim/trace/json_line.h"

namespace mailsim::live {

void EventCompaction::remember(const world::Event& e) {
    if (e.conn == 0)
        return;
    if (e.kind == world::EventKind::ConnClose) {
        // Whatever this connection still records (a late FIN) goes out in full.
        m_last.erase(m_last.lower_bound({e.conn, world::Direction::None}),
                     m_last.upper_bound({e.conn, world::Direction::S2C}));
        return;
    }
    remember(m_last[{e.conn, e.dir}], e);
}

void EventCompaction::remember(Last& last, const world::Event& e) {
    if (last.host != e.host)
        last.host = e.host;
    if (last.peer != e.peer)
        last.peer = e.peer;
    last.proto = e.proto;
}

void EventCompaction::encode_into(std::string& out, const world::Event& e) {
    const auto it = e.conn == 0 ? m_last.end() : m_last.find({e.conn, e.dir});
    const bool same = it != m_last.end() && it->second.host == e.host &&
                      it->second.peer == e.peer && it->second.proto == e.proto;
    const std::size_t begin = out.size();
    // The index goes too: a viewer numbers the events it folds itself (Trace::add).
    trace::append_json_line(out, e, {.index = false, .place = !same});
    if (same) {
        out.pop_back();
        out += ",\"same\":1}";
    }
    // A client's 8-bit bytes: a WebSocket text message and the browser's JSON parser take
    // nothing but UTF-8 (encode_event's rule, for this event's part of the batch).
    const std::string_view written = std::string_view(out).substr(begin);
    if (!mail::is_valid_utf8(written)) {
        const std::string valid = mail::sanitize_utf8(written);
        out.resize(begin);
        out += valid;
    }
    if (e.kind == world::EventKind::ConnClose || e.conn == 0)
        remember(e);
    else if (it != m_last.end())
        remember(it->second, e);
    else
        remember(m_last[{e.conn, e.dir}], e);
}

std::string EventCompaction::encode(const world::Event& e) {
    std::string line;
    encode_into(line, e);
    return line;
}

Status EventCompaction::expand(world::Event& e, bool same) {
    if (same) {
        const auto it = m_last.find({e.conn, e.dir});
        if (it == m_last.end())
            return make_error("live stream: an event repeats a connection this viewer does not "
                              "know (#" +
                              std::to_string(e.conn) + ")");
        e.host = it->second.host;
        e.peer = it->second.peer;
        e.proto = it->second.proto;
    }
    remember(e);
    return Ok{};
}

std::vector<CompactionEntry> EventCompaction::table() const {
    std::vector<CompactionEntry> out;
    out.reserve(m_last.size());
    for (const auto& [key, last] : m_last)
        out.push_back({key.first, key.second, last.host, last.peer, last.proto});
    return out;
}

void EventCompaction::load(const std::vector<CompactionEntry>& table) {
    m_last.clear();
    for (const auto& entry : table)
        m_last[{entry.conn, entry.dir}] = Last{entry.host, entry.peer, entry.proto};
}

} // namespace mailsim::live
