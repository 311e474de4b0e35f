#pragma once
// Reads RFC 3501 syntax from one whole command or response. Literals stay inline exactly as on
// the wire ("{5}\r\nhello"): the framer has already collected their bytes, so the grammar code
// never waits for data and the same reader serves the server (commands) and the client
// (responses).
#include "sim/core/bytes.h"
#include "sim/core/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::imap {

// Character classes of RFC 3501 §9 (formal syntax).
bool is_atom_char(char c);    // ATOM-CHAR: CHAR except atom-specials
bool is_astring_char(char c); // ASTRING-CHAR: ATOM-CHAR or "]"
bool is_tag_char(char c);     // ASTRING-CHAR except "+"

class Lexer {
public:
    explicit Lexer(ByteView input) : m_input(input) {}

    bool at_end() const { return m_pos >= m_input.size(); }
    char peek() const { return at_end() ? '\0' : m_input[m_pos]; }
    std::size_t position() const { return m_pos; }
    ByteView rest() const { return m_input.substr(m_pos); }
    // Skips to an absolute position at or after the current one (for callers that scan ahead).
    void advance_to(std::size_t pos) {
        if (pos > m_pos && pos <= m_input.size())
            m_pos = pos;
    }

    bool consume(char c);
    // Consumes `word` (case-insensitive) only if it is followed by a non-atom character.
    bool consume_word(std::string_view word);
    Status expect(char c, std::string_view what);
    Status expect_space();
    Status expect_end();

    Result<std::string> tag();
    Result<std::string> atom();
    Result<std::string> astring();
    Result<std::string> string(); // quoted or literal
    Result<std::optional<std::string>> nstring();
    Result<std::uint32_t> number();
    Result<std::uint32_t> nz_number();
    Result<std::string> list_mailbox(); // LIST pattern: astring or atom with '%' and '*'
    Result<std::string> flag();         // "\Seen", "$Junk", "\*" (only in PERMANENTFLAGS)
    Result<std::vector<std::string>> flag_list();
    Result<std::string> sequence_set_text(); // [0-9:,*]+, parsed by SequenceSet
    Result<std::string> text_to_end();       // the rest, as human-readable text

private:
    Result<std::string> quoted();
    Result<std::string> literal();
    Error error(std::string message) const;

    ByteView m_input;
    std::size_t m_pos = 0;
};

// Encodes a string the way the receiver can read it back: a quoted string when every byte can
// go inside quotes, otherwise a literal (8-bit bytes, CR, LF, NUL or long text).
std::string quote_string(std::string_view text);
std::string encode_string(std::string_view text);
std::string encode_astring(std::string_view text); // bare atom when possible
std::string encode_nstring(const std::optional<std::string>& text);

} // namespace mailsim::imap
