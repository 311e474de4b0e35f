#pragma once
// FETCH data items (RFC 3501 §6.4.5): what the client asked for, parsed once so the server
// can answer and a transcript can show it. Names round-trip: name() is the text the server
// uses in its reply ("BODY[HEADER.FIELDS (FROM TO)]<0>"; BODY.PEEK answers as BODY).
#include "imap_syntax.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::imap {

enum class FetchKind {
    Flags,
    InternalDate,
    Rfc822,       // = BODY[], sets \Seen
    Rfc822Header, // = BODY.PEEK[HEADER]
    Rfc822Size,
    Rfc822Text, // = BODY[TEXT], sets \Seen
    Uid,
    Envelope,
    Body,          // BODY without a section: the non-extensible BODYSTRUCTURE
    BodyStructure, //
    BodySection,   // BODY[...] / BODY.PEEK[...]
};

enum class SectionText { Full, Header, HeaderFields, HeaderFieldsNot, Text, Mime };

struct Section {
    std::vector<std::uint32_t> part; // "1.2" -> {1, 2}; empty = the whole message
    SectionText text = SectionText::Full;
    std::vector<std::string> fields; // HEADER.FIELDS (...) names, as given
    std::string to_string() const;   // inside the brackets
};

struct FetchItem {
    FetchKind kind = FetchKind::Flags;
    Section section;
    bool peek = false;
    std::optional<std::uint32_t> partial_origin; // BODY[]<origin.count>
    std::uint32_t partial_count = 0;

    std::string name() const; // the item name as written in the reply
    bool sets_seen() const;
};

inline constexpr std::size_t kMaxSectionParts = 16;

// The argument of FETCH: one item, a macro (ALL, FAST, FULL) or "(" items ")".
Result<std::vector<FetchItem>> parse_fetch_items(Lexer& lexer);

} // namespace mailsim::imap
