#include "imap_response.h"

#include <charconv>

namespace mailsim::imap {

namespace {

bool is_value_atom_char(char c) {
    return is_atom_char(c) || c == '\\' || c == ']';
}

Result<Value> parse_value(Lexer& lexer, ByteView input, int depth);

Result<Value> parse_atom_value(Lexer& lexer, ByteView input) {
    // Atoms in responses include flags ("\Seen", "\*") and FETCH names with a section,
    // "BODY[HEADER.FIELDS (FROM TO)]<0>", whose brackets hold spaces and parentheses.
    const std::size_t start = lexer.position();
    std::size_t pos = start;
    if (pos < input.size() && input[pos] == '\\') {
        ++pos;
        if (pos < input.size() && input[pos] == '*')
            ++pos;
    }
    while (pos < input.size()) {
        const char c = input[pos];
        if (c == '[') {
            const std::size_t close = input.find(']', pos);
            if (close == ByteView::npos)
                return make_error("unterminated '[' in a response");
            pos = close + 1;
            if (pos < input.size() && input[pos] == '<') {
                const std::size_t end = input.find('>', pos);
                if (end == ByteView::npos)
                    return make_error("unterminated '<' in a response");
                pos = end + 1;
            }
            continue;
        }
        if (c != '\\' && !is_value_atom_char(c))
            break;
        ++pos;
    }
    if (pos == start)
        return make_error("unexpected character in response data");
    Value value;
    value.type = Value::Type::Atom;
    value.text = std::string(input.substr(start, pos - start));
    bool digits = true;
    for (char c : value.text)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        auto [end, ec] =
            std::from_chars(value.text.data(), value.text.data() + value.text.size(), value.number);
        if (ec == std::errc{} && end == value.text.data() + value.text.size())
            value.type = Value::Type::Number;
    } else if (equals_ci(value.text, "NIL")) {
        value.type = Value::Type::Nil;
        value.text.clear();
    }
    lexer.advance_to(pos);
    return value;
}

Result<Value> parse_value(Lexer& lexer, ByteView input, int depth) {
    if (depth > kMaxValueDepth)
        return make_error("response data nested too deeply");
    if (lexer.peek() == '"' || lexer.peek() == '{') {
        auto text = lexer.string();
        if (!text)
            return text.error();
        Value value;
        value.type = Value::Type::String;
        value.text = std::move(*text);
        return value;
    }
    if (lexer.consume('(')) {
        Value list;
        list.type = Value::Type::List;
        if (lexer.consume(')'))
            return list;
        for (;;) {
            auto item = parse_value(lexer, input, depth + 1);
            if (!item)
                return item.error();
            list.items.push_back(std::move(*item));
            if (lexer.consume(')'))
                return list;
            if (lexer.peek() == '(')
                continue; // address lists and multipart bodies have no space: "(...)(...)"
            if (auto space = lexer.expect_space(); !space)
                return space.error();
        }
    }
    return parse_atom_value(lexer, input);
}

std::optional<ResponseStatus> status_from_word(std::string_view word) {
    for (auto status : {ResponseStatus::Ok, ResponseStatus::No, ResponseStatus::Bad,
                        ResponseStatus::Preauth, ResponseStatus::Bye})
        if (equals_ci(word, status_word(status)))
            return status;
    return std::nullopt;
}

// "[code] text" after a status word.
Status parse_resp_text(Lexer& lexer, Response& response) {
    if (!lexer.consume(' '))
        return Ok{}; // RFC 3501 wants text, but a bare "A1 OK" is common enough to accept
    ByteView rest = lexer.rest();
    if (!rest.empty() && rest.front() == '[') {
        const std::size_t close = rest.find(']');
        if (close == ByteView::npos)
            return make_error("unterminated response code");
        response.code = std::string(rest.substr(1, close - 1));
        rest.remove_prefix(close + 1);
        if (!rest.empty() && rest.front() == ' ')
            rest.remove_prefix(1);
    }
    response.text = std::string(rest);
    return Ok{};
}

Status parse_data(Lexer& lexer, ByteView input, Response& response) {
    while (lexer.consume(' ')) {
        if (lexer.at_end())
            break; // a trailing space: lenient
        auto value = parse_value(lexer, input, 0);
        if (!value)
            return value.error();
        response.data.push_back(std::move(*value));
    }
    return lexer.expect_end();
}

} // namespace

std::string_view status_word(ResponseStatus status) {
    switch (status) {
    case ResponseStatus::Ok:
        return "OK";
    case ResponseStatus::No:
        return "NO";
    case ResponseStatus::Bad:
        return "BAD";
    case ResponseStatus::Preauth:
        return "PREAUTH";
    case ResponseStatus::Bye:
        return "BYE";
    case ResponseStatus::None:
        break;
    }
    return "";
}

bool Value::is_atom(std::string_view word) const {
    return type == Type::Atom && equals_ci(text, word);
}

std::string Response::explanation_key() const {
    if (kind == Kind::Continuation)
        return "imap.resp.continuation";
    if (status != ResponseStatus::None)
        return "imap.resp." + std::string(status_word(status));
    return "imap.resp." + name;
}

std::string Response::code_key() const {
    if (code.empty())
        return "";
    const std::size_t space = code.find(' ');
    return "imap.code." + to_upper_ascii(code.substr(0, space));
}

Result<Response> parse_response(ByteView bytes) {
    Lexer lexer(bytes);
    Response response;
    if (lexer.consume('+')) {
        response.kind = Response::Kind::Continuation;
        if (lexer.consume(' '))
            response.text = std::string(lexer.rest());
        return response;
    }
    if (lexer.consume('*')) {
        response.kind = Response::Kind::Untagged;
        if (auto space = lexer.expect_space(); !space)
            return space.error();
        if (lexer.peek() >= '0' && lexer.peek() <= '9') {
            auto number = lexer.number();
            if (!number)
                return number.error();
            response.number = *number;
            if (auto space = lexer.expect_space(); !space)
                return space.error();
        }
    } else {
        response.kind = Response::Kind::Tagged;
        auto tag = lexer.tag();
        if (!tag)
            return make_error("a response starts with '*', '+' or a tag");
        response.tag = std::move(*tag);
        if (auto space = lexer.expect_space(); !space)
            return space.error();
    }
    auto word = lexer.atom();
    if (!word)
        return word.error();
    if (auto status = status_from_word(*word)) {
        if (response.number)
            return make_error("a status response has no message number");
        response.status = *status;
        if (auto text = parse_resp_text(lexer, response); !text)
            return text.error();
        return response;
    }
    if (response.kind == Response::Kind::Tagged)
        return make_error("a tagged response must be OK, NO or BAD");
    response.name = to_upper_ascii(*word);
    if (auto data = parse_data(lexer, bytes, response); !data)
        return data.error();
    return response;
}

std::string format_status(std::string_view tag_or_star, ResponseStatus status,
                          std::string_view code, std::string_view text) {
    std::string out(tag_or_star);
    out += ' ';
    out += status_word(status);
    if (!code.empty()) {
        out += " [";
        out += code;
        out += ']';
    }
    out += ' ';
    out += text;
    out += "\r\n";
    return out;
}

std::string format_continuation(std::string_view text) {
    return "+ " + std::string(text) + "\r\n";
}

std::optional<Value> fetch_value(const Response& fetch, std::string_view item_name) {
    if (fetch.data.empty() || fetch.data.front().type != Value::Type::List)
        return std::nullopt;
    const auto& items = fetch.data.front().items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
        if (items[i].type == Value::Type::Atom && equals_ci(items[i].text, item_name))
            return items[i + 1];
    return std::nullopt;
}

} // namespace mailsim::imap
