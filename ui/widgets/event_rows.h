#pragma once
// The rows a trace list shows (transcript lines, sequence-diagram arrows): the indexes of the
// events that pass the list's filter. Kept as the trace grows, so a frame looks only at the
// events recorded since the last one instead of re-filtering the whole trace up to the
// position; scanned again from the start only when what the rows depend on changes (another
// or a rewound world, other filter settings).
#include "sim/trace/event_list.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mailsim::ui {

class EventRows {
public:
    // `key` names everything the filter depends on (world generation, options, selection).
    void update(const world::EventList& events, const std::string& key,
                const std::function<bool(const world::Event&)>& pass);
    // How many rows are events before `position` (the rows shown at that position).
    std::size_t count_before(std::size_t position) const;
    std::size_t operator[](std::size_t row) const { return m_rows[row]; }
    // Two or more connections among the first `count` rows: each line needs its connection.
    bool several_connections(std::size_t count) const { return m_second_conn_row < count; }

private:
    std::string m_key;
    std::size_t m_scanned = 0;
    std::vector<std::size_t> m_rows;
    std::uint64_t m_first_conn = 0;
    std::size_t m_second_conn_row = SIZE_MAX;
};

} // namespace mailsim::ui
