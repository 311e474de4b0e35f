#include "sim/mail/charset.h"

namespace mailsim::mail {

Charset charset_from_name(std::string_view name) {
    const std::string lower = to_lower_ascii(trim_ascii(name));
    if (lower == "utf-8" || lower == "utf8")
        return Charset::Utf8;
    if (lower == "us-ascii" || lower == "ascii" || lower == "ansi_x3.4-1968")
        return Charset::Ascii;
    if (lower == "iso-8859-1" || lower == "iso8859-1" || lower == "latin1" || lower == "latin-1")
        return Charset::Latin1;
    if (lower == "euc-kr" || lower == "euc_kr" || lower == "euckr" || lower == "ks_c_5601-1987" ||
        lower == "ks_c_5601" || lower == "ksc5601" || lower == "korean" || lower == "cp949" ||
        lower == "uhc")
        return Charset::EucKr;
    return Charset::Unknown;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Length of the valid UTF-8 sequence at `i`, or 0 if it is not valid.
std::size_t utf8_sequence(ByteView bytes, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80)
        return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        if (b0 == 0xE0)
            low = 0xA0;
        if (b0 == 0xED)
            high = 0x9F; // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        if (b0 == 0xF0)
            low = 0x90;
        if (b0 == 0xF4)
            high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > bytes.size())
        return 0;
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    if (b1 < low || b1 > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k) {
        const auto b = static_cast<unsigned char>(bytes[i + k]);
        if (b < 0x80 || b > 0xBF)
            return 0;
    }
    return length;
}

std::string utf8_checked(ByteView bytes, bool& bad) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t length = utf8_sequence(bytes, i);
        if (length == 0) {
            bad = true;
            append_utf8(out, kReplacement);
            ++i;
            continue;
        }
        out.append(bytes.substr(i, length));
        i += length;
    }
    return out;
}

std::string euc_kr_to_utf8(ByteView bytes, bool& bad) {
    std::string out;
    out.reserve(bytes.size() * 3 / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) {
            out.push_back(static_cast<char>(lead));
            continue;
        }
        if (lead >= 0xA1 && lead <= 0xFE && i + 1 < bytes.size()) {
            const auto trail = static_cast<unsigned char>(bytes[i + 1]);
            if (trail >= 0xA1 && trail <= 0xFE) {
                const unsigned short cp = kKsX1001ToUnicode[(lead - 0xA1) * 94 + (trail - 0xA1)];
                ++i;
                if (cp != 0) {
                    append_utf8(out, cp);
                    continue;
                }
                append_utf8(out, kReplacement); // an unmapped cell: one per byte, like Python
            }
        }
        bad = true;
        append_utf8(out, kReplacement);
    }
    return out;
}

} // namespace

bool is_valid_utf8(ByteView bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t length = utf8_sequence(bytes, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

std::string sanitize_utf8(ByteView bytes) {
    bool ascii = true;
    for (char c : bytes)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii)
        return std::string(bytes);
    bool bad = false;
    return utf8_checked(bytes, bad);
}

std::string to_utf8(ByteView bytes, std::string_view charset, Warnings* warnings) {
    bool bad = false;
    std::string out;
    switch (charset_from_name(charset)) {
    case Charset::Latin1:
        for (char c : bytes)
            append_utf8(out, static_cast<unsigned char>(c));
        return out;
    case Charset::EucKr:
        out = euc_kr_to_utf8(bytes, bad);
        break;
    case Charset::Unknown:
        warn(warnings, "mime.warning.unknown_charset",
             "unknown charset '" + std::string(charset) + "'; read as UTF-8");
        [[fallthrough]];
    case Charset::Utf8:
    case Charset::Ascii:
        out = utf8_checked(bytes, bad);
        break;
    }
    if (bad)
        warn(warnings, "mime.warning.bad_charset_data",
             "bytes invalid in charset '" + std::string(charset) + "' were replaced by U+FFFD");
    return out;
}

} // namespace mailsim::mail
