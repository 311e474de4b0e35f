#include "sim/mail/address.h"

#include "sim/mail/charset.h"
#include "sim/mail/encoded_word.h"

#include <cctype>
#include <optional>

namespace mailsim::mail {
namespace {

enum class TokenKind { Atom, Quoted, DomainLiteral, Special, End };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text; // atom text, unquoted string, "[literal]", or the special character
    std::size_t column = 0;
    bool space_before = false; // white space or a comment before it
};

constexpr std::string_view kSpecials = "()<>[]:;@\\,.\"";

bool is_atext(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80)
        return true; // RFC 6532: UTF-8 in addresses
    return u > 32 && u < 127 && kSpecials.find(c) == std::string_view::npos;
}

Error error_at(std::string message, std::size_t column) {
    return make_error(std::move(message), 1, static_cast<int>(column + 1));
}

// A comment's text (outer parentheses removed, quoted pairs unescaped) and the index of the
// token that follows it, so a parser can tell which address it sits in.
struct Comment {
    std::size_t before_token = 0;
    std::string text;
};

// Splits the text into tokens, setting comments aside (their text is kept for the old
// "addr (Full Name)" form).
Result<std::vector<Token>> tokenize(std::string_view text, std::vector<Comment>& comments) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    bool space = false;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            ++i;
            continue;
        }
        if (c == '(') {
            const std::size_t start = i;
            int depth = 0;
            std::string comment;
            while (i < text.size()) {
                const char d = text[i++];
                if (d == '\\' && i < text.size()) {
                    comment.push_back(text[i++]);
                    continue;
                }
                if (d == '(' && depth++ == 0)
                    continue;
                if (d == ')' && --depth == 0)
                    break;
                comment.push_back(d);
            }
            if (depth != 0)
                return error_at("unterminated comment: '(' without ')'", start);
            comments.push_back({tokens.size(), std::move(comment)});
            space = true;
            continue;
        }
        Token token;
        token.column = i;
        token.space_before = space;
        space = false;
        if (c == '"') {
            token.kind = TokenKind::Quoted;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                const char d = text[i++];
                if (d == '\\' && i < text.size()) {
                    token.text.push_back(text[i++]);
                    continue;
                }
                if (d == '"') {
                    closed = true;
                    break;
                }
                if (d == '\r' || d == '\n')
                    continue; // folding inside a quoted-string
                token.text.push_back(d);
            }
            if (!closed)
                return error_at("unterminated quoted string", token.column);
        } else if (c == '[') {
            token.kind = TokenKind::DomainLiteral;
            const std::size_t end = text.find(']', i);
            if (end == std::string_view::npos)
                return error_at("unterminated domain literal: '[' without ']'", i);
            token.text = std::string(text.substr(i, end - i + 1));
            i = end + 1;
        } else if (is_atext(c)) {
            token.kind = TokenKind::Atom;
            while (i < text.size() && is_atext(text[i]))
                token.text.push_back(text[i++]);
        } else {
            token.kind = TokenKind::Special;
            token.text = std::string(1, c);
            ++i;
        }
        tokens.push_back(std::move(token));
    }
    Token end;
    end.column = text.size();
    tokens.push_back(end);
    return tokens;
}

class Parser {
public:
    Parser(std::vector<Token> tokens, std::vector<Comment> comments)
        : m_tokens(std::move(tokens)), m_comments(std::move(comments)) {}

    const Token& peek(std::size_t ahead = 0) const {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    bool at_special(char c, std::size_t ahead = 0) const {
        return peek(ahead).kind == TokenKind::Special && peek(ahead).text[0] == c;
    }
    bool at_end() const { return peek().kind == TokenKind::End; }
    void next() {
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
    }

    // Is the coming address a group ("phrase :")? Scan the phrase words.
    bool group_ahead() const {
        std::size_t k = 0;
        while (peek(k).kind == TokenKind::Atom || peek(k).kind == TokenKind::Quoted ||
               (peek(k).kind == TokenKind::Special && peek(k).text == "."))
            ++k;
        return k > 0 && at_special(':', k);
    }

    // phrase = 1*word, with obsolete '.' allowed; decoded and joined with single spaces.
    std::string phrase() {
        std::string out;
        std::string raw;
        bool first = true;
        while (peek().kind == TokenKind::Atom || peek().kind == TokenKind::Quoted ||
               (!first && at_special('.'))) {
            const Token& token = peek();
            if (!first && token.space_before)
                raw.push_back(' ');
            raw += token.text;
            first = false;
            next();
        }
        out = decode_encoded_words(raw);
        return out;
    }

    Result<Mailbox> addr_spec() {
        Mailbox box;
        // local-part = dot-atom / quoted-string (obsolete: words separated by dots)
        if (peek().kind != TokenKind::Atom && peek().kind != TokenKind::Quoted)
            return error_at("expected a local part before '@'", peek().column);
        while (true) {
            const Token& word = peek();
            if (word.kind != TokenKind::Atom && word.kind != TokenKind::Quoted)
                return error_at("expected a word after '.' in the local part", word.column);
            box.local_part += word.text;
            next();
            if (!at_special('.'))
                break;
            box.local_part.push_back('.');
            next();
        }
        if (!at_special('@')) {
            if (peek().kind == TokenKind::End || at_special(',') || at_special('>') ||
                at_special(';'))
                return error_at("missing '@' in address '" + box.local_part + "'", peek().column);
            if (peek().kind == TokenKind::Atom || peek().kind == TokenKind::Quoted) {
                // Words without '@' or '<>': most likely a name without an address.
                std::string words = box.local_part;
                for (std::size_t k = 0;
                     peek(k).kind == TokenKind::Atom || peek(k).kind == TokenKind::Quoted; ++k)
                    words += " " + peek(k).text;
                return error_at("missing '@' in address '" + words + "'", peek().column);
            }
            return error_at("unexpected '" + peek().text + "' in address", peek().column);
        }
        next();
        if (peek().kind == TokenKind::DomainLiteral) {
            box.domain = peek().text;
            next();
            return box;
        }
        if (peek().kind != TokenKind::Atom)
            return error_at("expected a domain after '@'", peek().column);
        while (true) {
            if (peek().kind != TokenKind::Atom)
                return error_at("empty label in domain '" + box.domain + "'", peek().column);
            box.domain += peek().text;
            next();
            if (!at_special('.'))
                break;
            box.domain.push_back('.');
            next();
        }
        return box;
    }

    Result<Mailbox> mailbox() {
        const std::size_t start = m_pos;
        // name-addr if a '<' comes after an optional phrase.
        std::size_t k = 0;
        while (peek(k).kind == TokenKind::Atom || peek(k).kind == TokenKind::Quoted ||
               (k > 0 && peek(k).kind == TokenKind::Special && peek(k).text == "."))
            ++k;
        if (at_special('<', k)) {
            std::string name = phrase();
            if (!at_special('<'))
                return error_at("expected '<'", peek().column);
            const std::size_t open = peek().column;
            next();
            // Obsolete source route "@a,@b:" (RFC 5322 §4.4): kept apart, not part of the address.
            std::string route;
            if (at_special('@')) {
                while (!at_end() && !at_special(':')) {
                    route += peek().text;
                    next();
                }
                if (at_special(':'))
                    next();
                else
                    route.clear();
            }
            if (at_special('>')) {
                return error_at("empty address '<>'", peek().column);
            }
            auto box = addr_spec();
            if (!box)
                return box;
            if (!at_special('>'))
                return error_at("'<' at column " + std::to_string(open + 1) + " is not closed",
                                peek().column);
            next();
            box->display_name = std::move(name);
            box->route = std::move(route);
            return box;
        }
        auto box = addr_spec();
        if (box)
            box->comment = comments_between(start, m_pos);
        return box;
    }

    // The comments before tokens first..last (a comment right after the address sits before
    // the ',' or the end that follows it), decoded and joined with single spaces.
    std::string comments_between(std::size_t first, std::size_t last) const {
        std::string out;
        for (const Comment& comment : m_comments) {
            if (comment.before_token < first || comment.before_token > last)
                continue;
            const std::string text = decode_encoded_words(trim_ascii(comment.text));
            if (text.empty())
                continue;
            if (!out.empty())
                out.push_back(' ');
            out += text;
        }
        return out;
    }

    Result<Address> address() {
        if (group_ahead()) {
            Group group;
            group.display_name = phrase();
            next(); // ':'
            while (!at_special(';')) {
                if (at_end())
                    return error_at("group '" + group.display_name + "' is not closed with ';'",
                                    peek().column);
                if (at_special(',')) {
                    next();
                    continue;
                }
                auto box = mailbox();
                if (!box)
                    return box.error();
                group.members.push_back(std::move(*box));
            }
            next(); // ';'
            return Address{std::move(group)};
        }
        auto box = mailbox();
        if (!box)
            return box.error();
        return Address{std::move(*box)};
    }

    Result<std::vector<Address>> address_list() {
        std::vector<Address> out;
        while (!at_end()) {
            if (at_special(',')) { // empty list elements are allowed (obsolete syntax)
                next();
                continue;
            }
            auto item = address();
            if (!item)
                return item.error();
            out.push_back(std::move(*item));
            if (at_end())
                break;
            if (!at_special(','))
                return error_at("expected ',' between addresses, found '" + peek().text + "'",
                                peek().column);
        }
        return out;
    }

private:
    std::vector<Token> m_tokens;
    std::vector<Comment> m_comments;
    std::size_t m_pos = 0;
};

bool needs_quoting_local(std::string_view local) {
    if (local.empty() || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos)
        return true;
    for (char c : local)
        if (!is_atext(c) && c != '.')
            return true;
    return false;
}

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

// Python's email.headerregistry quotes display names containing any of these.
bool has_display_specials(std::string_view name) {
    return name.find_first_of("()<>@,:;.\"[]") != std::string_view::npos;
}

} // namespace

std::string Mailbox::addr_spec() const {
    std::string local = needs_quoting_local(local_part) ? quote(local_part) : local_part;
    if (domain.empty())
        return local;
    return local + "@" + domain;
}

std::string Mailbox::to_header() const {
    if (display_name.empty())
        return addr_spec();
    return encode_phrase(display_name) + " <" + addr_spec() + ">";
}

std::string Mailbox::to_display() const {
    if (display_name.empty())
        return addr_spec();
    const std::string name =
        has_display_specials(display_name) ? quote(display_name) : display_name;
    return name + " <" + addr_spec() + ">";
}

Result<std::vector<Address>> parse_address_list(std::string_view text) {
    std::vector<Comment> comments;
    auto tokens = tokenize(text, comments);
    if (!tokens)
        return tokens.error();
    Parser parser(std::move(*tokens), std::move(comments));
    return parser.address_list();
}

namespace {
// "local@domain" of plain dot-atoms (most addresses a scenario or a user agent writes): parsed
// without the tokenizer. Anything else (names, quotes, comments, literals, white space) is
// left to the full parser, which gives the same result for these.
bool is_plain_dot_atom(std::string_view text, bool domain) {
    if (text.empty() || text.front() == '.' || text.back() == '.')
        return false;
    char previous = 0;
    for (char c : text) {
        const bool ok = domain
                            ? (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')
                            : (c == '.' || is_atext(c));
        if (!ok || (c == '.' && previous == '.'))
            return false;
        previous = c;
    }
    return true;
}

std::optional<Mailbox> plain_addr_spec(std::string_view text) {
    const std::size_t at = text.find('@');
    if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos)
        return std::nullopt;
    const std::string_view local = text.substr(0, at), domain = text.substr(at + 1);
    if (!is_plain_dot_atom(local, false) || !is_plain_dot_atom(domain, true))
        return std::nullopt;
    Mailbox box;
    box.local_part = local;
    box.domain = domain;
    return box;
}
} // namespace

Result<Mailbox> parse_mailbox(std::string_view text) {
    if (auto plain = plain_addr_spec(text))
        return *plain;
    std::vector<Comment> comments;
    auto tokens = tokenize(text, comments);
    if (!tokens)
        return tokens.error();
    Parser parser(std::move(*tokens), std::move(comments));
    if (parser.at_end())
        return make_error("empty address");
    auto box = parser.mailbox();
    if (!box)
        return box;
    if (!parser.at_end())
        return error_at("unexpected '" + parser.peek().text + "' after the address",
                        parser.peek().column);
    if (box->display_name.empty())
        box->display_name = box->comment; // "user@domain (Real Name)" names its author
    return box;
}

Result<Mailbox> parse_addr_spec(std::string_view text) {
    std::vector<Comment> comments;
    auto tokens = tokenize(text, comments);
    if (!tokens)
        return tokens.error();
    Parser parser(std::move(*tokens), {});
    if (parser.at_end())
        return make_error("empty address");
    auto box = parser.addr_spec();
    if (!box)
        return box;
    if (!parser.at_end())
        return error_at("unexpected '" + parser.peek().text + "' after the address",
                        parser.peek().column);
    return box;
}

std::vector<Mailbox> flatten(const std::vector<Address>& addresses) {
    std::vector<Mailbox> out;
    for (const auto& address : addresses) {
        if (const auto* box = std::get_if<Mailbox>(&address))
            out.push_back(*box);
        else
            for (const auto& member : std::get<Group>(address).members)
                out.push_back(member);
    }
    return out;
}

std::string format_address_list(const std::vector<Address>& addresses) {
    std::string out;
    for (const auto& address : addresses) {
        if (!out.empty())
            out += ", ";
        if (const auto* box = std::get_if<Mailbox>(&address)) {
            out += box->to_header();
            continue;
        }
        const auto& group = std::get<Group>(address);
        out += encode_phrase(group.display_name) + ":";
        for (std::size_t i = 0; i < group.members.size(); ++i)
            out += (i ? ", " : " ") + group.members[i].to_header();
        out += ";";
    }
    return out;
}

std::string display_address_list(const std::vector<Address>& addresses) {
    std::string out;
    for (const auto& address : addresses) {
        if (!out.empty())
            out += ", ";
        if (const auto* box = std::get_if<Mailbox>(&address)) {
            out += box->to_display();
            continue;
        }
        const auto& group = std::get<Group>(address);
        out += has_display_specials(group.display_name) ? quote(group.display_name)
                                                        : group.display_name;
        out += ":";
        for (std::size_t i = 0; i < group.members.size(); ++i)
            out += (i ? ", " : " ") + group.members[i].to_display();
        out += ";";
    }
    return out;
}

} // namespace mailsim::mail
