#include "imap_fetch_items.h"

namespace mailsim::imap {

namespace {

FetchItem simple(FetchKind kind) {
    FetchItem item;
    item.kind = kind;
    return item;
}

Result<Section> parse_section(Lexer& lexer) {
    // "[" already consumed; section-spec up to "]".
    Section section;
    if (lexer.consume(']'))
        return section;
    while (lexer.peek() >= '0' && lexer.peek() <= '9') {
        auto number = lexer.nz_number();
        if (!number)
            return number.error();
        section.part.push_back(*number);
        if (section.part.size() > kMaxSectionParts)
            return make_error("section part path too deep");
        if (!lexer.consume('.')) {
            if (auto close = lexer.expect(']', "']' after the section"); !close)
                return close.error();
            return section;
        }
    }
    if (lexer.consume_word("HEADER.FIELDS.NOT"))
        section.text = SectionText::HeaderFieldsNot;
    else if (lexer.consume_word("HEADER.FIELDS"))
        section.text = SectionText::HeaderFields;
    else if (lexer.consume_word("HEADER"))
        section.text = SectionText::Header;
    else if (lexer.consume_word("TEXT"))
        section.text = SectionText::Text;
    else if (!section.part.empty() && lexer.consume_word("MIME"))
        section.text = SectionText::Mime;
    else
        return make_error("unknown section text");
    if (section.text == SectionText::HeaderFields || section.text == SectionText::HeaderFieldsNot) {
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        if (auto open = lexer.expect('(', "'(' before the header field names"); !open)
            return open.error();
        for (;;) {
            auto field = lexer.astring();
            if (!field)
                return field.error();
            section.fields.push_back(std::move(*field));
            if (lexer.consume(')'))
                break;
            if (auto space = lexer.expect_space(); !space)
                return space.error();
        }
    }
    if (auto close = lexer.expect(']', "']' after the section"); !close)
        return close.error();
    return section;
}

Result<FetchItem> parse_body_section(Lexer& lexer, bool peek) {
    FetchItem item;
    item.kind = FetchKind::BodySection;
    item.peek = peek;
    auto section = parse_section(lexer);
    if (!section)
        return section.error();
    item.section = std::move(*section);
    if (lexer.consume('<')) {
        auto origin = lexer.number();
        if (!origin)
            return origin.error();
        if (auto dot = lexer.expect('.', "'.' in the partial range"); !dot)
            return dot.error();
        auto count = lexer.nz_number();
        if (!count)
            return count.error();
        if (auto close = lexer.expect('>', "'>' after the partial range"); !close)
            return close.error();
        item.partial_origin = *origin;
        item.partial_count = *count;
    }
    return item;
}

Result<FetchItem> parse_item(Lexer& lexer) {
    struct Named {
        std::string_view word;
        FetchKind kind;
    };
    // Longer names first where one is a prefix of another.
    static constexpr Named kNames[] = {
        {"FLAGS", FetchKind::Flags},
        {"INTERNALDATE", FetchKind::InternalDate},
        {"RFC822.HEADER", FetchKind::Rfc822Header},
        {"RFC822.SIZE", FetchKind::Rfc822Size},
        {"RFC822.TEXT", FetchKind::Rfc822Text},
        {"RFC822", FetchKind::Rfc822},
        {"UID", FetchKind::Uid},
        {"ENVELOPE", FetchKind::Envelope},
        {"BODYSTRUCTURE", FetchKind::BodyStructure},
    };
    for (const auto& named : kNames)
        if (lexer.consume_word(named.word))
            return simple(named.kind);
    if (lexer.consume_word("BODY.PEEK")) {
        if (!lexer.consume('['))
            return make_error("BODY.PEEK needs a section in brackets");
        return parse_body_section(lexer, true);
    }
    if (lexer.consume_word("BODY")) {
        if (!lexer.consume('['))
            return simple(FetchKind::Body);
        return parse_body_section(lexer, false);
    }
    return make_error("unknown fetch item");
}

} // namespace

std::string Section::to_string() const {
    std::string out;
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (i)
            out.push_back('.');
        out += std::to_string(part[i]);
    }
    const char* name = nullptr;
    switch (text) {
    case SectionText::Full:
        return out;
    case SectionText::Header:
        name = "HEADER";
        break;
    case SectionText::HeaderFields:
        name = "HEADER.FIELDS";
        break;
    case SectionText::HeaderFieldsNot:
        name = "HEADER.FIELDS.NOT";
        break;
    case SectionText::Text:
        name = "TEXT";
        break;
    case SectionText::Mime:
        name = "MIME";
        break;
    }
    if (!out.empty())
        out.push_back('.');
    out += name;
    if (text == SectionText::HeaderFields || text == SectionText::HeaderFieldsNot) {
        out += " (";
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i)
                out.push_back(' ');
            out += to_upper_ascii(fields[i]);
        }
        out.push_back(')');
    }
    return out;
}

std::string FetchItem::name() const {
    switch (kind) {
    case FetchKind::Flags:
        return "FLAGS";
    case FetchKind::InternalDate:
        return "INTERNALDATE";
    case FetchKind::Rfc822:
        return "RFC822";
    case FetchKind::Rfc822Header:
        return "RFC822.HEADER";
    case FetchKind::Rfc822Size:
        return "RFC822.SIZE";
    case FetchKind::Rfc822Text:
        return "RFC822.TEXT";
    case FetchKind::Uid:
        return "UID";
    case FetchKind::Envelope:
        return "ENVELOPE";
    case FetchKind::Body:
        return "BODY";
    case FetchKind::BodyStructure:
        return "BODYSTRUCTURE";
    case FetchKind::BodySection:
        break;
    }
    // The reply names the origin only (RFC 3501 §7.4.2: "BODY[]<0>").
    std::string out = "BODY[" + section.to_string() + "]";
    if (partial_origin)
        out += "<" + std::to_string(*partial_origin) + ">";
    return out;
}

bool FetchItem::sets_seen() const {
    return kind == FetchKind::Rfc822 || kind == FetchKind::Rfc822Text ||
           (kind == FetchKind::BodySection && !peek);
}

Result<std::vector<FetchItem>> parse_fetch_items(Lexer& lexer) {
    std::vector<FetchItem> items;
    if (lexer.consume_word("ALL")) {
        items = {simple(FetchKind::Flags), simple(FetchKind::InternalDate),
                 simple(FetchKind::Rfc822Size), simple(FetchKind::Envelope)};
        return items;
    }
    if (lexer.consume_word("FAST")) {
        items = {simple(FetchKind::Flags), simple(FetchKind::InternalDate),
                 simple(FetchKind::Rfc822Size)};
        return items;
    }
    if (lexer.consume_word("FULL")) {
        items = {simple(FetchKind::Flags), simple(FetchKind::InternalDate),
                 simple(FetchKind::Rfc822Size), simple(FetchKind::Envelope),
                 simple(FetchKind::Body)};
        return items;
    }
    if (!lexer.consume('(')) {
        auto item = parse_item(lexer);
        if (!item)
            return item.error();
        items.push_back(std::move(*item));
        return items;
    }
    for (;;) {
        auto item = parse_item(lexer);
        if (!item)
            return item.error();
        items.push_back(std::move(*item));
        if (lexer.consume(')'))
            return items;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
    }
}

} // namespace mailsim::imap
