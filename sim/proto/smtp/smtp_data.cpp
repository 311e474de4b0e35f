#include "smtp_data.h"

#include <algorithm>

namespace mailsim::smtp {

Bytes normalize_line_endings(ByteView content) {
    Bytes out;
    out.reserve(content.size() + content.size() / 32 + 2);
    for (std::size_t i = 0; i < content.size(); ++i) {
        const char c = content[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < content.size() && content[i + 1] == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    if (!out.empty() && !(out.size() >= 2 && out.compare(out.size() - 2, 2, "\r\n") == 0))
        out += "\r\n";
    return out;
}

Bytes dot_stuff(ByteView normalized) {
    Bytes out;
    out.reserve(normalized.size() + 8);
    bool line_start = true;
    for (char c : normalized) {
        if (line_start && c == '.')
            out += '.';
        out += c;
        line_start = c == '\n';
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
