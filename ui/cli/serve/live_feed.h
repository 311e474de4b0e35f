#pragma once
// The serve side of the live stream (ui/live/live_codec.h, docs/sections/live.md): takes the
// served world's events and turns them into messages, encoded once however many viewers read
// them. No sockets (web_server.h sends) and no world: the serve loop's thread only copies the
// new events out of the trace (TraceFollower) and hands them over; the feed runs on the web
// thread, which otherwise idles, so encoding, folding and snapshots cost the loop nothing.
//
// A viewer joining late gets a snapshot: the view a little in the past (folded here, event by
// event, since the world's own trace keeps only a window) and the latest events after it, so
// even a new viewer can step back through the last few hundred events.
#include "ui/live/live_codec.h"
#include "ui/live/session_names.h"

#include "sim/world/scenario.h"
#include "sim/world/world_view.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace mailsim::world {
class World;
}

namespace mailsim::serve {

// On the serve loop's thread, after every round: the events a trace recorded since the last
// call, before its window can drop them.
class TraceFollower {
public:
    // Appends copies of the new events to `out`; returns how many the trace's window dropped
    // before they were read (a window far too small for one round).
    std::uint64_t take(const world::Trace& trace, std::vector<world::Event>& out);
    // Goes past the new events without copying them; returns how many were passed (and
    // dropped).
    std::uint64_t skip(const world::Trace& trace);

private:
    std::uint64_t m_next = 0; // trace index of the next event to take
};

class LiveFeed {
public:
    // Starts from `world` as it stands now (read on the caller's thread; the feed keeps no
    // reference to it). `scenario_text` and `scenario_name` go into every snapshot (the viewer
    // builds its forms from them); `history` = events a snapshot carries after its view.
    LiveFeed(world::World& world, std::string scenario_name, std::string scenario_text,
             std::string title, std::size_t history = 500);

    // The events the world recorded next (TraceFollower), up to its clock `now`; `encode`
    // (someone follows) keeps them for the next batch. `lost`: events dropped before them.
    void add(std::vector<world::Event>& events, SimTime now, bool encode, std::uint64_t lost = 0);
    // The events added since the last batch as the next batch, or nullptr when there were
    // none and the clock moved less than a second (viewers see the clock tick that often).
    // Called a few times a second, not per round: a burst of rounds becomes one message per
    // viewer instead of hundreds.
    std::shared_ptr<const std::string> flush();
    // Everything a new (or resynchronising) viewer needs, up to the last batch flushed.
    // Flush first: the snapshot says which batch it includes.
    std::string snapshot(const std::string& role) const;

    std::uint64_t seq() const { return m_seq; }
    // Events the world's trace dropped before they were followed: the stream went on
    // without them.
    std::uint64_t lost() const { return m_lost; }
    const world::WorldView& base_view() const { return m_base; }

private:
    world::Scenario m_scenario; // names the accounts (as the snapshot's scenario text does)
    std::string m_name, m_text, m_title;
    std::size_t m_history;
    world::WorldView m_base; // the view after m_base_position events of the run
    std::uint64_t m_base_position = 0;
    std::deque<world::Event> m_recent;  // the events after m_base, at most m_history of them
    live::SessionNames m_base_names;    // the named sessions open in m_base
    live::EventCompaction m_compaction; // what the viewers' tables hold after the last batch
    std::string m_pending;              // the next batch's events, encoded, joined by commas
    mutable std::string m_view_json;    // m_base encoded, when it was at m_view_json_at
    mutable std::uint64_t m_view_json_at = 0;
    mutable std::vector<std::string> m_events_json; // m_recent encoded, when m_added was at
    mutable std::uint64_t m_events_json_at = 0;     // m_events_json_at
    bool m_added_unencoded = false; // events went by without a viewer: bump the batch number
    std::uint64_t m_added = 0;      // events added (and lost) so far
    std::uint64_t m_seq = 0;
    std::uint64_t m_lost = 0;
    SimTime m_now = 0;
    SimTime m_sent_clock = 0;
};

} // namespace mailsim::serve
