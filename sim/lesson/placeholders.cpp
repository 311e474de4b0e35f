#include "sim/lesson/placeholders.h"

namespace mailsim::lesson {
namespace {

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

} // namespace

std::vector<Placeholder> find_placeholders(std::string_view text) {
    std::vector<Placeholder> out;
    for (std::size_t open = text.find('{'); open != std::string_view::npos;
         open = text.find('{', open + 1)) {
        std::size_t end = open + 1;
        while (end < text.size() && is_key_char(text[end]))
            ++end;
        if (end >= text.size() || text[end] != '}')
            continue;
        const std::string_view key = text.substr(open + 1, end - open - 1);
        // A dotted key that starts with a letter: "panel.topology", not "{1}" or "{a}".
        const std::size_t dot = key.find('.');
        if (key.empty() || key[0] < 'a' || key[0] > 'z' || dot == std::string_view::npos ||
            dot + 1 >= key.size() || key.back() == '.')
            continue;
        out.push_back(Placeholder{std::string(key), open, end - open + 1});
    }
    return out;
}

std::string expand_placeholders(std::string_view text,
                                const std::function<std::string(std::string_view)>& lookup) {
    std::string out;
    std::size_t copied = 0;
    for (const auto& placeholder : find_placeholders(text)) {
        out.append(text.substr(copied, placeholder.offset - copied));
        out += lookup(placeholder.key);
        copied = placeholder.offset + placeholder.length;
    }
    out.append(text.substr(copied));
    return out;
}

} // namespace mailsim::lesson
