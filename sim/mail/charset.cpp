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
    if (lower == "windows-1252" || lower == "cp1252" || lower == "x-cp1252")
        return Charset::Windows1252;
    if (lower == "iso-8859-15" || lower == "iso8859-15" || lower == "iso_8859-15" ||
        lower == "latin9" || lower == "latin-9" || lower == "l9")
        return Charset::Latin9;
    if (lower == "euc-kr" || lower == "euc_kr" || lower == "euckr" || lower == "korean")
        return Charset::EucKr;
    // Korean mail clients (Outlook, Outlook Express) wrote CP949 under the KS C 5601 labels.
    if (lower == "ks_c_5601-1987" || lower == "ks_c_5601" || lower == "ksc5601" ||
        lower == "cp949" || lower == "uhc" || lower == "ms949" || lower == "windows-949")
        return Charset::Cp949;
    if (lower == "iso-2022-kr" || lower == "iso2022-kr" || lower == "iso2022_kr" ||
        lower == "csiso2022kr")
        return Charset::Iso2022Kr;
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

// KS X 1001 cell, 0 = unmapped or outside the 0xA1..0xFE square.
char32_t ks_x_1001(unsigned char lead, unsigned char trail) {
    if (lead < 0xA1 || lead > 0xFE || trail < 0xA1 || trail > 0xFE)
        return 0;
    return kKsX1001ToUnicode[(lead - 0xA1) * 94 + (trail - 0xA1)];
}

char32_t cp949(unsigned char lead, unsigned char trail) {
    if (const char32_t cp = ks_x_1001(lead, trail))
        return cp;
    for (const auto& entry : kCp949Overrides)
        if (entry.code == (lead << 8 | trail))
            return entry.unicode;
    if (lead < 0x81 || lead > 0xC6 || trail < 0x41 || trail > 0xFE)
        return 0;
    return kCp949ExtensionToUnicode[(lead - 0x81) * 190 + (trail - 0x41)];
}

// A double-byte charset with ASCII below 0x80. Like Python's CJK codecs, a byte that does not
// start a mapped pair becomes one U+FFFD and decoding resumes at the next byte (which may be
// the lead of a good pair).
std::string double_byte_to_utf8(ByteView bytes, char32_t (*pair)(unsigned char, unsigned char),
                                bool& bad) {
    std::string out;
    out.reserve(bytes.size() * 3 / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) {
            out.push_back(static_cast<char>(lead));
            continue;
        }
        if (i + 1 < bytes.size()) {
            if (const char32_t cp = pair(lead, static_cast<unsigned char>(bytes[i + 1]))) {
                append_utf8(out, cp);
                ++i;
                continue;
            }
        }
        bad = true;
        append_utf8(out, kReplacement);
    }
    return out;
}

// ISO-2022-KR (RFC 1557, old Korean mail): 7-bit. "ESC $ ) C" designates KS X 1001, SO shifts
// to it (pairs of 0x21..0x7E, each byte 0x80 lower than in EUC-KR), SI and a line end shift
// back to ASCII. Error handling follows Python's iso2022_kr codec: a bad pair is one U+FFFD, an
// 8-bit byte is one U+FFFD, control characters pass through, SO before the designation is ignored,
// other escapes pass through.
std::string iso_2022_kr_to_utf8(ByteView bytes, bool& bad) {
    constexpr std::string_view kDesignation = "\x1b$)C";
    std::string out;
    bool designated = false;
    bool shifted = false;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte == 0x1B) {
            if (i + 1 < bytes.size() &&
                std::string_view("$()").find(bytes[i + 1]) == std::string_view::npos) {
                // Not an escape sequence: ESC and a 7-bit byte after it stay as they are.
                out.push_back(bytes[i]);
                if (static_cast<unsigned char>(bytes[i + 1]) < 0x80)
                    out.push_back(bytes[++i]);
                continue;
            }
            // An escape sequence: intermediate bytes 0x20..0x2F, then one final byte.
            std::size_t end = i + 1;
            while (end < bytes.size() && bytes[end] >= 0x20 && bytes[end] <= 0x2F)
                ++end;
            const ByteView sequence = bytes.substr(i, end + 1 - i);
            if (sequence == kDesignation) {
                designated = true;
            } else if (sequence != "\x1b(B") { // ESC ( B (ASCII) changes nothing here
                bad = true;
                append_utf8(out, kReplacement);
            }
            i = end;
        } else if (byte == 0x0E) {
            shifted = designated;
        } else if (byte == 0x0F) {
            shifted = false;
        } else if (byte >= 0x80) {
            bad = true;
            append_utf8(out, kReplacement);
        } else if (!shifted || byte < 0x20) { // control characters stay, even shifted
            shifted = shifted && byte != '\n';
            out.push_back(static_cast<char>(byte));
        } else if (i + 1 >= bytes.size()) {
            bad = true;
            append_utf8(out, kReplacement);
        } else {
            const auto trail = static_cast<unsigned char>(bytes[++i]);
            // Only the KS X 1001 square (and CP949's one extra cell in it, U+3164).
            const bool square = byte >= 0x21 && trail >= 0x21 && trail <= 0x7E;
            const char32_t cp = square ? cp949(byte | 0x80, trail | 0x80) : 0;
            if (cp == 0)
                bad = true;
            append_utf8(out, cp == 0 ? kReplacement : cp);
        }
    }
    return out;
}

// windows-1252's 0x80..0x9F (0 = undefined, as in Python's cp1252); the rest is ISO-8859-1.
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// ISO-8859-15 is ISO-8859-1 with eight cells changed (the euro sign, Š š Ž ž Œ œ Ÿ).
char32_t latin9(unsigned char byte) {
    switch (byte) {
    case 0xA4:
        return 0x20AC;
    case 0xA6:
        return 0x0160;
    case 0xA8:
        return 0x0161;
    case 0xB4:
        return 0x017D;
    case 0xB8:
        return 0x017E;
    case 0xBC:
        return 0x0152;
    case 0xBD:
        return 0x0153;
    case 0xBE:
        return 0x0178;
    default:
        return byte;
    }
}

char32_t windows_1252(unsigned char byte) {
    if (byte >= 0x80 && byte <= 0x9F)
        return kWindows1252High[byte - 0x80];
    return byte;
}

// A single-byte charset; a code point of 0 for a byte other than 0x00 is undefined.
std::string single_byte_to_utf8(ByteView bytes, char32_t (*map)(unsigned char), bool& bad) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        const char32_t cp = map(byte);
        if (cp == 0 && byte != 0) {
            bad = true;
            append_utf8(out, kReplacement);
            continue;
        }
        append_utf8(out, cp);
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
    case Charset::Windows1252:
        out = single_byte_to_utf8(bytes, windows_1252, bad);
        break;
    case Charset::Latin9:
        out = single_byte_to_utf8(bytes, latin9, bad);
        break;
    case Charset::EucKr:
        out = double_byte_to_utf8(bytes, ks_x_1001, bad);
        break;
    case Charset::Cp949:
        out = double_byte_to_utf8(bytes, cp949, bad);
        break;
    case Charset::Iso2022Kr:
        out = iso_2022_kr_to_utf8(bytes, bad);
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
