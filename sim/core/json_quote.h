#pragma once
// A JSON string literal with its escapes: sim/ has no JSON library (the dependency rule), and
// the trace, saved progress and lesson reports all write JSON.
#include <charconv>
#include <string>
#include <string_view>

namespace mailsim {

// Appends "text" quoted: \" \\ \n \r \t, \u00XX for the other control characters and DEL;
// UTF-8 passes through unchanged.
void append_json_quoted(std::string& out, std::string_view text);
std::string json_quote(std::string_view text);

// Appends an integer in decimal, as JSON writes it, with no string of its own (the trace and
// the live stream write several per event).
template <typename Integer>
void append_json_number(std::string& out, Integer value) {
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

} // namespace mailsim
