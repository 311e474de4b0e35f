#pragma once
// The live stream's events, smaller: the events of one connection in one direction nearly all
// name the same host, peer and protocol (a message's 20 data lines, an SMTP session's replies),
// about 70 of an event's 200 bytes. An event that repeats the last ones of its connection and
// direction says "same":1 instead of them; both ends keep the same table (the server while it
// encodes each event once, a viewer while it folds the batches in order), a snapshot carries
// the server's table as it stands after the snapshot's last batch, and a connection's entries
// go when it closes. 30 viewers x 2,000 messages was 400 MB of stream before (bench_live.py).
#include "sim/core/result.h"
#include "sim/trace/event.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mailsim::live {

struct CompactionEntry {
    world::ConnId conn = 0;
    world::Direction dir = world::Direction::None;
    std::string host, peer;
    world::Proto proto = world::Proto::None;
};

class EventCompaction {
public:
    // The event as a batch sends it: encode_event's JSON without the index (a viewer numbers
    // what it folds), and with "same":1 in place of host, peer and proto when they repeat;
    // the table then holds this event's.
    std::string encode(const world::Event& event);
    // The same, appended to `out` (a batch written in place, without a string per event).
    void encode_into(std::string& out, const world::Event& event);
    // A received event: fills in what "same" left out, then keeps the event's in the table.
    // An Error when the table has nothing for it (a stream out of step).
    Status expand(world::Event& event, bool same);
    void clear() { m_last.clear(); }
    std::vector<CompactionEntry> table() const;
    void load(const std::vector<CompactionEntry>& table);

private:
    struct Last {
        std::string host, peer;
        world::Proto proto = world::Proto::None;
    };
    void remember(const world::Event& event);
    void remember(Last& last, const world::Event& event);
    std::map<std::pair<world::ConnId, world::Direction>, Last> m_last;
};

} // namespace mailsim::live
