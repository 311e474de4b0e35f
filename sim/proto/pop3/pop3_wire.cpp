#include "sim/proto/pop3/pop3_wire.h"

namespace mailsim::pop3 {

std::vector<ByteView> split_lines(ByteView message) {
    std::vector<ByteView> lines;
    std::size_t start = 0;
    while (start < message.size()) {
        const std::size_t lf = message.find('\n', start);
        if (lf == ByteView::npos) {
            lines.push_back(message.substr(start));
            break;
        }
        std::size_t end = lf;
        if (end > start && message[end - 1] == '\r')
            --end;
        lines.push_back(message.substr(start, end - start));
        start = lf + 1;
    }
    return lines;
}

std::size_t wire_size(ByteView message) {
    std::size_t size = 0;
    for (auto line : split_lines(message))
        size += line.size() + 2;
    return size;
}

void append_multiline(Bytes& out, const std::vector<ByteView>& lines) {
    for (auto line : lines) {
        if (!line.empty() && line.front() == '.')
            out += '.';
        out.append(line.data(), line.size());
        out += kCrlf;
    }
    out += ".\r\n";
}

std::vector<ByteView> top_lines(ByteView message, std::size_t body_lines) {
    const auto lines = split_lines(message);
    std::vector<ByteView> out;
    std::size_t i = 0;
    for (; i < lines.size(); ++i) {
        out.push_back(lines[i]);
        if (lines[i].empty()) {
            ++i;
            break;
        }
    }
    for (std::size_t taken = 0; i < lines.size() && taken < body_lines; ++i, ++taken)
        out.push_back(lines[i]);
    return out;
}

} // namespace mailsim::pop3
