#include "message_util.h"

#include <cstdint>
#include <cstdio>

namespace mailsim::agents {
namespace {

// Calls fn(name, value) for each header field until the blank line. Both are views: into the
// message itself, or for a folded field into one buffer holding the unfolded value (this runs
// several times per message per hop, and copying every field showed in a relay run).
template <class Fn>
void for_each_field(ByteView message, Fn fn) {
    std::size_t pos = 0;
    ByteView name, value;
    std::string unfolded;
    bool have = false, folded = false;
    while (pos < message.size()) {
        std::size_t end = message.find('\n', pos);
        if (end == ByteView::npos)
            end = message.size();
        ByteView line = message.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        pos = end + 1;
        if (line.empty())
            break;
        if ((line[0] == ' ' || line[0] == '\t') && have) {
            if (!folded)
                unfolded.assign(value);
            folded = true;
            unfolded += ' ';
            unfolded += trim_ascii(line);
            value = unfolded;
            continue;
        }
        if (have && fn(name, value))
            return;
        const std::size_t colon = line.find(':');
        if (colon == ByteView::npos || colon == 0) {
            have = false;
            if (line.find(' ') != ByteView::npos || colon == ByteView::npos)
                return; // not a header section at all (a lecture-style body)
            continue;
        }
        name = line.substr(0, colon);
        value = trim_ascii(line.substr(colon + 1));
        have = true;
        folded = false;
    }
    if (have)
        fn(name, value);
}

} // namespace

std::string header_value(ByteView message, std::string_view wanted) {
    std::string found;
    for_each_field(message, [&](ByteView name, ByteView value) {
        if (!equals_ci(name, wanted))
            return false;
        found.assign(value);
        return true;
    });
    return found;
}

int count_headers(ByteView message, std::string_view wanted) {
    int n = 0;
    for_each_field(message, [&](ByteView name, ByteView) {
        n += equals_ci(name, wanted);
        return false;
    });
    return n;
}

std::string tracking_id(ByteView message) {
    std::string id = header_value(message, "Message-ID");
    if (!id.empty())
        return id;
    // Trace fields differ per hop: hash what follows them.
    std::size_t start = 0;
    while (starts_with_ci(message.substr(start), "Received:") ||
           starts_with_ci(message.substr(start), "Return-Path:")) {
        std::size_t end = message.find('\n', start);
        while (end != ByteView::npos && end + 1 < message.size() &&
               (message[end + 1] == ' ' || message[end + 1] == '\t'))
            end = message.find('\n', end + 1);
        if (end == ByteView::npos)
            break;
        start = end + 1;
    }
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::size_t i = start; i < message.size(); ++i) {
        h ^= static_cast<unsigned char>(message[i]);
        h *= 0x100000001b3ULL;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "<%016llx@nomsgid>", static_cast<unsigned long long>(h));
    return buf;
}

std::string bare_address(std::string_view text) {
    const auto open = text.rfind('<');
    if (open != std::string_view::npos) {
        const auto close = text.find('>', open);
        if (close != std::string_view::npos)
            return to_lower_ascii(trim_ascii(text.substr(open + 1, close - open - 1)));
    }
    return to_lower_ascii(trim_ascii(text));
}

std::string domain_of(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string() : to_lower_ascii(address.substr(at + 1));
}

std::string local_part(std::string_view address) {
    const auto at = address.rfind('@');
    return std::string(at == std::string_view::npos ? address : address.substr(0, at));
}

} // namespace mailsim::agents
