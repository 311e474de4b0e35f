#pragma once
// Header fields (RFC 5322 section 2.2): kept in order, with the raw bytes as read, names compared
// without regard to case, values unfolded. Fields added by our code have no raw form and are
// folded at 78 characters when serialised.
#include "sim/core/bytes.h"
#include "sim/mail/warning.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::mail {

struct HeaderField {
    std::string name;  // as written
    std::string value; // unfolded (line breaks removed), leading white space after ':' removed
    Bytes raw; // the field exactly as read, folding and line ending included; empty if built
};

class Headers {
public:
    const std::vector<HeaderField>& fields() const { return m_fields; }
    std::size_t size() const { return m_fields.size(); }
    bool empty() const { return m_fields.empty(); }

    // First field with this name (any case), or null.
    const HeaderField* find(std::string_view name) const;
    std::optional<std::string_view> get(std::string_view name) const;
    std::vector<const HeaderField*> get_all(std::string_view name) const;
    bool contains(std::string_view name) const { return find(name) != nullptr; }

    void add(std::string name, std::string value);     // at the end
    void prepend(std::string name, std::string value); // at the top (trace fields: Received)
    void add_raw(HeaderField field);                   // keeps field.raw as given
    void reserve(std::size_t fields) { m_fields.reserve(fields); }
    // Replaces the first field of that name and removes the others, or adds one at the end.
    void set(std::string name, std::string value);
    std::size_t remove(std::string_view name); // returns how many were removed

    // Every field (raw form if it has one, else folded at 78) followed by CRLF each; no blank line.
    Bytes serialize() const;

private:
    std::vector<HeaderField> m_fields;
};

// Parses the header block at the start of `data`: up to and including the empty line, or up to
// the first line that is not a field (that line then starts the body, with a warning). Accepts
// CRLF and bare LF. `consumed` is where the body starts.
Headers parse_headers(ByteView data, std::size_t& consumed, Warnings* warnings = nullptr);

// "Name: value" folded at white space so lines stay within `width` characters where possible
// (RFC 5322 2.2.3); continuation lines start with a space or tab already in the value. CRLF ends.
Bytes fold_field(std::string_view name, std::string_view value, std::size_t width = 78);

// Removes CRLF / LF that are followed by white space (unfolding); keeps the white space.
std::string unfold(std::string_view value);

} // namespace mailsim::mail
