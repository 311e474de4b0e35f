#include "imap_syntax.h"

#include <charconv>
#include <cstdint>

namespace mailsim::imap {

namespace {

bool is_ctl(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

bool is_atom_special(char c) {
    switch (c) {
    case '(':
    case ')':
    case '{':
    case ' ':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
        return true;
    default:
        return is_ctl(c);
    }
}

// The largest literal a single quoted string is allowed to replace: past this, literals read
// better in a transcript and no client has a line-length problem with them.
constexpr std::size_t kMaxQuotedLength = 200;

} // namespace

bool is_atom_char(char c) {
    return static_cast<unsigned char>(c) < 0x80 && !is_atom_special(c);
}

bool is_astring_char(char c) {
    return is_atom_char(c) || c == ']';
}

bool is_tag_char(char c) {
    return is_astring_char(c) && c != '+';
}

Error Lexer::error(std::string message) const {
    // Column is 1-based so error replies and tests can point at the offending byte.
    return make_error(std::move(message), 1, static_cast<int>(m_pos) + 1);
}

bool Lexer::consume(char c) {
    if (peek() != c || at_end())
        return false;
    ++m_pos;
    return true;
}

bool Lexer::consume_word(std::string_view word) {
    if (m_input.size() - m_pos < word.size())
        return false;
    if (!equals_ci(m_input.substr(m_pos, word.size()), word))
        return false;
    const std::size_t after = m_pos + word.size();
    if (after < m_input.size() && is_atom_char(m_input[after]) && m_input[after] != '[')
        return false;
    m_pos = after;
    return true;
}

Status Lexer::expect(char c, std::string_view what) {
    if (consume(c))
        return Ok{};
    return error("expected " + std::string(what));
}

Status Lexer::expect_space() {
    return expect(' ', "a space");
}

Status Lexer::expect_end() {
    if (at_end())
        return Ok{};
    return error("unexpected characters at the end of the line");
}

Result<std::string> Lexer::tag() {
    const std::size_t start = m_pos;
    while (!at_end() && is_tag_char(peek()))
        ++m_pos;
    if (m_pos == start)
        return error("expected a tag");
    return std::string(m_input.substr(start, m_pos - start));
}

Result<std::string> Lexer::atom() {
    const std::size_t start = m_pos;
    while (!at_end() && is_atom_char(peek()))
        ++m_pos;
    if (m_pos == start)
        return error("expected an atom");
    return std::string(m_input.substr(start, m_pos - start));
}

Result<std::string> Lexer::quoted() {
    if (!consume('"'))
        return error("expected a quoted string");
    std::string out;
    while (!at_end()) {
        const char c = m_input[m_pos++];
        if (c == '"')
            return out;
        if (c == '\r' || c == '\n' || c == '\0')
            return error("line break or NUL inside a quoted string");
        if (c == '\\') {
            if (at_end() || (peek() != '"' && peek() != '\\'))
                return error("only \\\" and \\\\ may be escaped in a quoted string");
            out.push_back(m_input[m_pos++]);
            continue;
        }
        out.push_back(c);
    }
    return error("unterminated quoted string");
}

Result<std::string> Lexer::literal() {
    if (!consume('{'))
        return error("expected a literal");
    auto size = number();
    if (!size)
        return size.error();
    if (!consume('}'))
        return error("expected '}' after the literal size");
    if (!consume('\r') || !consume('\n'))
        return error("expected CRLF after the literal size");
    if (m_input.size() - m_pos < *size)
        return error("literal shorter than announced");
    std::string out(m_input.substr(m_pos, *size));
    m_pos += *size;
    return out;
}

Result<std::string> Lexer::string() {
    if (peek() == '"')
        return quoted();
    if (peek() == '{')
        return literal();
    return error("expected a string");
}

Result<std::string> Lexer::astring() {
    if (peek() == '"' || peek() == '{')
        return string();
    const std::size_t start = m_pos;
    while (!at_end() && is_astring_char(peek()))
        ++m_pos;
    if (m_pos == start)
        return error("expected an atom or a string");
    return std::string(m_input.substr(start, m_pos - start));
}

Result<std::optional<std::string>> Lexer::nstring() {
    if (consume_word("NIL"))
        return std::optional<std::string>{};
    auto text = string();
    if (!text)
        return text.error();
    return std::optional<std::string>{std::move(*text)};
}

Result<std::uint32_t> Lexer::number() {
    const std::size_t start = m_pos;
    while (!at_end() && peek() >= '0' && peek() <= '9')
        ++m_pos;
    if (m_pos == start)
        return error("expected a number");
    std::uint32_t value = 0;
    const char* first = m_input.data() + start;
    const char* last = m_input.data() + m_pos;
    auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || end != last)
        return error("number out of range");
    return value;
}

Result<std::uint32_t> Lexer::nz_number() {
    auto value = number();
    if (value && *value == 0)
        return error("zero is not allowed here");
    return value;
}

Result<std::string> Lexer::list_mailbox() {
    if (peek() == '"' || peek() == '{')
        return string();
    const std::size_t start = m_pos;
    while (!at_end() && (is_astring_char(peek()) || peek() == '%' || peek() == '*'))
        ++m_pos;
    if (m_pos == start)
        return error("expected a mailbox pattern");
    return std::string(m_input.substr(start, m_pos - start));
}

Result<std::string> Lexer::flag() {
    if (consume('\\')) {
        if (consume('*'))
            return std::string("\\*");
        auto name = atom();
        if (!name)
            return error("expected a flag name after '\\'");
        return "\\" + *name;
    }
    auto name = atom();
    if (!name)
        return error("expected a flag");
    return *name;
}

Result<std::vector<std::string>> Lexer::flag_list() {
    std::vector<std::string> flags;
    if (!consume('(')) {
        // RFC 3501 allows a bare flag (or several) for STORE; callers that need the list
        // form check for '(' themselves.
        auto one = flag();
        if (!one)
            return one.error();
        flags.push_back(*one);
        while (consume(' ')) {
            auto next = flag();
            if (!next)
                return next.error();
            flags.push_back(*next);
        }
        return flags;
    }
    if (consume(')'))
        return flags;
    for (;;) {
        auto one = flag();
        if (!one)
            return one.error();
        flags.push_back(*one);
        if (consume(')'))
            return flags;
        if (auto space = expect_space(); !space)
            return space.error();
    }
}

Result<std::string> Lexer::sequence_set_text() {
    const std::size_t start = m_pos;
    while (!at_end()) {
        const char c = peek();
        if (!((c >= '0' && c <= '9') || c == ':' || c == ',' || c == '*'))
            break;
        ++m_pos;
    }
    if (m_pos == start)
        return error("expected a sequence set");
    return std::string(m_input.substr(start, m_pos - start));
}

Result<std::string> Lexer::text_to_end() {
    std::string out(m_input.substr(m_pos));
    m_pos = m_input.size();
    return out;
}

std::string quote_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string encode_string(std::string_view text) {
    bool quotable = text.size() <= kMaxQuotedLength;
    for (char c : text)
        if (c == '\r' || c == '\n' || c == '\0' || static_cast<unsigned char>(c) >= 0x80)
            quotable = false;
    if (quotable)
        return quote_string(text);
    return "{" + std::to_string(text.size()) + "}\r\n" + std::string(text);
}

std::string encode_astring(std::string_view text) {
    bool bare = !text.empty() && !equals_ci(text, "NIL");
    for (char c : text)
        if (!is_astring_char(c))
            bare = false;
    return bare ? std::string(text) : encode_string(text);
}

std::string encode_nstring(const std::optional<std::string>& text) {
    return text ? encode_string(*text) : std::string("NIL");
}

} // namespace mailsim::imap
