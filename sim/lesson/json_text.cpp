#include "sim/lesson/json_text.h"

#include "sim/core/hex.h"
#include "sim/core/json_quote.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mailsim::lesson {

JsonValue JsonValue::boolean(bool value) {
    JsonValue v;
    v.m_kind = Kind::Bool;
    v.m_bool = value;
    return v;
}
JsonValue JsonValue::number(double value) {
    JsonValue v;
    v.m_kind = Kind::Number;
    v.m_number = value;
    return v;
}
JsonValue JsonValue::string(std::string value) {
    JsonValue v;
    v.m_kind = Kind::String;
    v.m_string = std::move(value);
    return v;
}
JsonValue JsonValue::array() {
    JsonValue v;
    v.m_kind = Kind::Array;
    return v;
}
JsonValue JsonValue::object() {
    JsonValue v;
    v.m_kind = Kind::Object;
    return v;
}

const JsonValue* JsonValue::find(std::string_view key) const {
    auto it = m_members.find(std::string(key));
    return it == m_members.end() ? nullptr : &it->second;
}

namespace {

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    Result<JsonValue> parse_document() {
        auto value = parse_value(0);
        if (!value)
            return value;
        skip_space();
        if (m_at != m_text.size())
            return fail("unexpected text after the JSON value");
        return value;
    }

private:
    Error fail(std::string message) const {
        int line = 1, column = 1;
        for (size_t i = 0; i < m_at && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return make_error(std::move(message), line, column);
    }

    void skip_space() {
        while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\n' ||
                                        m_text[m_at] == '\r' || m_text[m_at] == '\t'))
            ++m_at;
    }

    bool take(std::string_view word) {
        if (m_text.substr(m_at).starts_with(word)) {
            m_at += word.size();
            return true;
        }
        return false;
    }

    Result<JsonValue> parse_value(int depth) {
        if (depth > 64)
            return fail("JSON nested too deeply");
        skip_space();
        if (m_at >= m_text.size())
            return fail("unexpected end of JSON");
        const char c = m_text[m_at];
        if (c == '{')
            return parse_object(depth);
        if (c == '[')
            return parse_array(depth);
        if (c == '"') {
            auto text = parse_string();
            if (!text)
                return text.error();
            return JsonValue::string(std::move(*text));
        }
        if (take("true"))
            return JsonValue::boolean(true);
        if (take("false"))
            return JsonValue::boolean(false);
        if (take("null"))
            return JsonValue{};
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number();
        return fail(std::string("unexpected character '") + c + "'");
    }

    Result<JsonValue> parse_number() {
        const size_t start = m_at;
        if (m_text[m_at] == '-')
            ++m_at;
        while (m_at < m_text.size() &&
               std::string_view("0123456789.eE+-").find(m_text[m_at]) != std::string_view::npos)
            ++m_at;
        const std::string digits(m_text.substr(start, m_at - start));
        char* end = nullptr;
        const double value = std::strtod(digits.c_str(), &end);
        if (end != digits.c_str() + digits.size() || !std::isfinite(value))
            return fail("bad number '" + digits + "'");
        return JsonValue::number(value);
    }

    static void append_utf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    Result<unsigned> parse_hex4() {
        if (m_at + 4 > m_text.size())
            return fail("short \\u escape");
        unsigned code = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_at++];
            const int digit = hex_value(h);
            if (digit < 0)
                return fail("bad \\u escape");
            code = (code << 4) | static_cast<unsigned>(digit);
        }
        return code;
    }

    Result<std::string> parse_string() {
        ++m_at; // opening quote
        std::string out;
        while (m_at < m_text.size()) {
            const char c = m_text[m_at++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                return fail("control character in string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_at >= m_text.size())
                break;
            const char e = m_text[m_at++];
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                auto code = parse_hex4();
                if (!code)
                    return code.error();
                unsigned value = *code;
                if (value >= 0xD800 && value < 0xDC00 && take("\\u")) {
                    auto low = parse_hex4();
                    if (!low)
                        return low.error();
                    if (*low < 0xDC00 || *low > 0xDFFF)
                        return fail("bad surrogate pair");
                    value = 0x10000 + ((value - 0xD800) << 10) + (*low - 0xDC00);
                }
                append_utf8(out, value);
                break;
            }
            default:
                return fail(std::string("bad escape \\") + e);
            }
        }
        return fail("unclosed string");
    }

    Result<JsonValue> parse_array(int depth) {
        ++m_at;
        JsonValue array = JsonValue::array();
        skip_space();
        if (take("]"))
            return array;
        while (true) {
            auto item = parse_value(depth + 1);
            if (!item)
                return item;
            array.push(std::move(*item));
            skip_space();
            if (take("]"))
                return array;
            if (!take(","))
                return fail("expected ',' or ']'");
        }
    }

    Result<JsonValue> parse_object(int depth) {
        ++m_at;
        JsonValue object = JsonValue::object();
        skip_space();
        if (take("}"))
            return object;
        while (true) {
            skip_space();
            if (m_at >= m_text.size() || m_text[m_at] != '"')
                return fail("expected a key in quotes");
            auto key = parse_string();
            if (!key)
                return key.error();
            skip_space();
            if (!take(":"))
                return fail("expected ':'");
            auto value = parse_value(depth + 1);
            if (!value)
                return value;
            object.set(*key, std::move(*value));
            skip_space();
            if (take("}"))
                return object;
            if (!take(","))
                return fail("expected ',' or '}'");
        }
    }

    std::string_view m_text;
    size_t m_at = 0;
};

} // namespace

void JsonValue::dump_to(std::string& out) const {
    switch (m_kind) {
    case Kind::Null:
        out += "null";
        return;
    case Kind::Bool:
        out += m_bool ? "true" : "false";
        return;
    case Kind::Number: {
        char buffer[32];
        if (m_number == std::floor(m_number) && std::fabs(m_number) < 1e15)
            std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(m_number));
        else
            std::snprintf(buffer, sizeof buffer, "%.17g", m_number);
        out += buffer;
        return;
    }
    case Kind::String:
        append_json_quoted(out, m_string);
        return;
    case Kind::Array: {
        out += '[';
        for (size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ',';
            m_items[i].dump_to(out);
        }
        out += ']';
        return;
    }
    case Kind::Object: {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : m_members) {
            if (!first)
                out += ',';
            first = false;
            append_json_quoted(out, key);
            out += ':';
            value.dump_to(out);
        }
        out += '}';
        return;
    }
    }
}

std::string JsonValue::dump() const {
    std::string out;
    dump_to(out);
    return out;
}

Result<JsonValue> parse_json(std::string_view text) {
    return Parser(text).parse_document();
}

} // namespace mailsim::lesson
