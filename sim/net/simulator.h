#pragma once
// The discrete-event kernel: one instance per world (never a global), time in int64
// microseconds, a binary heap keyed by (time, seq). The insertion sequence breaks ties, so
// events scheduled for the same microsecond run in the order they were scheduled and every run
// with the same inputs is the same run, on desktop and in wasm.
#include "sim/core/sim_time.h"

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace mailsim::net {

// Opaque handle: slot index in the low 32 bits, slot generation in the high 32 bits, so a
// stale handle (its event already ran or was cancelled) can never cancel a newer event.
using EventId = std::uint64_t;
inline constexpr EventId kNoEvent = ~EventId{0};

// A move-only `void()` callable that keeps captures up to 48 bytes inline. std::function keeps
// only 16 bytes inline in libstdc++, so nearly every scheduled lambda ([this, id, ...]) cost a
// heap allocation; the scheduler benchmark runs about a third faster without them.
class Callback {
public:
    Callback() = default;
    Callback(std::nullptr_t) {}
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Callback>>>
    Callback(F&& f) { // NOLINT: implicit like std::function
        using T = std::decay_t<F>;
        if constexpr (sizeof(T) <= kInline && alignof(T) <= alignof(std::max_align_t) &&
                      std::is_nothrow_move_constructible_v<T>) {
            ::new (static_cast<void*>(m_buffer)) T(std::forward<F>(f));
            m_ops = &inline_ops<T>;
        } else {
            *reinterpret_cast<T**>(m_buffer) = new T(std::forward<F>(f));
            m_ops = &heap_ops<T>;
        }
    }
    Callback(Callback&& other) noexcept { take(other); }
    Callback& operator=(Callback&& other) noexcept {
        if (this != &other) {
            reset();
            take(other);
        }
        return *this;
    }
    Callback& operator=(std::nullptr_t) {
        reset();
        return *this;
    }
    Callback(const Callback&) = delete;
    Callback& operator=(const Callback&) = delete;
    ~Callback() { reset(); }

    explicit operator bool() const { return m_ops != nullptr; }
    void operator()() { m_ops->call(m_buffer); }

private:
    static constexpr std::size_t kInline = 48;
    struct Ops {
        void (*call)(void*);
        void (*move)(void* to, void* from); // move-construct into `to`, destroy `from`
        void (*destroy)(void*);
    };
    template <class T>
    static constexpr Ops inline_ops = {[](void* p) { (*static_cast<T*>(p))(); },
                                       [](void* to, void* from) {
                                           ::new (to) T(std::move(*static_cast<T*>(from)));
                                           static_cast<T*>(from)->~T();
                                       },
                                       [](void* p) { static_cast<T*>(p)->~T(); }};
    template <class T>
    static constexpr Ops heap_ops = {
        [](void* p) { (**static_cast<T**>(p))(); },
        [](void* to, void* from) { *static_cast<T**>(to) = *static_cast<T**>(from); },
        [](void* p) { delete *static_cast<T**>(p); }};

    void take(Callback& other) {
        m_ops = other.m_ops;
        if (m_ops)
            m_ops->move(m_buffer, other.m_buffer);
        other.m_ops = nullptr;
    }
    void reset() {
        if (m_ops)
            m_ops->destroy(m_buffer);
        m_ops = nullptr;
    }

    alignas(std::max_align_t) unsigned char m_buffer[kInline];
    const Ops* m_ops = nullptr;
};

class Simulator {
public:
    SimTime now() const { return m_now; }

    // Events in the past run "now" (at the current time, after those already due).
    EventId schedule_at(SimTime when, Callback action);
    EventId schedule_in(SimTime delay, Callback action) {
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
        Callback action;
        std::uint32_t generation = 0;
        bool armed = false;
    };
    static bool later(const Entry& a, const Entry& b) {
        return a.when != b.when ? a.when > b.when : a.seq > b.seq;
    }
    void drop_dead_top();
    void compact(); // drops cancelled entries from the heap
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
