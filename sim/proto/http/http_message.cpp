#include "http_message.h"

#include "sim/core/hex.h"

namespace mailsim::http {

std::map<std::string, std::string> parse_form(std::string_view text) {
    std::map<std::string, std::string> out;
    auto decode = [](std::string_view in) {
        std::string s;
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (in[i] == '+') {
                s += ' ';
            } else if (in[i] == '%' && i + 2 < in.size()) {
                const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
                if (hi < 0 || lo < 0) {
                    s += '%';
                    continue;
                }
                s += static_cast<char>(hi * 16 + lo);
                i += 2;
            } else {
                s += in[i];
            }
        }
        return s;
    };
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t amp = text.find('&', start);
        if (amp == std::string_view::npos)
            amp = text.size();
        const std::string_view pair = text.substr(start, amp - start);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos)
            out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
        else if (!pair.empty())
            out[decode(pair)] = "";
        start = amp + 1;
    }
    return out;
}

std::string form_encode(const std::map<std::string, std::string>& fields) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty())
            out += '&';
        for (const std::string* part : {&name, &value}) {
            for (unsigned char c : *part) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '@')
                    out += static_cast<char>(c);
                else if (c == ' ')
                    out += '+';
                else {
                    out += '%';
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                }
            }
            if (part == &name)
                out += '=';
        }
    }
    return out;
}

std::optional<Message> take_message(Bytes& buffer) {
    const std::size_t end = buffer.find("\r\n\r\n");
    if (end == Bytes::npos) {
        if (buffer.size() > kMaxHead) { // a head that never ends: refuse, do not buffer on
            buffer.clear();
            return Message{};
        }
        return std::nullopt;
    }
    Message message;
    std::size_t pos = 0;
    bool first = true;
    std::size_t length = 0;
    while (pos < end) {
        std::size_t eol = buffer.find("\r\n", pos);
        const std::string line = buffer.substr(pos, eol - pos);
        pos = eol + 2;
        if (first) {
            message.start_line = line;
            first = false;
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = line.substr(0, colon);
        std::string value(trim_ascii(std::string_view(line).substr(colon + 1)));
        if (equals_ci(name, "Content-Length")) {
            length = 0;
            for (char c : value) {
                if (c < '0' || c > '9' || length > 10 * 1024 * 1024)
                    break;
                length = length * 10 + static_cast<std::size_t>(c - '0');
            }
        }
        message.headers.emplace_back(std::move(name), std::move(value));
    }
    if (buffer.size() < end + 4 + length)
        return std::nullopt;
    message.body = buffer.substr(end + 4, length);
    buffer.erase(0, end + 4 + length);
    return message;
}

} // namespace mailsim::http
