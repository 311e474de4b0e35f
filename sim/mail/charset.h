#pragma once
// Character sets seen in mail headers and text bodies, converted to UTF-8 for display and
// comparison. UTF-8, US-ASCII, ISO-8859-1, windows-1252 and ISO-8859-15 (Western mail), EUC-KR
// (KS X 1001) and CP949 (KS X 1001 plus 8,822 Hangul syllables: what Korean mail labelled
// "ks_c_5601-1987" holds in practice) and ISO-2022-KR (RFC 1557, 7-bit KS X 1001).
#include "sim/core/bytes.h"
#include "sim/mail/warning.h"

#include <string>
#include <string_view>

namespace mailsim::mail {

enum class Charset { Utf8, Ascii, Latin1, Windows1252, Latin9, EucKr, Cp949, Iso2022Kr, Unknown };

Charset charset_from_name(std::string_view name); // case-insensitive, common aliases

// Converts to UTF-8. Sequences invalid in the charset become U+FFFD (one warning); an unknown
// charset is read as UTF-8 with a warning.
std::string to_utf8(ByteView bytes, std::string_view charset, Warnings* warnings = nullptr);

bool is_valid_utf8(ByteView bytes);
// Replaces invalid UTF-8 sequences with U+FFFD.
std::string sanitize_utf8(ByteView bytes);
void append_utf8(std::string& out, char32_t code_point);

// KS X 1001 cell (lead 0xA1..0xFE, trail 0xA1..0xFE) to Unicode; 0 = unmapped. Generated data.
extern const unsigned short kKsX1001ToUnicode[94 * 94];

// CP949's extension: lead 0x81..0xC6, trail 0x41..0xFE (0 where KS X 1001 applies or unmapped),
// and the few KS X 1001 cells CP949 maps that the EUC-KR table does not. Generated data.
extern const unsigned short kCp949ExtensionToUnicode[70 * 190];
struct Cp949Override {
    unsigned short code; // lead << 8 | trail
    unsigned short unicode;
};
extern const Cp949Override kCp949Overrides[1];

} // namespace mailsim::mail
