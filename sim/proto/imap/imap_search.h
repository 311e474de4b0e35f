#pragma once
// SEARCH keys (RFC 3501 §6.4.4) as a small tree, and their evaluation against one message.
// Parsing is bounded: nesting deeper than kMaxSearchDepth is a syntax error, so a hostile
// "((((((..." cannot exhaust the stack.
#include "imap_sequence.h"
#include "imap_syntax.h"
#include "sim/store/flags.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mailsim::imap {

inline constexpr int kMaxSearchDepth = 32;

enum class SearchKind {
    All,
    Answered,
    Deleted,
    Draft,
    Flagged,
    Seen,
    Recent,
    New,
    Old,
    Unanswered,
    Undeleted,
    Undraft,
    Unflagged,
    Unseen,
    Keyword,
    Unkeyword,
    From,
    To,
    Cc,
    Bcc,
    Subject,
    Header, // HEADER field-name string
    Body,
    Text,
    Before, // internal date, day granularity
    On,
    Since,
    SentBefore, // the Date: header's day, in its own zone (§6.4.4)
    SentOn,
    SentSince,
    Larger,
    Smaller,
    Uid,
    Sequence, // a bare sequence set: message sequence numbers
    Not,
    Or,
    And, // a parenthesised list, or the top level
};

struct SearchKey {
    SearchKind kind = SearchKind::All;
    std::string text;  // FROM/TO/.../BODY/TEXT string, HEADER value, KEYWORD flag
    std::string field; // HEADER field name
    std::int64_t day = 0;
    std::uint32_t size = 0;
    SequenceSet set;
    std::vector<SearchKey> children; // NOT: 1, OR: 2, AND: n
};

// Parses "search-key *(SP search-key)" up to the end of the lexer's input.
Result<SearchKey> parse_search_keys(Lexer& lexer);

// What a search needs to know about one message. Header and text lookups are callbacks so
// only the keys that need the body pay for reading it.
struct SearchSubject {
    std::uint32_t sequence = 0;
    std::uint32_t uid = 0;
    std::uint32_t message_count = 0; // "*" for sequence numbers
    std::uint32_t largest_uid = 0;   // "*" for UIDs
    const store::Flags* flags = nullptr;
    bool recent = false;
    std::int64_t internal_day = 0;
    std::uint64_t size = 0;
    std::function<std::string(std::string_view field)> header; // all values, joined, decoded
    std::function<bool(std::string_view field)> has_header;    // present, even if empty
    // The addresses of a From/To/Cc/Bcc field, parsed: comments dropped, the comment of
    // "user@domain (Real Name)" as the name. Unset: the raw field (`header`) is searched.
    std::function<std::string(std::string_view field)> addresses;
    std::function<std::string()> body_text;
    std::function<std::string()> whole_text; // header + body
};

bool search_matches(const SearchKey& key, const SearchSubject& message);

} // namespace mailsim::imap
