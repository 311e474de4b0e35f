#include "imap_sequence.h"

#include <algorithm>
#include <charconv>

namespace mailsim::imap {

namespace {

Result<std::uint32_t> parse_seq_number(std::string_view text) {
    if (text == "*")
        return SequenceRange::kStar;
    if (text.empty())
        return make_error("empty number in sequence set");
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        return make_error("bad number in sequence set: " + std::string(text));
    if (value == 0)
        return make_error("sequence numbers and UIDs start at 1");
    return value;
}

std::string number_text(std::uint32_t n) {
    return n == SequenceRange::kStar ? std::string("*") : std::to_string(n);
}

} // namespace

Result<SequenceSet> SequenceSet::parse(std::string_view text) {
    SequenceSet set;
    if (text.empty())
        return make_error("empty sequence set");
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string_view item = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        const std::size_t colon = item.find(':');
        SequenceRange range;
        auto first = parse_seq_number(item.substr(0, colon));
        if (!first)
            return first.error();
        range.first = range.last = *first;
        if (colon != std::string_view::npos) {
            auto last = parse_seq_number(item.substr(colon + 1));
            if (!last)
                return last.error();
            range.last = *last;
        }
        set.m_ranges.push_back(range);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return set;
}

SequenceSet SequenceSet::single(std::uint32_t number) {
    return range(number, number);
}

SequenceSet SequenceSet::range(std::uint32_t first, std::uint32_t last) {
    SequenceSet set;
    set.m_ranges.push_back({first, last});
    return set;
}

bool SequenceSet::contains(std::uint32_t number, std::uint32_t largest) const {
    for (const auto& range : m_ranges) {
        std::uint32_t a = range.first == SequenceRange::kStar ? largest : range.first;
        std::uint32_t b = range.last == SequenceRange::kStar ? largest : range.last;
        if (a > b)
            std::swap(a, b); // "4:2" means 2:4 (RFC 3501 §9, seq-range)
        if (number >= a && number <= b)
            return true;
    }
    return false;
}

std::uint32_t SequenceSet::max_explicit() const {
    std::uint32_t most = 0;
    for (const auto& range : m_ranges)
        most = std::max({most, range.first, range.last});
    return most;
}

bool SequenceSet::uses_star() const {
    return std::any_of(m_ranges.begin(), m_ranges.end(), [](const SequenceRange& r) {
        return r.first == SequenceRange::kStar || r.last == SequenceRange::kStar;
    });
}

std::string SequenceSet::to_string() const {
    std::string out;
    for (const auto& range : m_ranges) {
        if (!out.empty())
            out.push_back(',');
        out += number_text(range.first);
        if (range.last != range.first)
            out += ":" + number_text(range.last);
    }
    return out;
}

} // namespace mailsim::imap
