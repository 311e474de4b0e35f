#include "imap_framer.h"

#include <algorithm>

namespace mailsim::imap {

Framer::Framer(FramerLimits limits)
    : m_reader(limits.max_line, BareLineFeed::AcceptAsLineEnd), m_limits(limits) {}

std::optional<std::size_t> trailing_literal_size(ByteView line) {
    if (line.size() < 3 || line.back() != '}')
        return std::nullopt;
    const std::size_t open = line.rfind('{');
    if (open == ByteView::npos || open + 2 > line.size() - 1)
        return std::nullopt;
    const ByteView digits = line.substr(open + 1, line.size() - open - 2);
    if (digits.empty() || digits.size() > 10)
        return std::nullopt;
    std::size_t size = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        size = size * 10 + static_cast<std::size_t>(c - '0');
    }
    return size;
}

std::optional<std::size_t> trailing_non_synchronizing_size(ByteView line) {
    if (line.size() < 4 || line.substr(line.size() - 2) != "+}")
        return std::nullopt;
    // "{42+}" is "{42}" with a plus before the brace.
    Bytes plain(line.substr(0, line.size() - 2));
    plain += '}';
    return trailing_literal_size(plain);
}

FramerStep Framer::next() {
    for (;;) {
        FramerStep step = next_step();
        // A non-synchronizing literal was accepted: its bytes follow at once, no "+" goes out.
        if (!std::holds_alternative<LiteralAnnounced>(step) || !m_skip_announcement)
            return step;
        m_skip_announcement = false;
    }
}

FramerStep Framer::next_step() {
    if (m_in_literal) {
        auto bytes = m_reader.take_exact(m_literal_left);
        if (!bytes)
            return FramerNeedData{};
        m_unit += *bytes;
        m_in_literal = false;
        m_literal_left = 0;
    }
    auto line = m_reader.next_line();
    if (!line)
        return FramerNeedData{};
    if (line->overlong) {
        LineTooLong step{m_unit.empty() ? line->text : m_unit.substr(0, 256)};
        m_unit.clear();
        return step;
    }
    auto size = trailing_literal_size(line->text);
    const auto non_synchronizing =
        m_non_synchronizing ? trailing_non_synchronizing_size(line->text) : std::nullopt;
    if (non_synchronizing)
        size = non_synchronizing;
    if (size) {
        std::size_t limit =
            m_authenticated ? m_limits.max_literal
                            : std::min(m_limits.max_literal, m_limits.max_literal_unauthenticated);
        if (non_synchronizing && !m_authenticated)
            limit = std::min(limit, m_limits.max_non_synchronizing_unauthenticated);
        if (*size > limit || m_unit.size() + line->text.size() + *size > m_limits.max_unit) {
            LiteralTooLarge step{m_unit.empty() ? line->text : m_unit.substr(0, 256), *size,
                                 non_synchronizing.has_value()};
            m_unit.clear();
            return step;
        }
        m_skip_announcement = non_synchronizing.has_value();
        if (non_synchronizing) // the unit reads "{n}" for the Lexer; the "+" did its work
            m_unit += line->text.substr(0, line->text.size() - 2) + "}";
        else
            m_unit += line->text;
        m_unit += "\r\n";
        m_literal_left = *size;
        m_in_literal = true;
        return LiteralAnnounced{*size};
    }
    m_unit += line->text;
    FramedUnit unit{std::move(m_unit)};
    m_unit.clear();
    return unit;
}

} // namespace mailsim::imap
