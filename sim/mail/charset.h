#pragma once
// Character sets seen in mail headers and text bodies, converted to UTF-8 for display and
// comparison. UTF-8, US-ASCII, ISO-8859-1 and EUC-KR (KS X 1001, still common in Korean mail;
// "ks_c_5601-1987" is the name Korean mail clients long used for it).
#include "sim/core/bytes.h"
#include "sim/mail/warning.h"

#include <string>
#include <string_view>

namespace mailsim::mail {

enum class Charset { Utf8, Ascii, Latin1, EucKr, Unknown };

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

} // namespace mailsim::mail
