#pragma once
// Sequence sets (RFC 3501 §9 "sequence-set"): "1:4,7,9:*". The same syntax names message
// sequence numbers or UIDs; "*" stands for the largest number in use, resolved only when the
// set is applied to a mailbox.
#include "sim/core/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

struct SequenceRange {
    static constexpr std::uint32_t kStar = 0; // "*": 0 is never a valid number, so it can mark it
    std::uint32_t first = 0;
    std::uint32_t last = 0;
};

class SequenceSet {
public:
    static Result<SequenceSet> parse(std::string_view text);
    static SequenceSet single(std::uint32_t number);
    static SequenceSet range(std::uint32_t first, std::uint32_t last);

    // `largest` is what "*" means (the message count or the largest UID).
    bool contains(std::uint32_t number, std::uint32_t largest) const;
    // The largest explicit number in the set (ignoring "*"), to check against the mailbox.
    std::uint32_t max_explicit() const;
    bool uses_star() const;

    const std::vector<SequenceRange>& ranges() const { return m_ranges; }
    std::string to_string() const;

private:
    std::vector<SequenceRange> m_ranges;
};

} // namespace mailsim::imap
