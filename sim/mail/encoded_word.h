#pragma once
// RFC 2047 encoded-words ("=?charset?B|Q?text?=") in header fields. Decoding knows UTF-8,
// US-ASCII, ISO-8859-1 and EUC-KR; encoding always writes UTF-8.
#include "sim/mail/warning.h"

#include <string>
#include <string_view>

namespace mailsim::mail {

enum class WordEncoding { B, Q, Auto }; // Auto: Q when mostly ASCII, else B

// Decodes every encoded-word in unstructured text (Subject, Comments, display names) to UTF-8.
// White space between two adjacent encoded-words is dropped (RFC 2047 section 6.2); malformed
// words stay as they are. Other bytes are kept (invalid UTF-8 becomes U+FFFD).
std::string decode_encoded_words(std::string_view text, Warnings* warnings = nullptr);

// Encodes UTF-8 text for an unstructured header. Plain ASCII text without "=?" comes back
// unchanged; otherwise a sequence of encoded-words of at most 75 characters each, split on
// character boundaries and separated by spaces (so the field can be folded between them).
std::string encode_header_text(std::string_view utf8, WordEncoding encoding = WordEncoding::Auto);

// Encodes a phrase (display name): atoms stay, ASCII with specials becomes a quoted-string,
// non-ASCII becomes encoded-words (Q uses the stricter phrase alphabet of RFC 2047 5(3)).
std::string encode_phrase(std::string_view utf8);

bool needs_encoding(std::string_view text); // non-ASCII, control characters or "=?"

} // namespace mailsim::mail
