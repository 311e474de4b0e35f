#include "event_list.h"

namespace mailsim::world {

// Every slot past the end holds a default Event (chunks are created that way and dropped slots
// are reset), so emplace_back() can hand out the next slot as it is.

EventList& EventList::operator=(const EventList& other) {
    if (this == &other)
        return *this;
    clear();
    for (const Event& event : other)
        push_back(event);
    return *this;
}

Event& EventList::emplace_back() {
    const std::size_t at = m_skip + m_size;
    if ((at >> kChunkShift) == m_chunks.size())
        m_chunks.push_back(std::make_unique<Event[]>(kChunk));
    ++m_size;
    return slot(m_size - 1);
}

void EventList::resize(std::size_t count) {
    while (m_size < count)
        emplace_back();
    if (count >= m_size)
        return;
    for (std::size_t i = count; i < m_size; ++i)
        slot(i) = Event{};
    m_size = count;
    const std::size_t used = m_skip + m_size;
    const std::size_t chunks = (used + kChunk - 1) >> kChunkShift;
    if (m_size == 0) {
        clear();
        return;
    }
    m_chunks.resize(chunks);
}

void EventList::erase_front(std::size_t count) {
    if (count >= m_size) {
        clear();
        return;
    }
    for (std::size_t i = 0; i < count; ++i)
        slot(i) = Event{};
    m_skip += count;
    m_size -= count;
    const std::size_t whole = m_skip >> kChunkShift;
    if (whole > 0) {
        m_chunks.erase(m_chunks.begin(), m_chunks.begin() + static_cast<std::ptrdiff_t>(whole));
        m_skip &= kChunk - 1;
    }
}

void EventList::clear() {
    m_chunks.clear();
    m_skip = 0;
    m_size = 0;
}

} // namespace mailsim::world
