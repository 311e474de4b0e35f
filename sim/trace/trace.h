#pragma once
// The ordered record of a run: events (what the UI animates and lessons match), the TCP
// segments behind them (what the pcap writer dumps) and the bytes of each message as it was
// queued (what the inspector shows for a queue entry). Append-only while the world runs.
#include "sim/core/bytes.h"
#include "sim/trace/event.h"
#include "sim/trace/event_list.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace mailsim::trace {

enum TcpFlags : std::uint8_t {
    kTcpFin = 0x01,
    kTcpSyn = 0x02,
    kTcpRst = 0x04,
    kTcpPsh = 0x08,
    kTcpAck = 0x10,
};

// One TCP segment as it arrived at its receiver (lost copies are not captured).
struct Packet {
    SimTime t = 0;
    std::uint32_t src_ip = 0, dst_ip = 0;
    std::uint16_t src_port = 0, dst_port = 0;
    std::uint32_t seq = 0, ack = 0;
    std::uint8_t flags = 0;
    Bytes payload;
};

class Trace {
public:
    // Assigns the index; returns it. By rvalue: an Event is a dozen strings, moved once, into
    // place.
    std::uint64_t add(Event&& event);
    std::uint64_t add(const Event& event) { return add(Event(event)); }
    // A new default event at the end of the trace, index assigned, for the caller to fill in
    // place (the per-line recorders: saves moving a dozen strings per event). Stays valid while
    // the event is held (see EventList).
    Event& emplace();
    void add_packet(Packet packet) { m_packets.push_back(std::move(packet)); }

    // The events held: all of them, or with a window only the latest (events()[0] is then
    // the event with index first_index()).
    const EventList& events() const { return m_events; }
    const std::vector<Packet>& packets() const { return m_packets; }
    std::size_t size() const { return m_events.size(); }
    const Event& operator[](std::size_t i) const { return m_events[i]; }

    // A long-running server (`mailsim serve`) keeps a window instead of the whole run: at least
    // the last `events` events, at most twice as many (older ones are dropped in batches, so
    // each event is moved about once). 0 = keep everything (the default: `mailsim run`, the UI,
    // seeking and rewinding need the whole trace). Event::index stays the position in the
    // whole run.
    void set_window(std::size_t events);
    std::size_t window() const { return m_window; }
    // At most `bytes` of event memory (the events and their text): a few
    // overlong lines (a client sending a 20 MB "command") cannot make the window hold
    // megabytes. The budget wins over the event count; a text longer than an eighth of it is
    // cut to its first bytes (with how many were not kept). 0 = no byte limit.
    void set_byte_budget(std::size_t bytes);
    std::size_t byte_budget() const { return m_byte_budget; }
    // Event memory held by the events counted so far: the latest event is counted before the
    // next one is recorded, or by settle().
    std::size_t held_bytes() const { return m_held_bytes; }
    // Counts the events recorded since the last count and drops the oldest down to the byte
    // budget. Runs before each new event; a caller that wants the bound to hold now (the serve
    // loop, after each round) calls it too.
    void settle();
    // Index of events()[0]: how many events were dropped so far.
    std::size_t first_index() const { return m_first; }
    // Events recorded in the whole run, dropped ones included.
    std::size_t total() const { return m_first + m_events.size(); }

    // Packets are kept only when asked (a pcap is wanted): a stress run need not hold them.
    void set_keep_packets(bool keep) { m_keep_packets = keep; }
    bool keep_packets() const { return m_keep_packets; }

    // The bytes an MTA put in its queue, kept beside the `queued` event (index) that put them
    // there, so a queue entry can be opened at any position in time without the live spool
    // (which only knows the present). Kept only when asked (the UI does): a batch run or a
    // server need not hold a second copy of every message.
    void set_keep_messages(bool keep) { m_keep_messages = keep; }
    bool keep_messages() const { return m_keep_messages; }
    void keep_message(std::uint64_t event_index, ByteView bytes);
    // The bytes kept for that event, or nullptr (none kept, or dropped with the window).
    const Bytes* message_at(std::uint64_t event_index) const;

    // Drops everything after `size` events of the run (re-simulation after an injected action).
    void truncate(std::size_t size);

private:
    void make_room();
    void uncount_front(std::size_t count); // before the first `count` events are dropped

    EventList m_events;
    std::size_t m_window = 0;
    std::size_t m_first = 0;
    std::size_t m_byte_budget = 0;
    std::size_t m_held_bytes = 0;
    std::size_t m_counted = 0; // events()[0, m_counted) are in m_held_bytes
    std::vector<Packet> m_packets;
    bool m_keep_packets = true;
    // (queued event index, bytes), in index order: indexes only grow, so appending keeps it
    // sorted and truncate() pops from the back.
    std::vector<std::pair<std::uint64_t, Bytes>> m_messages;
    bool m_keep_messages = false;
};

// "12.5" style seconds from microseconds, exact (integer arithmetic, no float formatting).
std::string format_seconds(SimTime t);
// One line of the JSON Lines trace, without the newline.
std::string to_json_line(const Event& event);

} // namespace mailsim::trace

// The world's names for the trace vocabulary: the UI, the lessons and the tests wrote
// world::Event, world::Proto, ... before the trace had a layer of its own, and these aliases
// save rewriting them all. Code below the world (net, agents) says trace::.
namespace mailsim::world {
using trace::format_seconds;
using trace::kTcpAck;
using trace::kTcpFin;
using trace::kTcpPsh;
using trace::kTcpRst;
using trace::kTcpSyn;
using trace::Packet;
using trace::TcpFlags;
using trace::to_json_line;
using trace::Trace;
} // namespace mailsim::world
