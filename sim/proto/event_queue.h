#pragma once
// The queue of events an engine has produced and its caller has not pulled yet. A std::deque
// of the engines' ~200-byte event variants allocated a block every couple of events; this
// keeps one buffer that is reused once the caller has drained it, which it does after every
// feed, so a long session allocates nothing here after its first commands.
#include <cstddef>
#include <utility>
#include <vector>

namespace mailsim {

template <typename Event>
class EventQueue {
public:
    bool empty() const { return m_head == m_items.size(); }
    std::size_t size() const { return m_items.size() - m_head; }
    void push_back(Event event) { m_items.push_back(std::move(event)); }
    // Moves the oldest event out.
    Event take_front() {
        Event event = std::move(m_items[m_head]);
        if (++m_head == m_items.size()) {
            m_items.clear(); // keeps the capacity for the next batch
            m_head = 0;
        }
        return event;
    }

private:
    std::vector<Event> m_items;
    std::size_t m_head = 0;
};

} // namespace mailsim
