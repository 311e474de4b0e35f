#include "simulator.h"

#include <algorithm>

namespace mailsim::net {

EventId Simulator::schedule_at(SimTime when, Callback action) {
    if (when < m_now)
        when = m_now;
    std::uint32_t slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_slots.size());
        m_slots.emplace_back();
    }
    Slot& s = m_slots[slot];
    s.action = std::move(action);
    s.armed = true;
    m_heap.push_back(Entry{when, m_seq++, slot, s.generation});
    std::push_heap(m_heap.begin(), m_heap.end(), later);
    ++m_live;
    return (static_cast<EventId>(s.generation) << 32) | slot;
}

bool Simulator::is_pending(EventId id) const {
    const auto slot = static_cast<std::uint32_t>(id & 0xffffffffu);
    const auto generation = static_cast<std::uint32_t>(id >> 32);
    return slot < m_slots.size() && m_slots[slot].armed && m_slots[slot].generation == generation;
}

bool Simulator::cancel(EventId id) {
    if (!is_pending(id))
        return false;
    // The heap entry stays; its generation no longer matches once the slot is released, so
    // dispatch skips it. That keeps cancel O(1).
    release(static_cast<std::uint32_t>(id & 0xffffffffu));
    --m_live;
    // Timeouts are re-armed on every command (cancel, schedule): their dead entries would pile
    // up until their far-off time came round (a server under load: millions of them, and every
    // push and pop paying for the deeper heap). Once most of the heap is dead, rebuild it from
    // the live entries: O(n) now and then, amortised O(1) per cancel. Order is unchanged:
    // (when, seq) is a total order, whatever the heap's shape.
    if (m_heap.size() > 1024 && m_heap.size() > 4 * m_live)
        compact();
    return true;
}

void Simulator::compact() {
    m_heap.erase(std::remove_if(m_heap.begin(), m_heap.end(),
                                [this](const Entry& e) {
                                    const Slot& s = m_slots[e.slot];
                                    return !s.armed || s.generation != e.generation;
                                }),
                 m_heap.end());
    std::make_heap(m_heap.begin(), m_heap.end(), later);
}

void Simulator::release(std::uint32_t slot) {
    Slot& s = m_slots[slot];
    s.action = nullptr;
    s.armed = false;
    ++s.generation;
    m_free.push_back(slot);
}

void Simulator::drop_dead_top() {
    while (!m_heap.empty()) {
        const Entry& top = m_heap.front();
        const Slot& s = m_slots[top.slot];
        if (s.armed && s.generation == top.generation)
            return;
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        m_heap.pop_back();
    }
}

SimTime Simulator::next_time() {
    drop_dead_top();
    return m_heap.empty() ? -1 : m_heap.front().when;
}

bool Simulator::step() {
    drop_dead_top();
    if (m_heap.empty())
        return false;
    const Entry top = m_heap.front();
    std::pop_heap(m_heap.begin(), m_heap.end(), later);
    m_heap.pop_back();
    Callback action = std::move(m_slots[top.slot].action);
    release(top.slot);
    --m_live;
    m_now = top.when;
    ++m_dispatched;
    action();
    return true;
}

void Simulator::run_until(SimTime until) {
    for (;;) {
        const SimTime next = next_time();
        if (next < 0 || next > until)
            break;
        step();
    }
    if (until > m_now)
        m_now = until;
}

std::uint64_t Simulator::run(std::uint64_t max_events) {
    std::uint64_t count = 0;
    while (count < max_events && step())
        ++count;
    return count;
}

} // namespace mailsim::net
