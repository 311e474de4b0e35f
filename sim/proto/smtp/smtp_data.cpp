#include "smtp_data.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace mailsim::smtp {

namespace {
// Calls line(text, length) for each line of `content`, whatever ends it: CRLF, a bare LF or a
// bare CR; a last line without an ending counts if it is not empty. Line ends are found with
// memchr and the text between them is handed over whole: a message is looked at octet by
// octet only inside libc's vectorised search (this runs once per message per hop, and a
// char-by-char scan was a visible share of a relay run).
template <class LineFn>
void for_each_line(ByteView content, LineFn line) {
    const char* data = content.data();
    const std::size_t size = content.size();
    std::size_t i = 0;
    while (i < size) {
        const auto* lf = static_cast<const char*>(std::memchr(data + i, '\n', size - i));
        const std::size_t end = lf ? static_cast<std::size_t>(lf - data) : size;
        // A CR right before the LF belongs to it; any other CR is a line end of its own.
        const std::size_t text_end = lf && end > i && data[end - 1] == '\r' ? end - 1 : end;
        std::size_t j = i;
        while (const auto* cr =
                   static_cast<const char*>(std::memchr(data + j, '\r', text_end - j))) {
            line(data + j, static_cast<std::size_t>(cr - (data + j)));
            j = static_cast<std::size_t>(cr - data) + 1;
        }
        if (lf || text_end > j)
            line(data + j, text_end - j);
        if (!lf)
            break;
        i = end + 1;
    }
}
} // namespace

Bytes normalize_line_endings(ByteView content) {
    Bytes out;
    out.reserve(content.size() + content.size() / 32 + 2);
    for_each_line(content, [&](const char* text, std::size_t length) {
        out.append(text, length);
        out += "\r\n";
    });
    return out;
}

Bytes normalize_and_stuff(ByteView content, std::size_t& normalized_size) {
    Bytes out;
    out.reserve(content.size() + content.size() / 32 + 8);
    std::size_t size = 0;
    for_each_line(content, [&](const char* text, std::size_t length) {
        if (length > 0 && text[0] == '.')
            out += '.';
        out.append(text, length);
        out += "\r\n";
        size += length + 2;
    });
    out += ".\r\n";
    normalized_size = size;
    return out;
}

Bytes dot_stuff(ByteView normalized) {
    Bytes out;
    out.reserve(normalized.size() + 8);
    std::size_t start = 0;
    while (start < normalized.size()) {
        const std::size_t lf = normalized.find('\n', start);
        const std::size_t end = lf == ByteView::npos ? normalized.size() : lf + 1;
        if (normalized[start] == '.')
            out += '.';
        out.append(normalized.data() + start, end - start);
        start = end;
    }
    out += ".\r\n";
    return out;
}

Bytes dot_unstuff(ByteView stuffed) {
    Bytes out;
    std::size_t pos = 0;
    while (pos < stuffed.size()) {
        std::size_t end = stuffed.find("\r\n", pos);
        const bool last = end == ByteView::npos;
        ByteView line = stuffed.substr(pos, last ? ByteView::npos : end - pos);
        if (line == ".")
            break;
        if (!line.empty() && line.front() == '.')
            line.remove_prefix(1);
        out.append(line.data(), line.size());
        if (last)
            break;
        out += "\r\n";
        pos = end + 2;
    }
    return out;
}

bool has_eight_bit(ByteView content) {
    // Eight octets at a time: the top bits of all of them in one test.
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + 8 <= content.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, content.data() + i, 8);
        if (word & kHighBits)
            return true;
    }
    for (; i < content.size(); ++i)
        if (static_cast<unsigned char>(content[i]) >= 0x80)
            return true;
    return false;
}

} // namespace mailsim::smtp
