#include "sim/mail/header.h"

namespace mailsim::mail {

const HeaderField* Headers::find(std::string_view name) const {
    for (const auto& field : m_fields)
        if (equals_ci(field.name, name))
            return &field;
    return nullptr;
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
    const HeaderField* field = find(name);
    if (!field)
        return std::nullopt;
    return std::string_view(field->value);
}

std::vector<const HeaderField*> Headers::get_all(std::string_view name) const {
    std::vector<const HeaderField*> out;
    for (const auto& field : m_fields)
        if (equals_ci(field.name, name))
            out.push_back(&field);
    return out;
}

void Headers::add(std::string name, std::string value) {
    m_fields.push_back(HeaderField{std::move(name), std::move(value), {}});
}

void Headers::prepend(std::string name, std::string value) {
    m_fields.insert(m_fields.begin(), HeaderField{std::move(name), std::move(value), {}});
}

void Headers::add_raw(HeaderField field) {
    m_fields.push_back(std::move(field));
}

void Headers::set(std::string name, std::string value) {
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        if (!equals_ci(it->name, name))
            continue;
        it->name = std::move(name);
        it->value = std::move(value);
        it->raw.clear();
        const std::string_view kept = it->name;
        auto rest = it + 1;
        while (rest != m_fields.end()) {
            if (equals_ci(rest->name, kept))
                rest = m_fields.erase(rest);
            else
                ++rest;
        }
        return;
    }
    add(std::move(name), std::move(value));
}

std::size_t Headers::remove(std::string_view name) {
    const std::size_t before = m_fields.size();
    std::erase_if(m_fields, [&](const HeaderField& field) { return equals_ci(field.name, name); });
    return before - m_fields.size();
}

Bytes Headers::serialize() const {
    Bytes out;
    for (const auto& field : m_fields) {
        if (field.raw.empty()) {
            out += fold_field(field.name, field.value);
            continue;
        }
        // A raw field read from an LF-only message still goes out with CRLF line ends.
        for (std::size_t i = 0; i < field.raw.size(); ++i) {
            const char c = field.raw[i];
            if (c == '\n' && (i == 0 || field.raw[i - 1] != '\r'))
                out += kCrlf;
            else
                out.push_back(c);
        }
        if (out.back() != '\n')
            out += kCrlf;
    }
    return out;
}

std::string unfold(std::string_view value) {
    if (value.find('\n') == std::string_view::npos && value.find('\r') == std::string_view::npos)
        return std::string(value); // one line: nothing to unfold (the common case)
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n')
            continue;
        if (c == '\n')
            continue;
        out.push_back(c);
    }
    return out;
}

namespace {

bool is_field_name_char(char c) {
    // RFC 5322 ftext: printable US-ASCII except ':'.
    return c > 32 && c < 127 && c != ':';
}

} // namespace

Headers parse_headers(ByteView data, std::size_t& consumed, Warnings* warnings) {
    Headers headers;
    headers.reserve(12); // a typical message's fields, without growing 1, 2, 4, 8, 16
    std::size_t pos = 0;
    const std::size_t size = data.size();
    bool warned_bad_line = false;
    bool warned_leading_continuation = false;
    // Where a skipped indented first line began: if no field follows, it is body after all.
    std::size_t skipped_from = ByteView::npos;
    while (pos < size) {
        std::size_t eol = data.find('\n', pos);
        std::size_t next = eol == ByteView::npos ? size : eol + 1;
        std::size_t text_end = eol == ByteView::npos ? size : eol;
        if (text_end > pos && data[text_end - 1] == '\r')
            --text_end;
        if (text_end == pos) { // the empty line: end of the header block
            pos = next;
            consumed = pos;
            return headers;
        }
        const ByteView line = data.substr(pos, text_end - pos);
        if (headers.fields().empty() && (line[0] == ' ' || line[0] == '\t')) {
            // A continuation line with no field before it (often one of only white space):
            // skipped, as Python's email does (FirstHeaderLineIsContinuationDefect), so the
            // fields after it are not lost.
            if (!warned_leading_continuation)
                warn(warnings, "mime.warning.leading_continuation",
                     "the header block starts with an indented line, which continues no field; it "
                     "is "
                     "not a header");
            warned_leading_continuation = true;
            if (skipped_from == ByteView::npos)
                skipped_from = pos;
            pos = next;
            continue;
        }
        std::size_t colon = 0;
        while (colon < line.size() && is_field_name_char(line[colon]))
            ++colon;
        // Obsolete syntax allows white space before the colon (RFC 5322 4.5).
        std::size_t name_end = colon;
        while (colon < line.size() && (line[colon] == ' ' || line[colon] == '\t'))
            ++colon;
        if (name_end == 0 || colon >= line.size() || line[colon] != ':') {
            // Not a field (and not a continuation): the body starts here without a blank line.
            if (!warned_bad_line)
                warn(warnings, "mime.warning.missing_blank_line",
                     "a line that is not a header field ends the header block; no blank line "
                     "before the body");
            warned_bad_line = true;
            consumed =
                headers.fields().empty() && skipped_from != ByteView::npos ? skipped_from : pos;
            return headers;
        }
        // Gather continuation lines (folding).
        std::size_t field_end = next;
        while (field_end < size && (data[field_end] == ' ' || data[field_end] == '\t')) {
            std::size_t more = data.find('\n', field_end);
            field_end = more == ByteView::npos ? size : more + 1;
        }
        HeaderField field;
        field.name = std::string(line.substr(0, name_end));
        field.raw = Bytes(data.substr(pos, field_end - pos));
        std::size_t value_start = pos + colon + 1;
        std::size_t value_end = field_end;
        while (value_end > value_start &&
               (data[value_end - 1] == '\n' || data[value_end - 1] == '\r'))
            --value_end;
        while (value_start < value_end && (data[value_start] == ' ' || data[value_start] == '\t'))
            ++value_start;
        field.value = unfold(data.substr(value_start, value_end - value_start));
        // Leading white space of a value that starts on a continuation line goes too.
        std::size_t lead = 0;
        while (lead < field.value.size() && (field.value[lead] == ' ' || field.value[lead] == '\t'))
            ++lead;
        if (lead > 0)
            field.value.erase(0, lead);
        headers.add_raw(std::move(field));
        pos = field_end;
    }
    consumed = headers.fields().empty() && skipped_from != ByteView::npos ? skipped_from : size;
    return headers;
}

Bytes fold_field(std::string_view name, std::string_view raw_value, std::size_t width) {
    if (name.size() + 2 + raw_value.size() <= width &&
        raw_value.find_first_of("\r\n") == std::string_view::npos) {
        // Fits on one line as it is (most fields): what the token loop below would produce.
        Bytes out;
        out.reserve(name.size() + raw_value.size() + 4);
        out.append(name).append(": ").append(raw_value).append(kCrlf);
        return out;
    }
    // Line breaks inside a value would end the field early (header injection): drop them.
    std::string value;
    value.reserve(raw_value.size());
    for (char c : raw_value)
        if (c != '\r' && c != '\n')
            value.push_back(c);
    Bytes out;
    out.reserve(name.size() + value.size() + 8);
    out.append(name);
    out += ": ";
    std::size_t line_start = 0; // offset in `out` of the current line
    std::size_t i = 0;
    while (i < value.size()) {
        // Next token: leading white space plus the following non-white run.
        std::size_t j = i;
        while (j < value.size() && (value[j] == ' ' || value[j] == '\t'))
            ++j;
        while (j < value.size() && value[j] != ' ' && value[j] != '\t')
            ++j;
        const std::string_view token = std::string_view(value).substr(i, j - i);
        const bool starts_white = token.front() == ' ' || token.front() == '\t';
        const bool has_text = out.size() - line_start > name.size() + 2 || line_start > 0;
        if (starts_white && has_text && out.size() - line_start + token.size() > width) {
            out += kCrlf; // fold before the white space, which starts the next line
            line_start = out.size();
        }
        out.append(token);
        i = j;
    }
    out += kCrlf;
    return out;
}

} // namespace mailsim::mail
