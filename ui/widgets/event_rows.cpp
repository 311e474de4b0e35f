#include "event_rows.h"

#include <algorithm>

namespace mailsim::ui {

void EventRows::update(const world::EventList& events, const std::string& key,
                       const std::function<bool(const world::Event&)>& pass) {
    if (key != m_key || events.size() < m_scanned) {
        m_key = key;
        m_scanned = 0;
        m_rows.clear();
        m_first_conn = 0;
        m_second_conn_row = SIZE_MAX;
    }
    for (; m_scanned < events.size(); ++m_scanned) {
        const world::Event& e = events[m_scanned];
        if (!pass(e))
            continue;
        if (e.conn != 0) {
            if (m_first_conn == 0)
                m_first_conn = e.conn;
            else if (e.conn != m_first_conn && m_second_conn_row == SIZE_MAX)
                m_second_conn_row = m_rows.size();
        }
        m_rows.push_back(m_scanned);
    }
}

std::size_t EventRows::count_before(std::size_t position) const {
    return static_cast<std::size_t>(std::lower_bound(m_rows.begin(), m_rows.end(), position) -
                                    m_rows.begin());
}

} // namespace mailsim::ui
