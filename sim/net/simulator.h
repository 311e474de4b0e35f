#pragma once
// The discrete-event kernel: one instance per world (never a global), time in int64
// microseconds, a binary heap keyed by (time, seq). The insertion sequence breaks ties, so
// events scheduled for the same microsecond run in the order they were scheduled and every run
// with the same inputs is the same run, on desktop and in wasm.
#include "sim/core/sim_time.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace mailsim::net {

// Opaque handle: slot index in the low 32 bits, slot generation in the high 32 bits, so a
// stale handle (its event already ran or was cancelled) can never cancel a newer event.
using EventId = std::uint64_t;
inline constexpr EventId kNoEvent = ~EventId{0};

class Simulator {
public:
    using Action = std::function<void()>;

    SimTime now() const { return m_now; }

    // Events in the past run "now" (at the current time, after those already due).
    EventId schedule_at(SimTime when, Action action);
    EventId schedule_in(SimTime delay, Action action) {
        return schedule_at(m_now + delay, std::move(action));
    }
    // True when the event was still pending; cancelled events are skipped at dispatch.
    bool cancel(EventId id);
    bool is_pending(EventId id) const;

    // Runs the next pending event; false when none is left.
    bool step();
    // Runs every event due at or before `until`, then leaves the clock at `until`.
    void run_until(SimTime until);
    // Runs until nothing is left or `max_events` ran; returns how many ran.
    std::uint64_t run(std::uint64_t max_events = ~std::uint64_t{0});

    bool empty() const { return m_live == 0; }
    std::size_t pending() const { return m_live; }
    // Time of the next pending event, or -1 when none.
    SimTime next_time();
    std::uint64_t dispatched() const { return m_dispatched; }

private:
    struct Entry {
        SimTime when;
        std::uint64_t seq;
        std::uint32_t slot;
        std::uint32_t generation;
    };
    struct Slot {
        Action action;
        std::uint32_t generation = 0;
        bool armed = false;
    };
    static bool later(const Entry& a, const Entry& b) {
        return a.when != b.when ? a.when > b.when : a.seq > b.seq;
    }
    void drop_dead_top();
    void release(std::uint32_t slot);

    SimTime m_now = 0;
    std::uint64_t m_seq = 0;
    std::uint64_t m_dispatched = 0;
    std::size_t m_live = 0;
    std::vector<Entry> m_heap;
    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_free;
};

} // namespace mailsim::net
