#include "sim/mail/content_type.h"

#include "sim/core/bytes.h"
#include "sim/core/hex.h"
#include "sim/mail/charset.h"
#include "sim/mail/encoded_word.h"

#include <algorithm>
#include <map>

namespace mailsim::mail {

namespace {

const Parameter* find_in(const Parameters& params, std::string_view name) {
    for (const auto& param : params)
        if (equals_ci(param.name, name))
            return &param;
    return nullptr;
}

// RFC 2045 token characters: printable US-ASCII except space and the tspecials. A table, since
// the scanner asks for every character of every Content-Type.
struct TokenTable {
    bool token[256];
    constexpr TokenTable() : token{} {
        for (int c = 33; c < 127; ++c)
            token[c] = true;
        for (char c : std::string_view("()<>@,;:\\\"/[]?="))
            token[static_cast<unsigned char>(c)] = false;
    }
};
constexpr TokenTable kTokenTable{};

bool is_token_char(char c) {
    return kTokenTable.token[static_cast<unsigned char>(c)];
}

} // namespace

std::optional<std::string> find_parameter(const Parameters& params, std::string_view name) {
    if (const Parameter* param = find_in(params, name))
        return param->value;
    return std::nullopt;
}

namespace {

class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    bool done() {
        skip_cfws();
        return m_pos >= m_text.size();
    }
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    void advance() { ++m_pos; }

    // RFC 822 comments nest; depth is bounded by the input, and the loop is iterative.
    void skip_cfws() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                ++m_pos;
            } else if (c == '(') {
                int depth = 0;
                while (m_pos < m_text.size()) {
                    const char d = m_text[m_pos++];
                    if (d == '\\' && m_pos < m_text.size()) {
                        ++m_pos;
                    } else if (d == '(') {
                        ++depth;
                    } else if (d == ')' && --depth == 0) {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    std::string_view token() {
        skip_cfws();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && is_token_char(m_text[m_pos]))
            ++m_pos;
        return m_text.substr(start, m_pos - start);
    }

    // A quoted-string (unquoted) or a token; `quoted` tells which.
    std::string value(bool& quoted) {
        skip_cfws();
        quoted = peek() == '"';
        if (!quoted) {
            // Be lenient like most readers: take up to ';' even with stray specials in it.
            const std::size_t start = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] != ';')
                ++m_pos;
            return std::string(trim_ascii(m_text.substr(start, m_pos - start)));
        }
        ++m_pos;
        // The run before the first quote or backslash in one piece (boundaries are long).
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != '"' && m_text[m_pos] != '\\')
            ++m_pos;
        std::string out(m_text.substr(start, m_pos - start));
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size())
                ++m_pos;
            out.push_back(m_text[m_pos++]);
        }
        if (m_pos < m_text.size())
            ++m_pos;
        else
            m_unterminated = true;
        return out;
    }

    // Skips to just after the next ';' (error recovery).
    void skip_past_semicolon() {
        while (m_pos < m_text.size() && m_text[m_pos] != ';')
            ++m_pos;
    }

    bool unterminated() const { return m_unterminated; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    bool m_unterminated = false;
};

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

struct Section {
    std::string value;
    bool extended = false; // "*" form: percent-encoded (and charset'lang' in section 0)
};

// RFC 2231: name*0*=utf-8''%ED%95%9C; name*1="abc" -> sections joined then decoded.
struct Continued {
    std::map<int, Section> sections;
    std::size_t order = 0; // where the first section appeared
};

} // namespace

Parameters parse_parameters(std::string_view text, Warnings* warnings) {
    Parameters simple;
    std::vector<std::pair<std::string, Continued>> continued;
    std::vector<std::pair<std::size_t, std::string>> order; // position -> name
    Scanner scanner(text);
    bool malformed = false;
    std::size_t position = 0;
    while (!scanner.done()) {
        if (scanner.peek() != ';') {
            malformed = true;
            scanner.skip_past_semicolon();
            continue;
        }
        scanner.advance();
        if (scanner.done())
            break;
        std::string name = to_lower_ascii(scanner.token());
        scanner.skip_cfws();
        if (name.empty() || scanner.peek() != '=') {
            malformed = true;
            scanner.skip_past_semicolon();
            continue;
        }
        scanner.advance();
        bool quoted = false;
        std::string value = scanner.value(quoted);
        ++position;
        // Split RFC 2231 decorations off the name: "name*", "name*0", "name*0*".
        const std::size_t star = name.find('*');
        if (star == std::string::npos) {
            if (quoted && value.find("=?") != std::string::npos)
                value = decode_encoded_words(value, warnings);
            if (!find_in(simple, name))
                simple.push_back(Parameter{name, sanitize_utf8(value)});
            order.emplace_back(position, std::move(name));
            continue;
        }
        std::string base = name.substr(0, star);
        std::string_view rest = std::string_view(name).substr(star + 1);
        Section section;
        int index = 0;
        if (rest.empty()) {
            section.extended = true; // name*=charset'lang'value
        } else {
            const bool extended = rest.back() == '*';
            if (extended)
                rest.remove_suffix(1);
            index = 0;
            bool digits = !rest.empty() && rest.size() < 4;
            for (char c : rest)
                digits = digits && c >= '0' && c <= '9';
            if (!digits) {
                malformed = true;
                continue;
            }
            for (char c : rest)
                index = index * 10 + (c - '0');
            section.extended = extended;
        }
        section.value = std::move(value);
        auto it = std::find_if(continued.begin(), continued.end(),
                               [&](const auto& entry) { return entry.first == base; });
        if (it == continued.end()) {
            continued.push_back({base, Continued{}});
            it = continued.end() - 1;
            it->second.order = position;
            order.emplace_back(position, base);
        }
        it->second.sections.emplace(index, std::move(section));
    }
    if (malformed)
        warn(warnings, "mime.warning.bad_parameter", "a malformed parameter was skipped");
    if (scanner.unterminated())
        warn(warnings, "mime.warning.unterminated_quote", "a quoted parameter value is not closed");
    if (continued.empty())
        return simple; // no RFC 2231 names (nearly always): the first of each name, in order

    Parameters out;
    for (const auto& ordered : order) {
        const std::string& name = ordered.second; // not a structured binding: lambdas capture it
        // RFC 2231 values win over plain ones of the same name (senders add both for old readers).
        auto it = std::find_if(continued.begin(), continued.end(),
                               [&](const auto& entry) { return entry.first == name; });
        if (it != continued.end()) {
            if (find_in(out, name))
                continue;
            std::string charset;
            Bytes bytes;
            bool first = true;
            int expected = 0;
            for (const auto& [index, section] : it->second.sections) {
                if (index != expected++) {
                    warn(warnings, "mime.warning.rfc2231_gap",
                         "RFC 2231 continuation sections of '" + name + "' have a gap");
                    break;
                }
                std::string_view piece = section.value;
                if (first && section.extended) {
                    // charset'language'value
                    const std::size_t q1 = piece.find('\'');
                    const std::size_t q2 =
                        q1 == std::string_view::npos ? q1 : piece.find('\'', q1 + 1);
                    if (q2 != std::string_view::npos) {
                        charset = std::string(piece.substr(0, q1));
                        piece = piece.substr(q2 + 1);
                    }
                }
                first = false;
                bytes += section.extended ? percent_decode(piece) : std::string(piece);
            }
            out.push_back(Parameter{name, charset.empty() ? sanitize_utf8(bytes)
                                                          : to_utf8(bytes, charset, warnings)});
            continue;
        }
        if (find_in(out, name))
            continue;
        const bool has_extended =
            std::any_of(continued.begin(), continued.end(),
                        [&](const auto& entry) { return entry.first == name; });
        if (!has_extended)
            out.push_back(*find_in(simple, name));
    }
    return out;
}

ContentType parse_content_type(std::string_view value, Warnings* warnings) {
    ContentType result;
    Scanner scanner(value);
    std::string type = to_lower_ascii(scanner.token());
    scanner.skip_cfws();
    std::string subtype;
    bool slash = scanner.peek() == '/';
    if (slash) {
        scanner.advance();
        subtype = to_lower_ascii(scanner.token());
    }
    const std::size_t semicolon = value.find(';');
    const std::string_view head = value.substr(0, semicolon);
    if (!slash || type.empty() || subtype.empty() ||
        std::count(head.begin(), head.end(), '/') != 1) {
        warn(warnings, "mime.warning.bad_content_type",
             "Content-Type '" + std::string(trim_ascii(head)) +
                 "' is not type/subtype; using text/plain");
    } else {
        result.type = std::move(type);
        result.subtype = std::move(subtype);
    }
    if (semicolon != std::string_view::npos)
        result.params = parse_parameters(value.substr(semicolon), warnings);
    return result;
}

ContentDisposition parse_content_disposition(std::string_view value, Warnings* warnings) {
    ContentDisposition result;
    Scanner scanner(value);
    result.type = to_lower_ascii(scanner.token());
    const std::size_t semicolon = value.find(';');
    if (semicolon != std::string_view::npos)
        result.params = parse_parameters(value.substr(semicolon), warnings);
    return result;
}

std::string format_parameter(std::string_view name, std::string_view value) {
    bool ascii = true, token = !value.empty();
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || u < 32)
            ascii = false;
        if (!is_token_char(c))
            token = false;
    }
    std::string out(name);
    if (!ascii) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        out += "*=utf-8''";
        for (char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if (is_token_char(c) && c != '*' && c != '\'' && c != '%') {
                out.push_back(c);
            } else {
                out.push_back('%');
                out.push_back(kHex[u >> 4]);
                out.push_back(kHex[u & 15]);
            }
        }
        return out;
    }
    out.push_back('=');
    if (token)
        return out + std::string(value);
    out.push_back('"');
    for (char c : value) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string format_content_type(const ContentType& type) {
    std::string out = type.mime_type();
    for (const auto& param : type.params)
        out += "; " + format_parameter(param.name, param.value);
    return out;
}

} // namespace mailsim::mail
