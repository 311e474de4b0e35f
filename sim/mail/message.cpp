#include "sim/mail/message.h"

#include "sim/mail/base64.h"
#include "sim/mail/charset.h"
#include "sim/mail/encoded_word.h"
#include "sim/mail/quoted_printable.h"

namespace mailsim::mail {

const char* transfer_encoding_name(TransferEncoding encoding) {
    switch (encoding) {
    case TransferEncoding::SevenBit:
        return "7bit";
    case TransferEncoding::EightBit:
        return "8bit";
    case TransferEncoding::Binary:
        return "binary";
    case TransferEncoding::QuotedPrintable:
        return "quoted-printable";
    case TransferEncoding::Base64:
        return "base64";
    case TransferEncoding::Unknown:
        return "unknown";
    }
    return "7bit";
}

ContentType Part::content_type() const {
    const auto value = headers.get("Content-Type");
    if (!value) {
        ContentType type;
        if (default_type == DefaultType::MessageRfc822) {
            type.type = "message";
            type.subtype = "rfc822";
        }
        return type;
    }
    return parse_content_type(*value);
}

std::optional<std::string> Part::transfer_encoding_field() const {
    const auto value = headers.get("Content-Transfer-Encoding");
    if (!value)
        return std::nullopt;
    return to_lower_ascii(trim_ascii(*value));
}

TransferEncoding Part::transfer_encoding() const {
    // Compared in place: asked for every part on every decode, and "quoted-printable" is one
    // character too long for std::string's small buffer.
    const auto value = headers.get("Content-Transfer-Encoding");
    const std::string_view name = value ? trim_ascii(*value) : std::string_view();
    if (name.empty() || equals_ci(name, "7bit"))
        return TransferEncoding::SevenBit;
    if (equals_ci(name, "8bit"))
        return TransferEncoding::EightBit;
    if (equals_ci(name, "binary"))
        return TransferEncoding::Binary;
    if (equals_ci(name, "quoted-printable"))
        return TransferEncoding::QuotedPrintable;
    if (equals_ci(name, "base64"))
        return TransferEncoding::Base64;
    return TransferEncoding::Unknown;
}

Bytes Part::decoded_body(Warnings* out_warnings) const {
    switch (transfer_encoding()) {
    case TransferEncoding::Base64:
        return base64_decode(body(), out_warnings);
    case TransferEncoding::QuotedPrintable:
        return qp_decode(body(), out_warnings);
    default:
        return Bytes(body());
    }
}

std::string Part::text(Warnings* out_warnings) const {
    const auto charset = content_type().param("charset");
    return to_utf8(decoded_body(out_warnings), charset ? *charset : "us-ascii", out_warnings);
}

std::optional<ContentDisposition> Part::disposition() const {
    const auto value = headers.get("Content-Disposition");
    if (!value)
        return std::nullopt;
    return parse_content_disposition(*value);
}

std::optional<std::string> Part::filename() const {
    std::optional<std::string> name;
    if (const auto disp = disposition())
        name = disp->param("filename");
    if (!name)
        name = content_type().param("name");
    if (!name)
        return std::nullopt;
    return std::string(trim_ascii(*name));
}

std::optional<std::string> Part::header_text(std::string_view name) const {
    const auto value = headers.get(name);
    if (!value)
        return std::nullopt;
    return decode_encoded_words(*value);
}

Result<std::vector<Address>> Part::addresses(std::string_view name) const {
    std::vector<Address> out;
    for (const HeaderField* field : headers.get_all(name)) {
        auto list = parse_address_list(field->value);
        if (!list)
            return Error{field->name + ": " + list.error().message, list.error().line,
                         list.error().column};
        for (auto& address : *list)
            out.push_back(std::move(address));
    }
    return out;
}

namespace {

struct Line {
    std::size_t start, text_end, next; // [start, text_end) text, [text_end, next) line ending
};

Line line_at(ByteView data, std::size_t pos) {
    std::size_t eol = data.find('\n', pos);
    Line line{pos, eol, eol + 1};
    if (eol == ByteView::npos) {
        line.text_end = data.size();
        line.next = data.size();
    } else if (eol > pos && data[eol - 1] == '\r') {
        line.text_end = eol - 1;
    }
    return line;
}

// Start of the line ending that precedes `pos` (it belongs to the boundary that follows).
std::size_t strip_line_ending_before(ByteView data, std::size_t from, std::size_t pos) {
    if (pos > from && data[pos - 1] == '\n') {
        --pos;
        if (pos > from && data[pos - 1] == '\r')
            --pos;
    }
    return pos;
}

// `data` is the part's range of the message buffer: children and bodies are ranges of it too.
void parse_part(Part& part, SharedBytes data, int depth, const ParseOptions& options);

void parse_multipart(Part& part, const ContentType& type, int depth, const ParseOptions& options,
                     const SharedBytes& body_bytes) {
    const auto boundary = type.param("boundary");
    if (!boundary || boundary->empty()) {
        warn(&part.warnings, "mime.warning.no_boundary",
             "multipart without a boundary parameter; the body is kept as one piece");
        return;
    }
    if (boundary->size() > 70)
        warn(&part.warnings, "mime.warning.long_boundary",
             "boundary is longer than the 70 characters RFC 2046 allows");
    const std::string delimiter = "--" + *boundary;
    const ByteView body = body_bytes.view();
    struct Found {
        std::size_t line_start, line_end, next;
        bool closing;
    };
    std::vector<Found> marks;
    std::size_t search = 0;
    bool closed = false;
    while (!closed) {
        const std::size_t hit = body.find(delimiter, search);
        if (hit == ByteView::npos)
            break;
        search = hit + 1;
        if (hit != 0 && body[hit - 1] != '\n')
            continue; // not at the start of a line
        const Line line = line_at(body, hit);
        std::size_t k = hit + delimiter.size();
        bool closing = false;
        if (k + 2 <= line.text_end && body[k] == '-' && body[k + 1] == '-') {
            closing = true;
            k += 2;
        }
        while (k < line.text_end && (body[k] == ' ' || body[k] == '\t'))
            ++k;
        if (k != line.text_end)
            continue; // "--boundaryX": a longer string that only starts like the boundary
        marks.push_back(Found{hit, line.text_end, line.next, closing});
        closed = closing;
        search = line.next;
    }
    if (marks.empty()) {
        warn(&part.warnings, "mime.warning.boundary_not_found",
             "the boundary \"" + *boundary + "\" never occurs in the body");
        return;
    }
    if (!closed)
        warn(&part.warnings, "mime.warning.unterminated_multipart",
             "multipart has no closing boundary \"" + delimiter + "--\"");
    if (marks.front().closing)
        warn(&part.warnings, "mime.warning.no_parts", "multipart has no body parts");
    part.set_preamble(
        body_bytes.slice(0, strip_line_ending_before(body, 0, marks.front().line_start)));
    if (options.boundaries == BoundaryTrace::On)
        for (const auto& mark : marks)
            part.boundaries.push_back(
                BoundaryMark{mark.line_start, mark.line_end - mark.line_start, mark.closing});
    const bool digest = type.subtype == "digest";
    for (std::size_t i = 0; i < marks.size(); ++i) {
        if (marks[i].closing)
            break;
        const std::size_t start = marks[i].next;
        const std::size_t end = i + 1 < marks.size()
                                    ? strip_line_ending_before(body, start, marks[i + 1].line_start)
                                    : body.size();
        Part& child = part.children.emplace_back();
        child.default_type = digest ? DefaultType::MessageRfc822 : DefaultType::TextPlain;
        parse_part(child, body_bytes.slice(start, end - start), depth + 1, options);
    }
    if (closed)
        part.set_epilogue(body_bytes.slice(marks.back().next));
}

// The part's Content-Type, parsed once with its warnings (the first field counts, as
// Part::content_type() has it).
ContentType read_content_type(Part& part) {
    const HeaderField* first = nullptr;
    std::size_t fields = 0;
    for (const auto& field : part.headers.fields()) {
        if (!equals_ci(field.name, "Content-Type"))
            continue;
        if (++fields == 1)
            first = &field;
    }
    if (!first)
        return part.content_type(); // the default, without parsing anything
    ContentType type = parse_content_type(first->value, &part.warnings);
    if (fields > 1) // after the value's own warnings, as they have always been listed
        warn(&part.warnings, "mime.warning.duplicate_field", "more than one Content-Type field");
    return type;
}

void parse_part(Part& part, SharedBytes data, int depth, const ParseOptions& options) {
    std::size_t consumed = 0;
    if (data.view().substr(0, 5) == "From ") {
        // An mbox "From " separator line, not a header field: skip it as mail readers do, at
        // the start of every part and enclosed message too (as Python's email does), so it does
        // not end the header block.
        const std::size_t eol = data.view().find('\n');
        data = data.slice(eol == ByteView::npos ? data.size() : eol + 1);
    }
    part.headers = parse_headers(data.view(), consumed, &part.warnings);
    part.set_body(data.slice(consumed));
    const ContentType type = read_content_type(part);
    if (part.transfer_encoding() == TransferEncoding::Unknown)
        warn(&part.warnings, "mime.warning.unknown_encoding",
             "unknown Content-Transfer-Encoding '" + part.transfer_encoding_field().value_or("") +
                 "'; the body is kept as it is");
    const bool container = type.is_multipart() || type.is("message", "rfc822") ||
                           type.is("message", "external-body") || type.is("message", "global") ||
                           type.is("message", "news");
    if (!container)
        return;
    if (depth >= options.max_depth) {
        warn(&part.warnings, "mime.warning.too_deep",
             "nesting deeper than " + std::to_string(options.max_depth) +
                 " levels; the rest is kept unparsed");
        return;
    }
    if (type.is_multipart()) {
        parse_multipart(part, type, depth, options, data.slice(consumed));
        return;
    }
    parse_part(part.children.emplace_back(), data.slice(consumed), depth + 1, options);
}

} // namespace

Message parse_message(ByteView raw, const ParseOptions& options) {
    return parse_message(std::make_shared<const Bytes>(raw), options);
}

Message parse_message(std::shared_ptr<const Bytes> raw, const ParseOptions& options) {
    Message message;
    parse_part(message, SharedBytes(std::move(raw)), 0, options);
    return message;
}

Bytes serialize(const Part& part) {
    Bytes out = part.headers.serialize();
    out.reserve(out.size() + 2 + part.body().size());
    out += kCrlf;
    out += part.body();
    return out;
}

void rebuild_body(Part& part) {
    if (part.children.empty())
        return;
    for (auto& child : part.children)
        rebuild_body(child);
    const ContentType type = part.content_type();
    if (!type.is_multipart()) {
        part.set_body(serialize(part.children.front()));
        return;
    }
    const std::string delimiter = "--" + type.param("boundary").value_or("");
    Bytes body;
    if (!part.preamble().empty()) {
        body += part.preamble();
        body += kCrlf;
    }
    for (const auto& child : part.children) {
        body += delimiter;
        body += kCrlf;
        body += serialize(child);
        body += kCrlf;
    }
    body += delimiter + "--";
    body += kCrlf;
    body += part.epilogue();
    part.set_body(std::move(body));
}

std::vector<const Part*> walk(const Part& part) {
    std::vector<const Part*> out;
    std::vector<const Part*> stack{&part};
    while (!stack.empty()) {
        const Part* current = stack.back();
        stack.pop_back();
        out.push_back(current);
        for (auto it = current->children.rbegin(); it != current->children.rend(); ++it)
            stack.push_back(&*it);
    }
    return out;
}

Bytes to_crlf(ByteView data) {
    Bytes out;
    out.reserve(data.size() + data.size() / 32);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (c == '\r') {
            out += kCrlf;
            if (i + 1 < data.size() && data[i + 1] == '\n')
                ++i;
        } else if (c == '\n') {
            out += kCrlf;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace mailsim::mail
