#pragma once
// Splits a byte stream into protocol lines, whatever the read boundaries. Shared by the SMTP,
// POP3 and IMAP engines so "a line split across reads at any byte" is solved once.
//
// - Lines end at CRLF. A bare LF is handled by a stated policy (SMTP smuggling lives there).
// - A line longer than the limit is not buffered past the limit: the reader reports it once as
//   overlong and discards bytes up to the next line end.
// - IMAP literals need an exact byte count instead of a line: take_exact().
#include "sim/core/bytes.h"

#include <cstddef>
#include <optional>

namespace mailsim {

enum class BareLineFeed {
    AcceptAsLineEnd, // lenient: LF alone ends a line (most clients' habits)
    KeepInLine,      // strict: only CRLF ends a line; a lone LF stays part of the text
};

struct Line {
    Bytes text;            // without the line ending
    bool overlong = false; // longer than the limit: text holds the first `limit` bytes only
    bool bare_lf = false;  // ended by LF alone (only with AcceptAsLineEnd)
};

class LineReader {
public:
    explicit LineReader(std::size_t max_line_length = 1000,
                        BareLineFeed policy = BareLineFeed::AcceptAsLineEnd)
        : m_limit(max_line_length), m_policy(policy) {}

    void feed(ByteView bytes) { m_buffer.append(bytes.data(), bytes.size()); }

    // Next complete line, or nullopt when more data is needed.
    std::optional<Line> next_line();
    // The same into a Line the caller keeps: its text buffer is reused from line to line (an
    // engine reads one line per command, reply and message line). False: more data needed.
    bool next_line(Line& line);

    // Exactly n bytes (an IMAP literal or a POP3/SMTP raw chunk), or nullopt until they arrived.
    std::optional<Bytes> take_exact(std::size_t n);

    void set_max_line_length(std::size_t limit) { m_limit = limit; }
    std::size_t max_line_length() const { return m_limit; }
    void set_policy(BareLineFeed policy) { m_policy = policy; }

    // Bytes received but not yet returned (a partial line).
    std::size_t buffered() const { return m_buffer.size() - m_start; }
    ByteView pending() const { return ByteView(m_buffer).substr(m_start); }
    void clear() {
        m_buffer.clear();
        m_start = 0;
        m_scan = 0;
        m_discarding = false;
    }

private:
    void compact();

    Bytes m_buffer;
    std::size_t m_start = 0; // first unread byte
    std::size_t m_scan = 0;  // where the search for a line end resumes (avoids O(n^2))
    std::size_t m_limit;
    BareLineFeed m_policy;
    bool m_discarding = false; // inside an overlong line already reported
};

} // namespace mailsim
