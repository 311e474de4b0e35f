#pragma once
// A data file's text, line by line, as an editor numbers them: LF or CRLF ends a line and is
// not part of it, and after a final line end comes one more, empty line ("a\n" is "a", "").
// The TOML guard, the lessons' Markdown and the step splitter all read their files this way.
//
//   std::string_view line;
//   for (TextLines lines(text); lines.next(line);) { ... lines.number() ... }
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace mailsim {

class TextLines {
public:
    explicit TextLines(std::string_view text) : m_text(text) {}

    // The next line without its ending; false once every line was given.
    bool next(std::string_view& line) {
        if (m_start > m_text.size())
            return false;
        std::size_t end = m_text.find('\n', m_start);
        if (end == std::string_view::npos)
            end = m_text.size();
        m_raw = m_text.substr(m_start, std::min(end + 1, m_text.size()) - m_start);
        line = m_text.substr(m_start, end - m_start);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        m_last = end == m_text.size();
        m_start = end + 1;
        ++m_number;
        return true;
    }
    // The line last given: its 1-based number, whether nothing follows it, and its bytes with
    // the line end.
    int number() const { return m_number; }
    bool last() const { return m_last; }
    std::string_view raw() const { return m_raw; }

private:
    std::string_view m_text;
    std::string_view m_raw;
    std::size_t m_start = 0;
    int m_number = 0;
    bool m_last = false;
};

} // namespace mailsim
