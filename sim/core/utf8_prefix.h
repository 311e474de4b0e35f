#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim {

// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a UTF-8
// sequence. Cutting by bytes alone leaves half a Hangul syllable (three bytes in UTF-8), which
// the UI draws as "?" and a log reader sees as mojibake.
inline std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes)
        return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // text[cut] continues the character before it: cut before that character
    return text.substr(0, cut);
}

// `text` itself if it has at most `max_bytes` bytes, else its UTF-8-whole prefix followed by
// `ellipsis`, the two together within `max_bytes` bytes.
inline std::string utf8_shortened(std::string_view text, std::size_t max_bytes,
                                  std::string_view ellipsis) {
    if (text.size() <= max_bytes)
        return std::string(text);
    const std::size_t room = max_bytes > ellipsis.size() ? max_bytes - ellipsis.size() : 0;
    std::string shown(utf8_prefix(text, room));
    shown += ellipsis;
    return shown;
}

} // namespace mailsim
