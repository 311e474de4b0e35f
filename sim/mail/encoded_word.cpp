#include "sim/mail/encoded_word.h"

#include "sim/core/bytes.h"
#include "sim/core/hex.h"
#include "sim/mail/base64.h"
#include "sim/mail/charset.h"

#include <optional>

namespace mailsim::mail {
namespace {

struct RawWord {
    std::string charset; // without an RFC 2231 "*language" suffix
    Bytes bytes;         // decoded octets, still in `charset`
    std::size_t length = 0;
};

// Parses one encoded-word at the start of `text`.
std::optional<RawWord> parse_word(std::string_view text) {
    if (text.size() < 8 || text[0] != '=' || text[1] != '?')
        return std::nullopt;
    const std::size_t q1 = text.find('?', 2);
    if (q1 == std::string_view::npos || q1 == 2 || q1 + 2 >= text.size() || text[q1 + 2] != '?')
        return std::nullopt;
    const char kind = text[q1 + 1];
    if (kind != 'B' && kind != 'b' && kind != 'Q' && kind != 'q')
        return std::nullopt;
    const std::size_t start = q1 + 3;
    const std::size_t end = text.find("?=", start);
    if (end == std::string_view::npos)
        return std::nullopt;
    const std::string_view payload = text.substr(start, end - start);
    for (char c : payload)
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '?')
            return std::nullopt;
    RawWord word;
    std::string_view charset = text.substr(2, q1 - 2);
    if (const auto star = charset.find('*'); star != std::string_view::npos)
        charset = charset.substr(0, star);
    for (char c : charset)
        if (c == ' ' || c == '\t' || c == '"' || c == '(')
            return std::nullopt;
    word.charset = std::string(charset);
    word.length = end + 2;
    if (kind == 'B' || kind == 'b') {
        word.bytes = base64_decode(payload);
        return word;
    }
    for (std::size_t i = 0; i < payload.size(); ++i) {
        const char c = payload[i];
        if (c == '_') {
            word.bytes.push_back(' ');
        } else if (c == '=' && i + 2 < payload.size() && hex_value(payload[i + 1]) >= 0 &&
                   hex_value(payload[i + 2]) >= 0) {
            word.bytes.push_back(
                static_cast<char>(hex_value(payload[i + 1]) * 16 + hex_value(payload[i + 2])));
            i += 2;
        } else {
            word.bytes.push_back(c);
        }
    }
    return word;
}

bool is_white(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Printable ASCII reads the same in every ASCII-based charset (ESC, which starts ISO-2022
// shifts, is not printable), so such a word decodes even in a charset we do not know.
bool is_printable_ascii(ByteView bytes) {
    for (char c : bytes)
        if (c < 0x20 || c > 0x7E)
            return false;
    return true;
}

} // namespace

std::string decode_encoded_words(std::string_view text, Warnings* warnings) {
    std::string out;
    out.reserve(text.size());
    // Adjacent encoded-words of one charset are joined before conversion, so a character split
    // across two words (which RFC 2047 forbids but senders do) still decodes.
    std::string pending_charset;
    Bytes pending;
    bool last_was_word = false; // only white space since the last encoded-word
    auto flush = [&]() {
        if (!pending.empty())
            out += to_utf8(pending, pending_charset, warnings);
        pending.clear();
        pending_charset.clear();
    };
    std::size_t plain_start = 0;
    auto emit_plain = [&](std::size_t end) {
        if (end > plain_start) {
            flush();
            out += sanitize_utf8(text.substr(plain_start, end - plain_start));
        }
    };
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '=' && i + 1 < text.size() && text[i + 1] == '?') {
            auto word = parse_word(text.substr(i));
            if (word && charset_from_name(word->charset) == Charset::Unknown &&
                !is_printable_ascii(word->bytes)) {
                // RFC 2047 6.2: a charset we cannot decode is shown as written, plain text
                // (so the white space around it stays), rather than as the wrong characters.
                warn(warnings, "mime.warning.unknown_charset",
                     "unknown charset '" + sanitize_utf8(word->charset) +
                         "'; the encoded-word is shown as written");
                last_was_word = false;
                i += word->length;
                continue;
            }
            if (word) {
                // White space between two encoded-words is dropped; elsewhere it is kept.
                if (!last_was_word)
                    emit_plain(i);
                if (!equals_ci(word->charset, pending_charset))
                    flush();
                pending_charset = word->charset;
                pending += word->bytes;
                i += word->length;
                plain_start = i;
                last_was_word = true;
                continue;
            }
        }
        if (!is_white(text[i]))
            last_was_word = false;
        ++i;
    }
    emit_plain(text.size());
    flush();
    return out;
}

bool needs_encoding(std::string_view text) {
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (u < 32 && c != '\t') || u == 127)
            return true;
    }
    return text.find("=?") != std::string_view::npos;
}

namespace {

// Length of the UTF-8 character starting with this byte (1 for stray bytes).
std::size_t utf8_length(unsigned char lead) {
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    if (lead >= 0xE0)
        return lead >= 0xF0 ? 1 : 3;
    if (lead >= 0xC2)
        return 2;
    return 1;
}

bool q_safe(char c, bool phrase) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    if (phrase)
        return c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
    return c > 32 && c < 127 && c != '=' && c != '?' && c != '_' && c != '"' && c != '(' &&
           c != ')' && c != ',' && c != ';' && c != ':' && c != '<' && c != '>' && c != '@';
}

std::size_t q_cost(unsigned char c, bool phrase) {
    return (c == ' ' || q_safe(static_cast<char>(c), phrase)) ? 1 : 3;
}

std::string encode_words(std::string_view utf8, WordEncoding encoding, bool phrase) {
    if (encoding == WordEncoding::Auto) {
        std::size_t non_ascii = 0;
        for (char c : utf8)
            non_ascii += static_cast<unsigned char>(c) >= 0x80;
        encoding = non_ascii * 3 > utf8.size() ? WordEncoding::B : WordEncoding::Q;
    }
    const std::string_view prefix = encoding == WordEncoding::B ? "=?UTF-8?B?" : "=?UTF-8?Q?";
    const std::size_t budget = 75 - prefix.size() - 2;
    std::string out;
    std::size_t i = 0;
    while (i < utf8.size()) {
        // Take whole characters while the encoded text fits the budget.
        std::size_t j = i, cost = 0;
        while (j < utf8.size()) {
            const std::size_t length =
                std::min(utf8_length(static_cast<unsigned char>(utf8[j])), utf8.size() - j);
            std::size_t next_cost;
            if (encoding == WordEncoding::B) {
                next_cost = (j + length - i + 2) / 3 * 4;
            } else {
                next_cost = cost;
                for (std::size_t k = j; k < j + length; ++k)
                    next_cost += q_cost(static_cast<unsigned char>(utf8[k]), phrase);
            }
            if (next_cost > budget && j > i)
                break;
            cost = next_cost;
            j += length;
        }
        if (!out.empty())
            out.push_back(' ');
        out += prefix;
        const std::string_view chunk = utf8.substr(i, j - i);
        if (encoding == WordEncoding::B) {
            out += base64_encode(chunk, LineWrap::None);
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            for (char c : chunk) {
                const auto u = static_cast<unsigned char>(c);
                if (c == ' ') {
                    out.push_back('_');
                } else if (q_safe(c, phrase)) {
                    out.push_back(c);
                } else {
                    out.push_back('=');
                    out.push_back(kHex[u >> 4]);
                    out.push_back(kHex[u & 15]);
                }
            }
        }
        out += "?=";
        i = j;
    }
    return out;
}

bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

} // namespace

std::string encode_header_text(std::string_view utf8, WordEncoding encoding) {
    if (!needs_encoding(utf8))
        return std::string(utf8);
    return encode_words(utf8, encoding, false);
}

std::string encode_phrase(std::string_view utf8) {
    if (needs_encoding(utf8))
        return encode_words(utf8, WordEncoding::Auto, true);
    bool plain = !utf8.empty();
    for (char c : utf8)
        if (!is_atext(c) && c != ' ')
            plain = false;
    if (plain && utf8.front() != ' ' && utf8.back() != ' ')
        return std::string(utf8);
    std::string out = "\"";
    for (char c : utf8) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

} // namespace mailsim::mail
