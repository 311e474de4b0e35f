#include "imap_search.h"

#include "imap_date.h"
#include "sim/mail/date.h"

#include <algorithm>

namespace mailsim::imap {

namespace {

struct KeywordKind {
    std::string_view word;
    SearchKind kind;
};

constexpr KeywordKind kFlagKeys[] = {
    {"ALL", SearchKind::All},
    {"ANSWERED", SearchKind::Answered},
    {"DELETED", SearchKind::Deleted},
    {"DRAFT", SearchKind::Draft},
    {"FLAGGED", SearchKind::Flagged},
    {"SEEN", SearchKind::Seen},
    {"RECENT", SearchKind::Recent},
    {"NEW", SearchKind::New},
    {"OLD", SearchKind::Old},
    {"UNANSWERED", SearchKind::Unanswered},
    {"UNDELETED", SearchKind::Undeleted},
    {"UNDRAFT", SearchKind::Undraft},
    {"UNFLAGGED", SearchKind::Unflagged},
    {"UNSEEN", SearchKind::Unseen},
};

constexpr KeywordKind kStringKeys[] = {
    {"FROM", SearchKind::From}, {"TO", SearchKind::To},           {"CC", SearchKind::Cc},
    {"BCC", SearchKind::Bcc},   {"SUBJECT", SearchKind::Subject}, {"BODY", SearchKind::Body},
    {"TEXT", SearchKind::Text},
};

constexpr KeywordKind kDateKeys[] = {
    {"BEFORE", SearchKind::Before}, {"ON", SearchKind::On},
    {"SINCE", SearchKind::Since},   {"SENTBEFORE", SearchKind::SentBefore},
    {"SENTON", SearchKind::SentOn}, {"SENTSINCE", SearchKind::SentSince}};

Result<std::int64_t> search_date(Lexer& lexer) {
    // date = date-text / DQUOTE date-text DQUOTE
    Result<std::string> text = lexer.peek() == '"' ? lexer.string() : lexer.atom();
    if (!text)
        return text.error();
    return parse_date(*text);
}

Result<SearchKey> parse_key(Lexer& lexer, int depth);

Result<SearchKey> parse_list_until(Lexer& lexer, int depth, char close) {
    SearchKey all;
    all.kind = SearchKind::And;
    for (;;) {
        auto key = parse_key(lexer, depth);
        if (!key)
            return key.error();
        all.children.push_back(std::move(*key));
        if (close != '\0' && lexer.consume(close))
            return all;
        if (close == '\0' && lexer.at_end())
            return all;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
    }
}

Result<SearchKey> parse_key(Lexer& lexer, int depth) {
    if (depth > kMaxSearchDepth)
        return make_error("search keys nested too deeply");
    SearchKey key;
    if (lexer.consume('('))
        return parse_list_until(lexer, depth + 1, ')');
    const char first = lexer.peek();
    if ((first >= '0' && first <= '9') || first == '*') {
        auto text = lexer.sequence_set_text();
        if (!text)
            return text.error();
        auto set = SequenceSet::parse(*text);
        if (!set)
            return set.error();
        key.kind = SearchKind::Sequence;
        key.set = std::move(*set);
        return key;
    }
    for (const auto& entry : kFlagKeys)
        if (lexer.consume_word(entry.word)) {
            key.kind = entry.kind;
            return key;
        }
    for (const auto& entry : kStringKeys)
        if (lexer.consume_word(entry.word)) {
            key.kind = entry.kind;
            if (auto space = lexer.expect_space(); !space)
                return space.error();
            auto text = lexer.astring();
            if (!text)
                return text.error();
            key.text = std::move(*text);
            return key;
        }
    for (const auto& entry : kDateKeys)
        if (lexer.consume_word(entry.word)) {
            key.kind = entry.kind;
            if (auto space = lexer.expect_space(); !space)
                return space.error();
            auto day = search_date(lexer);
            if (!day)
                return day.error();
            key.day = *day;
            return key;
        }
    const bool keyword = lexer.consume_word("KEYWORD");
    if (keyword || lexer.consume_word("UNKEYWORD")) {
        key.kind = keyword ? SearchKind::Keyword : SearchKind::Unkeyword;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        auto flag = lexer.atom();
        if (!flag)
            return flag.error();
        key.text = std::move(*flag);
        return key;
    }
    if (lexer.consume_word("HEADER")) {
        key.kind = SearchKind::Header;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        auto field = lexer.astring();
        if (!field)
            return field.error();
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        auto text = lexer.astring();
        if (!text)
            return text.error();
        key.field = std::move(*field);
        key.text = std::move(*text);
        return key;
    }
    const bool larger = lexer.consume_word("LARGER");
    if (larger || lexer.consume_word("SMALLER")) {
        key.kind = larger ? SearchKind::Larger : SearchKind::Smaller;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        auto size = lexer.number();
        if (!size)
            return size.error();
        key.size = *size;
        return key;
    }
    if (lexer.consume_word("UID")) {
        key.kind = SearchKind::Uid;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        auto text = lexer.sequence_set_text();
        if (!text)
            return text.error();
        auto set = SequenceSet::parse(*text);
        if (!set)
            return set.error();
        key.set = std::move(*set);
        return key;
    }
    if (lexer.consume_word("NOT")) {
        key.kind = SearchKind::Not;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        auto inner = parse_key(lexer, depth + 1);
        if (!inner)
            return inner.error();
        key.children.push_back(std::move(*inner));
        return key;
    }
    if (lexer.consume_word("OR")) {
        key.kind = SearchKind::Or;
        for (int i = 0; i < 2; ++i) {
            if (auto space = lexer.expect_space(); !space)
                return space.error();
            auto inner = parse_key(lexer, depth + 1);
            if (!inner)
                return inner.error();
            key.children.push_back(std::move(*inner));
        }
        return key;
    }
    return make_error("unknown search key");
}

} // namespace

Result<SearchKey> parse_search_keys(Lexer& lexer) {
    return parse_list_until(lexer, 0, '\0');
}

namespace {

bool has_flag(const SearchSubject& message, std::string_view flag) {
    if (!message.flags)
        return false;
    if (auto system = store::system_flag_from_name(flag))
        return message.flags->has(*system);
    return message.flags->has_keyword(flag);
}

// SEARCH string matching is a case-insensitive substring test (RFC 3501 §6.4.4).
bool contains_ci(std::string_view haystack, std::string_view needle) {
    if (needle.empty())
        return true;
    if (needle.size() > haystack.size())
        return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (starts_with_ci(haystack.substr(i), needle))
            return true;
    return false;
}

std::string header_of(const SearchSubject& message, std::string_view field) {
    return message.header ? message.header(field) : std::string();
}

// FROM/TO/CC/BCC look at the parsed addresses, so "<user (c)@ (c) domain>" is found as
// user@domain and "user@domain (Name)" by its name (what Dovecot does; imaptest checks it).
std::string addresses_of(const SearchSubject& message, std::string_view field) {
    return message.addresses ? message.addresses(field) : header_of(message, field);
}

// The day of the Date: header, disregarding time and zone (§6.4.4): the calendar day the
// sender wrote. A message without a readable Date: matches no SENT* key.
std::optional<std::int64_t> sent_day(const SearchSubject& message) {
    auto when = mail::parse_date(header_of(message, "Date"));
    if (!when)
        return std::nullopt;
    const std::int64_t local = when->unix_seconds + when->tz_offset_minutes * 60;
    return local / 86400 - (local % 86400 < 0 ? 1 : 0);
}

} // namespace

bool search_matches(const SearchKey& key, const SearchSubject& message) {
    switch (key.kind) {
    case SearchKind::All:
        return true;
    case SearchKind::Answered:
        return has_flag(message, "\\Answered");
    case SearchKind::Deleted:
        return has_flag(message, "\\Deleted");
    case SearchKind::Draft:
        return has_flag(message, "\\Draft");
    case SearchKind::Flagged:
        return has_flag(message, "\\Flagged");
    case SearchKind::Seen:
        return has_flag(message, "\\Seen");
    case SearchKind::Recent:
        return message.recent;
    case SearchKind::New:
        return message.recent && !has_flag(message, "\\Seen");
    case SearchKind::Old:
        return !message.recent;
    case SearchKind::Unanswered:
        return !has_flag(message, "\\Answered");
    case SearchKind::Undeleted:
        return !has_flag(message, "\\Deleted");
    case SearchKind::Undraft:
        return !has_flag(message, "\\Draft");
    case SearchKind::Unflagged:
        return !has_flag(message, "\\Flagged");
    case SearchKind::Unseen:
        return !has_flag(message, "\\Seen");
    case SearchKind::Keyword:
        return has_flag(message, key.text);
    case SearchKind::Unkeyword:
        return !has_flag(message, key.text);
    case SearchKind::From:
        return contains_ci(addresses_of(message, "From"), key.text);
    case SearchKind::To:
        return contains_ci(addresses_of(message, "To"), key.text);
    case SearchKind::Cc:
        return contains_ci(addresses_of(message, "Cc"), key.text);
    case SearchKind::Bcc:
        return contains_ci(addresses_of(message, "Bcc"), key.text);
    case SearchKind::Subject:
        return contains_ci(header_of(message, "Subject"), key.text);
    case SearchKind::Header:
        // An empty string matches every message that has the field (§6.4.4), empty or not.
        if (key.text.empty())
            return message.has_header && message.has_header(key.field);
        return contains_ci(header_of(message, key.field), key.text);
    case SearchKind::Body:
        return message.body_text && contains_ci(message.body_text(), key.text);
    case SearchKind::Text:
        return message.whole_text && contains_ci(message.whole_text(), key.text);
    case SearchKind::Before:
        return message.internal_day < key.day;
    case SearchKind::On:
        return message.internal_day == key.day;
    case SearchKind::Since:
        return message.internal_day >= key.day;
    case SearchKind::SentBefore:
    case SearchKind::SentOn:
    case SearchKind::SentSince: {
        const auto day = sent_day(message);
        if (!day)
            return false;
        return key.kind == SearchKind::SentBefore ? *day < key.day
               : key.kind == SearchKind::SentOn   ? *day == key.day
                                                  : *day >= key.day;
    }
    case SearchKind::Larger:
        return message.size > key.size;
    case SearchKind::Smaller:
        return message.size < key.size;
    case SearchKind::Uid:
        return key.set.contains(message.uid, message.largest_uid);
    case SearchKind::Sequence:
        return key.set.contains(message.sequence, message.message_count);
    case SearchKind::Not:
        return !search_matches(key.children.front(), message);
    case SearchKind::Or:
        return search_matches(key.children[0], message) || search_matches(key.children[1], message);
    case SearchKind::And:
        return std::all_of(key.children.begin(), key.children.end(),
                           [&](const SearchKey& child) { return search_matches(child, message); });
    }
    return false;
}

} // namespace mailsim::imap
