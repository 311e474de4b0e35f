#include "smtp_data.h"

#include <algorithm>

namespace mailsim::smtp {

Bytes normalize_line_endings(ByteView content) {
    // Copies runs of ordinary octets whole (a char-by-char append cost more than the rest of
    // the client's transaction together); only the line ends are looked at one by one.
    Bytes out;
    out.reserve(content.size() + content.size() / 32 + 2);
    std::size_t i = 0;
    while (i < content.size()) {
        std::size_t end = i;
        while (end < content.size() && content[end] != '\r' && content[end] != '\n')
            ++end;
        out.append(content.data() + i, end - i);
        if (end == content.size())
            break;
        out += "\r\n";
        i = end + 1;
        if (content[end] == '\r' && i < content.size() && content[i] == '\n')
            ++i;
    }
    if (!out.empty() && !(out.size() >= 2 && out.compare(out.size() - 2, 2, "\r\n") == 0))
        out += "\r\n";
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
    return std::any_of(content.begin(), content.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

} // namespace mailsim::smtp
