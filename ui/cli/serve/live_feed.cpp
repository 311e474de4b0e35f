#include "live_feed.h"

#include "sim/world/world.h"

namespace mailsim::serve {

LiveFeed::LiveFeed(world::World& world, std::string scenario_name, std::string scenario_text,
                   std::string title, std::size_t history)
    : m_world(world), m_name(std::move(scenario_name)), m_text(std::move(scenario_text)),
      m_title(std::move(title)), m_history(history) {
    // The world has run nothing yet (or only what restoring --state recorded, all still held):
    // its view at 0 is the scenario's, with the DNS records the world built.
    m_base = m_world.view_at(0);
    m_sent_clock = m_world.now();
}

void LiveFeed::follow(bool encode) {
    const world::Trace& trace = m_world.trace();
    if (trace.first_index() > m_next) {
        m_lost += trace.first_index() - m_next;
        m_next = trace.first_index();
    }
    for (; m_next < trace.total(); ++m_next) {
        const world::Event& event = trace[m_next - trace.first_index()];
        if (encode) {
            m_pending.push_back(m_compaction.encode(event));
        } else {
            m_followed_unencoded = true;
            m_compaction.clear(); // nobody follows; the next snapshot carries the empty table
        }
        m_recent.push_back(event);
        if (m_recent.size() > m_history) {
            const world::Event& folded = m_recent.front();
            world::apply(m_base, folded);
            if (folded.kind == world::EventKind::ConnClose)
                m_base_names.forget(folded.conn);
            else
                m_base_names.observe(folded, m_world.scenario());
            ++m_base_position;
            m_recent.pop_front();
        }
    }
}

std::shared_ptr<const std::string> LiveFeed::flush() {
    const SimTime now = m_world.now();
    if (m_pending.empty() && !m_followed_unencoded && now - m_sent_clock < kSecond)
        return nullptr;
    m_sent_clock = now;
    m_followed_unencoded = false;
    auto batch = std::make_shared<const std::string>(live::encode_events(++m_seq, now, m_pending));
    m_pending.clear();
    return batch;
}

std::string LiveFeed::snapshot(const std::string& role) const {
    live::SnapshotHeader header;
    header.title = m_title;
    header.scenario_name = m_name;
    header.scenario_text = m_text;
    header.role = role;
    header.seq = m_seq;
    header.now = m_sent_clock;
    header.sessions = m_base_names.all();
    if (m_events_json_at != m_next || m_events_json.size() != m_recent.size()) {
        m_events_json.clear();
        m_events_json.reserve(m_recent.size());
        for (const auto& event : m_recent)
            m_events_json.push_back(live::encode_event(event));
        m_events_json_at = m_next;
    }
    // Viewers resynchronised in the same moment share one encoding of the (big) view.
    if (m_view_json_at != m_base_position || m_view_json.empty()) {
        m_view_json = live::encode_view(m_base);
        m_view_json_at = m_base_position;
    }
    return live::encode_snapshot(header, m_view_json, m_base_position, m_events_json,
                                 m_compaction.table());
}

} // namespace mailsim::serve
