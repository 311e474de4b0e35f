#include "live_feed.h"

#include "sim/world/world.h"

#include <algorithm>

namespace mailsim::serve {

std::uint64_t TraceFollower::take(const world::Trace& trace, std::vector<world::Event>& out) {
    std::uint64_t lost = 0;
    if (trace.first_index() > m_next) {
        lost = trace.first_index() - m_next;
        m_next = trace.first_index();
    }
    for (; m_next < trace.total(); ++m_next)
        out.push_back(trace[m_next - trace.first_index()]);
    return lost;
}

std::uint64_t TraceFollower::skip(const world::Trace& trace) {
    const std::uint64_t passed = trace.total() > m_next ? trace.total() - m_next : 0;
    m_next = trace.total();
    return passed;
}

LiveFeed::LiveFeed(world::World& world, std::string scenario_name, std::string scenario_text,
                   std::string title, std::size_t history)
    : m_scenario(world.scenario()), m_name(std::move(scenario_name)),
      m_text(std::move(scenario_text)), m_title(std::move(title)), m_history(history) {
    // The world has run nothing yet (or only what restoring --state recorded, all still held):
    // its view at 0 is the scenario's, with the DNS records the world built.
    m_base = world.view_at(0);
    m_now = m_sent_clock = world.now();
}

void LiveFeed::add(std::vector<world::Event>& events, SimTime now, bool encode,
                   std::uint64_t lost) {
    m_lost += lost;
    m_added += lost;
    m_now = std::max(m_now, now);
    for (auto& event : events) {
        ++m_added;
        if (encode) {
            // Written straight into the next batch: one buffer for all of it, shared by every
            // viewer (web_server.cpp sends the same bytes to each).
            if (!m_pending.empty())
                m_pending += ',';
            m_compaction.encode_into(m_pending, event);
        } else {
            m_added_unencoded = true;
            m_compaction.clear(); // nobody follows; the next snapshot carries the empty table
        }
        m_recent.push_back(std::move(event));
        if (m_recent.size() > m_history) {
            const world::Event& folded = m_recent.front();
            world::apply(m_base, folded);
            if (folded.kind == world::EventKind::ConnClose)
                m_base_names.forget(folded.conn);
            else
                m_base_names.observe(folded, m_scenario);
            ++m_base_position;
            m_recent.pop_front();
        }
    }
    events.clear();
}

std::shared_ptr<const std::string> LiveFeed::flush() {
    if (m_pending.empty() && !m_added_unencoded && m_now - m_sent_clock < kSecond)
        return nullptr;
    m_sent_clock = m_now;
    m_added_unencoded = false;
    auto batch =
        std::make_shared<const std::string>(live::encode_events(++m_seq, m_now, m_pending));
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
    if (m_events_json_at != m_added || m_events_json.size() != m_recent.size()) {
        m_events_json.clear();
        m_events_json.reserve(m_recent.size());
        for (const auto& event : m_recent)
            m_events_json.push_back(live::encode_event(event));
        m_events_json_at = m_added;
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
