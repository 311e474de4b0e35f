#include "sim/trace/event_list.h"

#include <memory>
#include <new>
#include <utility>

namespace mailsim::trace {

// Slots [m_skip, m_skip + m_size) of the chunk sequence hold constructed events; every other
// slot is raw memory.

Event* EventList::allocate_chunk() {
    // Plain std allocation: sim/ is std only and never throws itself (an allocation that fails
    // ends the program as any container's would). Chunks were once mmap'ed with MAP_POPULATE
    // to take a big trace's page faults in one call; against this, bench_world's relay chain
    // differed by less than its run-to-run noise (figures in the commit), and the spare chunk
    // below still saves a windowed trace's faults.
    return std::allocator<Event>().allocate(kChunk);
}

void EventList::free_chunk(Event* chunk) {
    std::allocator<Event>().deallocate(chunk, kChunk);
}

Event* EventList::take_chunk() {
    if (m_spare)
        return std::exchange(m_spare, nullptr);
    return allocate_chunk();
}

void EventList::give_back_chunk(Event* chunk) {
    if (!m_spare)
        m_spare = chunk;
    else
        free_chunk(chunk);
}

void EventList::swap(EventList& other) noexcept {
    m_chunks.swap(other.m_chunks);
    std::swap(m_spare, other.m_spare);
    std::swap(m_skip, other.m_skip);
    std::swap(m_size, other.m_size);
}

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
    if ((at >> kChunkShift) == m_chunks.size()) {
        m_chunks.reserve(m_chunks.size() + 1);
        m_chunks.push_back(take_chunk());
    }
    Event* event = new (&m_chunks[at >> kChunkShift][at & (kChunk - 1)]) Event();
    ++m_size;
    return *event;
}

void EventList::drop_chunks_from(std::size_t first) {
    for (std::size_t c = first; c < m_chunks.size(); ++c)
        free_chunk(m_chunks[c]);
    m_chunks.resize(first);
}

void EventList::resize(std::size_t count) {
    while (m_size < count)
        emplace_back();
    while (m_size > count) {
        slot(m_size - 1).~Event();
        --m_size;
    }
    if (m_size == 0) {
        clear();
        return;
    }
    drop_chunks_from(((m_skip + m_size - 1) >> kChunkShift) + 1);
}

void EventList::erase_front(std::size_t count) {
    if (count >= m_size) {
        clear();
        return;
    }
    for (std::size_t i = 0; i < count; ++i)
        slot(i).~Event();
    m_skip += count;
    m_size -= count;
    const std::size_t whole = m_skip >> kChunkShift;
    for (std::size_t c = 0; c < whole; ++c)
        give_back_chunk(m_chunks[c]);
    m_chunks.erase(m_chunks.begin(), m_chunks.begin() + static_cast<std::ptrdiff_t>(whole));
    m_skip &= kChunk - 1;
}

EventList::~EventList() {
    clear();
    if (m_spare)
        free_chunk(m_spare);
}

void EventList::clear() {
    for (std::size_t i = 0; i < m_size; ++i)
        slot(i).~Event();
    drop_chunks_from(0);
    m_skip = 0;
    m_size = 0;
}

} // namespace mailsim::trace
