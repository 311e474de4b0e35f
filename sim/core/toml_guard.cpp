#include "sim/core/toml_guard.h"

#include "sim/core/source_pos.h"
#include "sim/core/text_lines.h"

namespace mailsim {
namespace {

bool is_key_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '"' || c == '\'' || c == ']';
}

// A small TOML scanner that knows just enough to tell a table header from a `[` inside a
// value: strings (one-line and multi-line, basic and literal), comments and bracket depth.
class Scanner {
public:
    std::optional<Error> line(std::string_view text, int number) {
        size_t i = 0;
        if (m_multi_line != 0) {
            i = close_multi_line(text, 0);
            if (m_multi_line != 0)
                return std::nullopt;
        } else if (m_depth == 0) {
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
                ++i;
            if (i < text.size() && text[i] == '[') {
                if (auto problem = header(text, i, number))
                    return problem;
                return non_ascii_outside_quotes(text, i, number);
            }
        }
        return scan_values(text, i, number);
    }

private:
    std::optional<Error> header(std::string_view text, size_t i, int number) {
        ++i;
        if (i < text.size() && text[i] == '[')
            ++i;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        const bool ok = i < text.size() && is_key_start(static_cast<unsigned char>(text[i]));
        if (ok)
            return std::nullopt; // toml++ reports any other problem of the header itself
        return make_error("a table name must follow '[' (letters, digits, _ or -)", number,
                          column_of(text, i));
    }

    // A table header line: quoted keys may hold any character, bare ones only ASCII.
    static std::optional<Error> non_ascii_outside_quotes(std::string_view text, size_t i,
                                                         int number) {
        char quote = 0;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (quote) {
                if (c == quote)
                    quote = 0;
                continue;
            }
            if (c == '#')
                return std::nullopt;
            if (c == '"' || c == '\'')
                quote = c;
            else if (static_cast<unsigned char>(c) >= 0x80)
                return make_error("non-ASCII characters belong inside a quoted string or a comment",
                                  number, column_of(text, i));
        }
        return std::nullopt;
    }

    // Returns the index after the closing delimiter, or text.size() if it is not on this line.
    size_t close_multi_line(std::string_view text, size_t i) {
        const std::string_view delimiter = m_multi_line == '"' ? "\"\"\"" : "'''";
        for (; i + 3 <= text.size(); ++i) {
            if (m_multi_line == '"' && text[i] == '\\') {
                ++i;
                continue;
            }
            if (text.substr(i, 3) == delimiter) {
                m_multi_line = 0;
                return i + 3;
            }
        }
        return text.size();
    }

    // toml++ 3.3 reaches an "unreachable" branch when it meets some non-ASCII characters
    // (U+00A1..U+0499 among them) where only white space or a bare key may stand, which is
    // undefined behaviour in release builds. TOML allows non-ASCII only inside strings and
    // comments, so such a character is reported here, with its position, before parsing.
    std::optional<Error> scan_values(std::string_view text, size_t i, int number) {
        while (i < text.size()) {
            const char c = text[i];
            if (c == '#')
                return std::nullopt;
            if (static_cast<unsigned char>(c) >= 0x80)
                return make_error("non-ASCII characters belong inside a quoted string or a comment",
                                  number, column_of(text, i));
            if (c == '"' || c == '\'') {
                if (text.substr(i, 3) == std::string(3, c)) {
                    m_multi_line = c;
                    i = close_multi_line(text, i + 3);
                    if (m_multi_line != 0)
                        return std::nullopt;
                    continue;
                }
                ++i;
                while (i < text.size() && text[i] != c) {
                    if (c == '"' && text[i] == '\\')
                        ++i;
                    ++i;
                }
                ++i;
                continue;
            }
            if (c == '[' || c == '{')
                ++m_depth;
            else if ((c == ']' || c == '}') && m_depth > 0)
                --m_depth;
            ++i;
        }
        return std::nullopt;
    }

    int m_depth = 0;       // open [ and { of values
    char m_multi_line = 0; // '"' or '\'' inside a multi-line string
};

} // namespace

std::optional<Error> find_toml_hazard(std::string_view text) {
    Scanner scanner;
    std::string_view line;
    for (TextLines lines(text); lines.next(line);)
        if (auto hazard = scanner.line(line, lines.number()))
            return hazard;
    return std::nullopt;
}

} // namespace mailsim
