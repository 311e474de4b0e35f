#include "imap_mutf7.h"

#include "sim/mail/charset.h"

#include <cstdint>
#include <vector>

namespace mailsim::imap {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

bool is_direct(char32_t c) { // printable ASCII other than '&' stands for itself
    return c >= 0x20 && c <= 0x7e && c != '&';
}

int sextet(char c) {
    const std::size_t at = kAlphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// Code points of text already checked to be valid UTF-8.
std::vector<char32_t> code_points(std::string_view utf8) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const int length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
        char32_t c = length == 1   ? lead
                     : length == 2 ? lead & 0x1f
                     : length == 3 ? lead & 0x0f
                                   : lead & 0x07;
        for (int k = 1; k < length; ++k)
            c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3f);
        out.push_back(c);
        i += static_cast<std::size_t>(length);
    }
    return out;
}

void encode_run(const std::vector<char32_t>& run, std::string& out) {
    std::vector<std::uint16_t> units;
    for (char32_t c : run) {
        if (c < 0x10000) {
            units.push_back(static_cast<std::uint16_t>(c));
            continue;
        }
        const char32_t v = c - 0x10000;
        units.push_back(static_cast<std::uint16_t>(0xd800 + (v >> 10)));
        units.push_back(static_cast<std::uint16_t>(0xdc00 + (v & 0x3ff)));
    }
    out += '&';
    std::uint32_t bits = 0;
    int count = 0;
    for (std::uint16_t unit : units) {
        bits = (bits << 16) | unit;
        count += 16;
        while (count >= 6) {
            count -= 6;
            out += kAlphabet[(bits >> count) & 0x3f];
        }
        bits &= (1u << count) - 1;
    }
    if (count > 0)
        out += kAlphabet[(bits << (6 - count)) & 0x3f];
    out += '-';
}

// The UTF-16 units of one base64 run (between '&' and '-'), nullopt if malformed.
std::optional<std::vector<std::uint16_t>> decode_run(std::string_view run) {
    std::vector<std::uint16_t> units;
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : run) {
        const int value = sextet(c);
        if (value < 0)
            return std::nullopt;
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 16) {
            count -= 16;
            units.push_back(static_cast<std::uint16_t>(bits >> count));
            bits &= (1u << count) - 1;
        }
    }
    if (count >= 6 || bits != 0) // a stray base64 digit, or padding bits that are not zero
        return std::nullopt;
    return units;
}

} // namespace

std::optional<std::string> utf8_to_mutf7(std::string_view utf8) {
    if (!mail::is_valid_utf8(utf8))
        return std::nullopt;
    std::string out;
    std::vector<char32_t> run;
    for (char32_t c : code_points(utf8)) {
        if (!is_direct(c) && c != '&') {
            run.push_back(c);
            continue;
        }
        if (!run.empty()) {
            encode_run(run, out);
            run.clear();
        }
        if (c == '&')
            out += "&-";
        else
            out += static_cast<char>(c);
    }
    if (!run.empty())
        encode_run(run, out);
    return out;
}

std::optional<std::string> mutf7_to_utf8(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        const char c = name[i];
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
            return std::nullopt;
        if (c != '&') {
            out += c;
            ++i;
            continue;
        }
        const std::size_t end = name.find('-', i + 1);
        if (end == std::string_view::npos)
            return std::nullopt; // a run never closed
        if (end == i + 1) {
            out += '&';
            i = end + 1;
            continue;
        }
        auto units = decode_run(name.substr(i + 1, end - i - 1));
        if (!units || units->empty())
            return std::nullopt;
        for (std::size_t k = 0; k < units->size(); ++k) {
            const char32_t unit = (*units)[k];
            if (unit >= 0xdc00 && unit <= 0xdfff)
                return std::nullopt; // a low surrogate without its high one
            if (unit >= 0xd800 && unit <= 0xdbff) {
                if (k + 1 == units->size() || (*units)[k + 1] < 0xdc00 || (*units)[k + 1] > 0xdfff)
                    return std::nullopt;
                const char32_t low = (*units)[++k];
                mail::append_utf8(out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
                continue;
            }
            if (unit <= 0x7f) // ASCII stands for itself ("&" as "&-"); no control characters
                return std::nullopt;
            mail::append_utf8(out, unit);
        }
        i = end + 1;
        if (i < name.size() && name[i] == '&' && (i + 1 >= name.size() || name[i + 1] != '-'))
            return std::nullopt; // "&...-&...-": two runs where one would do
    }
    return out;
}

std::string mailbox_display_name(std::string_view name) {
    auto decoded = mutf7_to_utf8(name);
    return decoded ? *decoded : std::string(name);
}

std::string mailbox_name_from_text(std::string_view text) {
    if (is_valid_mutf7(text))
        return std::string(text);
    auto encoded = utf8_to_mutf7(text);
    return encoded ? *encoded : std::string(text);
}

} // namespace mailsim::imap
