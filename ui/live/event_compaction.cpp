#include "event_compaction.h"

#include "ui/live/live_codec.h"

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
    Last& last = m_last[{e.conn, e.dir}];
    if (last.host != e.host)
        last.host = e.host;
    if (last.peer != e.peer)
        last.peer = e.peer;
    last.proto = e.proto;
}

std::string EventCompaction::encode(const world::Event& e) {
    const auto it = e.conn == 0 ? m_last.end() : m_last.find({e.conn, e.dir});
    const bool same = it != m_last.end() && it->second.host == e.host &&
                      it->second.peer == e.peer && it->second.proto == e.proto;
    std::string line;
    if (same) {
        world::Event shorter = e;
        shorter.host.clear();
        shorter.peer.clear();
        shorter.proto = world::Proto::None;
        line = encode_event(shorter);
        line.insert(line.size() - 1, ",\"same\":1");
    } else {
        line = encode_event(e);
    }
    // The index goes too: a viewer numbers the events it folds itself (Trace::add).
    if (line.rfind("{\"index\":", 0) == 0)
        line.erase(1, line.find(','));
    remember(e);
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
