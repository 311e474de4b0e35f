#pragma once
// The trace's event storage: a sequence of events kept in fixed-size chunks. Appending never
// moves the events already recorded (a vector of ~450-byte events moved every one of them on
// each growth: about a tenth of a whole run's time), references stay valid until the event is
// dropped, and dropping the oldest events (a serve window) frees whole chunks. Chunks are raw
// memory, events are built in them as they are recorded: a short lesson's trace touches only
// the pages it fills.
#include "sim/trace/event.h"

#include <cstddef>
#include <iterator>
#include <vector>

namespace mailsim::trace {

class EventList {
public:
    EventList() = default;
    explicit EventList(std::size_t count) { resize(count); }
    EventList(EventList&& other) noexcept { swap(other); }
    EventList& operator=(EventList&& other) noexcept {
        EventList(std::move(other)).swap(*this);
        return *this;
    }
    EventList(const EventList& other) { *this = other; }
    EventList& operator=(const EventList& other);
    ~EventList();
    void swap(EventList& other) noexcept;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    const Event& operator[](std::size_t i) const { return slot(i); }
    Event& operator[](std::size_t i) { return slot(i); }
    const Event& front() const { return slot(0); }
    const Event& back() const { return slot(m_size - 1); }
    Event& back() { return slot(m_size - 1); }

    Event& emplace_back();
    void push_back(Event&& event) { emplace_back() = std::move(event); }
    void push_back(const Event& event) { emplace_back() = event; }
    // Grows with default events or drops events at the end.
    void resize(std::size_t count);
    // Drops the first `count` events; chunks left empty are freed (one is kept for reuse).
    void erase_front(std::size_t count);
    void clear();

    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Event;
        using difference_type = std::ptrdiff_t;
        using pointer = const Event*;
        using reference = const Event&;

        const_iterator() = default;
        const_iterator(const EventList* list, std::size_t i) : m_list(list), m_i(i) {}
        reference operator*() const { return (*m_list)[m_i]; }
        pointer operator->() const { return &(*m_list)[m_i]; }
        reference operator[](difference_type n) const { return (*m_list)[at(n)]; }
        const_iterator& operator++() { return ++m_i, *this; }
        const_iterator operator++(int) { return {m_list, m_i++}; }
        const_iterator& operator--() { return --m_i, *this; }
        const_iterator operator--(int) { return {m_list, m_i--}; }
        const_iterator& operator+=(difference_type n) { return m_i = at(n), *this; }
        const_iterator& operator-=(difference_type n) { return m_i = at(-n), *this; }
        friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
        friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
        friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return static_cast<difference_type>(a.m_i) - static_cast<difference_type>(b.m_i);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.m_i == b.m_i;
        }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) {
            return a.m_i <=> b.m_i;
        }

    private:
        std::size_t at(difference_type n) const {
            return static_cast<std::size_t>(static_cast<difference_type>(m_i) + n);
        }
        const EventList* m_list = nullptr;
        std::size_t m_i = 0;
    };

    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

private:
    static constexpr std::size_t kChunkShift = 10; // 1,024 events (~460 KiB) per chunk
    static constexpr std::size_t kChunk = std::size_t{1} << kChunkShift;

    Event& slot(std::size_t i) const {
        const std::size_t at = m_skip + i;
        return m_chunks[at >> kChunkShift][at & (kChunk - 1)];
    }
    Event* take_chunk();                // the spare one, or a new one
    void give_back_chunk(Event* chunk); // kept as the spare, or freed
    static Event* allocate_chunk();
    static void free_chunk(Event* chunk);
    void drop_chunks_from(std::size_t first);

    std::vector<Event*> m_chunks;
    // One emptied chunk kept for the next: a windowed trace (serve) drops a chunk from the
    // front as often as it starts one at the back, and mapping a fresh one each time cost a
    // page fault per 4 KiB all over again.
    Event* m_spare = nullptr;
    std::size_t m_skip = 0; // dropped slots at the start of the first chunk
    std::size_t m_size = 0;
};

} // namespace mailsim::trace

// The world's names for the trace vocabulary: the UI, the lessons and the tests wrote
// world::Event, world::Proto, ... before the trace had a layer of its own, and these aliases
// save rewriting them all. Code below the world (net, agents) says trace::.
namespace mailsim::world {
using trace::EventList;
} // namespace mailsim::world
