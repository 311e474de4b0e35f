#include "sim/mail/partial.h"

#include "sim/core/sha256.h"
#include "sim/mail/text_checks.h"

#include <algorithm>
#include <charconv>

namespace mailsim::mail {
namespace {

// Fields that belong to the enclosed message (RFC 2046 5.2.2.1).
bool is_enclosed_field(std::string_view name) {
    return starts_with_ci(name, "Content-") || equals_ci(name, "Subject") ||
           equals_ci(name, "Message-ID") || equals_ci(name, "Encrypted") ||
           equals_ci(name, "MIME-Version");
}

Bytes fragment_header(const Headers& original, const std::string& id, std::size_t number,
                      std::size_t total) {
    Headers outer;
    for (const auto& field : original.fields())
        if (!is_enclosed_field(field.name) || equals_ci(field.name, "Subject"))
            outer.add(field.name, field.value);
    outer.add("MIME-Version", "1.0");
    outer.add("Content-Type", "message/partial; id=\"" + id + "\"; number=" +
                                  std::to_string(number) + "; total=" + std::to_string(total));
    return outer.serialize() + std::string(kCrlf);
}

int to_int(const std::optional<std::string>& text) {
    if (!text)
        return 0;
    int value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size())
        return -1;
    return value;
}

} // namespace

Result<PartialInfo> partial_info(const Part& fragment) {
    const ContentType type = fragment.content_type();
    if (!type.is("message", "partial"))
        return make_error("not a message/partial fragment (Content-Type is " + type.mime_type() +
                          ")");
    PartialInfo info;
    info.id = type.param("id").value_or("");
    info.number = to_int(type.param("number"));
    info.total = to_int(type.param("total"));
    if (info.id.empty())
        return make_error("message/partial without an id parameter");
    if (info.number < 1)
        return make_error("message/partial without a valid number parameter");
    if (info.total < 0)
        return make_error("message/partial with an invalid total parameter");
    return info;
}

Result<std::vector<Bytes>> split_partial(ByteView message, std::size_t max_bytes, std::string id) {
    const Bytes canonical = to_crlf(message);
    if (!is_7bit(canonical) || longest_line(canonical) > kMaxLineLength)
        return make_error("message/partial fragments must be 7bit; encode 8-bit and binary parts "
                          "(base64 or quoted-printable) before splitting");
    if (id.empty())
        id = sha256_hex(canonical).substr(0, 32) + "@mailsim";
    const Message parsed = parse_message(canonical);
    // The header size hardly depends on the numbers; reserve room for the widest ones.
    const std::size_t header_size = fragment_header(parsed.headers, id, 99999, 99999).size();
    if (max_bytes <= header_size + 2)
        return make_error("--max-bytes " + std::to_string(max_bytes) +
                          " leaves no room for data after the fragment header (" +
                          std::to_string(header_size) + " octets)");
    const std::size_t budget = max_bytes - header_size;
    std::vector<ByteView> pieces;
    std::size_t start = 0;
    const ByteView all = canonical;
    while (start < all.size()) {
        std::size_t end = start;
        // Take whole lines while they fit.
        while (end < all.size()) {
            std::size_t eol = all.find('\n', end);
            const std::size_t next = eol == ByteView::npos ? all.size() : eol + 1;
            if (next - start > budget)
                break;
            end = next;
        }
        if (end == start)
            return make_error("a line of " + std::to_string(all.find('\n', start) - start) +
                              " octets does not fit in fragments of " + std::to_string(max_bytes) +
                              " octets");
        pieces.push_back(all.substr(start, end - start));
        start = end;
    }
    std::vector<Bytes> out;
    for (std::size_t i = 0; i < pieces.size(); ++i)
        out.push_back(fragment_header(parsed.headers, id, i + 1, pieces.size()) +
                      std::string(pieces[i]));
    return out;
}

Result<Bytes> join_partial(const std::vector<ByteView>& fragments) {
    if (fragments.empty())
        return make_error("no fragments to join");
    struct Piece {
        int number;
        Message message;
    };
    std::vector<Piece> pieces;
    std::string id;
    int total = 0;
    for (const ByteView raw : fragments) {
        Message message = parse_message(raw);
        auto info = partial_info(message);
        if (!info)
            return info.error();
        if (id.empty())
            id = info->id;
        else if (info->id != id)
            return make_error("fragments of different messages: id \"" + info->id + "\" and \"" +
                              id + "\"");
        if (info->total > 0) {
            if (total > 0 && total != info->total)
                return make_error("fragments disagree on the total (" + std::to_string(total) +
                                  " and " + std::to_string(info->total) + ")");
            total = info->total;
        }
        pieces.push_back(Piece{info->number, std::move(message)});
    }
    std::sort(pieces.begin(), pieces.end(),
              [](const Piece& a, const Piece& b) { return a.number < b.number; });
    if (total == 0)
        return make_error("no fragment gives the total number of fragments");
    for (std::size_t i = 1; i < pieces.size(); ++i)
        if (pieces[i].number == pieces[i - 1].number)
            return make_error("fragment " + std::to_string(pieces[i].number) + " appears twice");
    for (std::size_t i = 0; i < pieces.size(); ++i)
        if (pieces[i].number != static_cast<int>(i) + 1)
            return make_error("fragment " + std::to_string(i + 1) + " of " + std::to_string(total) +
                              " is missing");
    if (static_cast<int>(pieces.size()) != total)
        return make_error("fragment " + std::to_string(pieces.size() + 1) + " of " +
                          std::to_string(total) + " is missing");
    Bytes enclosed;
    for (const auto& piece : pieces)
        enclosed += piece.message.body();
    const Message inner = parse_message(enclosed);
    Headers headers;
    for (const auto& field : pieces.front().message.headers.fields())
        if (!is_enclosed_field(field.name))
            headers.add_raw(field);
    for (const auto& field : inner.headers.fields())
        if (is_enclosed_field(field.name))
            headers.add_raw(field);
    Bytes out = headers.serialize();
    out += kCrlf;
    out += inner.body();
    return out;
}

} // namespace mailsim::mail
