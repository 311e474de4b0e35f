#pragma once
// Modified UTF-7 (RFC 3501 §5.1.3): how IMAP mailbox names carry characters outside printable
// ASCII. "보낸 편지함" travels as "&vPSwuA- &07jJwNVo-": printable ASCII stands for itself,
// "&" is written "&-", and every run of other characters is UTF-16 in base64 with ',' for '/',
// between '&' and '-'. The store keeps names in this wire form; a UI decodes it for display.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::imap {

// nullopt when `utf8` is not valid UTF-8.
std::optional<std::string> utf8_to_mutf7(std::string_view utf8);

// nullopt when `name` is not modified UTF-7 as RFC 3501 writes it: 8-bit or control bytes, an
// unterminated or malformed base64 run, a UTF-16 unit that should have been written directly
// (printable ASCII) or is a control character, a broken surrogate pair, non-zero padding bits,
// or two runs side by side (one run would do). Exactly what utf8_to_mutf7 makes of text
// without control characters.
std::optional<std::string> mutf7_to_utf8(std::string_view name);

inline bool is_valid_mutf7(std::string_view name) {
    return mutf7_to_utf8(name).has_value();
}

// For showing a stored mailbox name: decoded when it is valid modified UTF-7, else as it is.
std::string mailbox_display_name(std::string_view name);

// A folder name as a person writes it (a scenario, a lesson, an action): "보낸 편지함" or
// "R&D" become their modified UTF-7, the form the store keeps; a name that already is valid
// modified UTF-7 ("Lecture", "&vPSwuA-") stays as written.
std::string mailbox_name_from_text(std::string_view text);

} // namespace mailsim::imap
