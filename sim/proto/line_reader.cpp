#include "line_reader.h"

#include <cstring>

namespace mailsim {

void LineReader::compact() {
    // Drop consumed bytes once they dominate the buffer, so long sessions stay small.
    if (m_start > 4096 && m_start * 2 > m_buffer.size()) {
        m_buffer.erase(0, m_start);
        m_scan -= m_start;
        m_start = 0;
    }
}

std::optional<Line> LineReader::next_line() {
    Line line;
    if (!next_line(line))
        return std::nullopt;
    return line;
}

bool LineReader::next_line(Line& line) {
    line.overlong = false;
    line.bare_lf = false;
    for (;;) {
        if (m_scan < m_start)
            m_scan = m_start;
        const char* base = m_buffer.data();
        const void* hit = m_scan < m_buffer.size()
                              ? std::memchr(base + m_scan, '\n', m_buffer.size() - m_scan)
                              : nullptr;
        if (!hit) {
            m_scan = m_buffer.size();
            // Enforce the limit without waiting for the line end: bytes past it are dropped.
            const std::size_t have = m_buffer.size() - m_start;
            const std::size_t keep = m_limit + 1; // room for a CR that may precede the LF
            if (!m_discarding && have > keep) {
                line.text.assign(m_buffer, m_start, m_limit);
                line.overlong = true;
                m_discarding = true;
                // Nothing of this line is kept but a trailing CR, which may pair with an LF in
                // the next read: without it that CRLF would look like a bare LF.
                const bool trailing_cr = m_buffer.back() == '\r';
                m_buffer.resize(m_start);
                if (trailing_cr)
                    m_buffer.push_back('\r');
                m_scan = m_start;
                compact();
                return true;
            }
            if (m_discarding && have > 1) {
                // Keep only a trailing CR, which may pair with an LF in the next read.
                const bool trailing_cr = m_buffer.back() == '\r';
                m_buffer.resize(m_start);
                if (trailing_cr)
                    m_buffer.push_back('\r');
                m_scan = m_start;
            }
            return false;
        }
        const std::size_t lf = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
        const bool has_cr = lf > m_start && m_buffer[lf - 1] == '\r';
        if (!has_cr && m_policy == BareLineFeed::KeepInLine) {
            m_scan = lf + 1; // the LF is data; keep looking for CRLF
            if (lf + 1 - m_start > m_limit + 2 && !m_discarding) {
                line.text.assign(m_buffer, m_start, m_limit);
                line.overlong = true;
                m_discarding = true;
                m_start = lf + 1; // drop what we have; the rest is skipped up to CRLF
                m_scan = m_start;
                compact();
                return true;
            }
            continue;
        }
        const std::size_t end = has_cr ? lf - 1 : lf;
        const std::size_t length = end - m_start;
        const bool was_discarding = m_discarding;
        m_discarding = false;
        if (was_discarding) {
            // Tail of an overlong line already reported: swallow it.
            m_start = lf + 1;
            m_scan = m_start;
            compact();
            continue;
        }
        line.bare_lf = !has_cr;
        if (length > m_limit) {
            line.text.assign(m_buffer, m_start, m_limit);
            line.overlong = true;
        } else {
            line.text.assign(m_buffer, m_start, length);
        }
        m_start = lf + 1;
        m_scan = m_start;
        compact();
        return true;
    }
}

std::optional<Bytes> LineReader::take_exact(std::size_t n) {
    if (m_buffer.size() - m_start < n)
        return std::nullopt;
    Bytes out = m_buffer.substr(m_start, n);
    m_start += n;
    m_scan = m_start;
    compact();
    return out;
}

} // namespace mailsim
