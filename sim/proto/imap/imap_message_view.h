#pragma once
// One stored message as FETCH and SEARCH see it: header fields, body sections by part number,
// ENVELOPE and BODYSTRUCTURE. Built on the MIME parser of sim/mail, parsed once per message
// and per command (FETCH of many items reads the message once).
#include "imap_fetch_items.h"
#include "sim/core/bytes.h"

#include <optional>
#include <string>

namespace mailsim::imap {

class MessageView {
public:
    explicit MessageView(ByteView raw);
    ~MessageView();
    MessageView(const MessageView&) = delete;
    MessageView& operator=(const MessageView&) = delete;

    // Every value of `field`, unfolded, RFC 2047 words decoded, joined with ", " (SEARCH).
    std::string header_values(std::string_view field) const;
    // Every address of every `field` header, parsed and written again without comments:
    // "Real Name <user@domain>, group: <a@b>;" (SEARCH FROM/TO/CC/BCC).
    std::string address_text(std::string_view field) const;
    bool has_header(std::string_view field) const; // present, even with an empty value
    std::string body_text() const;  // SEARCH BODY: the decoded text of the text parts
    std::string whole_text() const; // SEARCH TEXT: header and body

    // BODY[section]: the bytes, or nullopt for a part that does not exist (answered as "").
    std::optional<Bytes> section(const Section& section) const;
    std::string envelope() const;                      // ENVELOPE, parenthesised
    std::string body_structure(bool extensible) const; // BODYSTRUCTURE / BODY

private:
    struct Impl;
    Impl* m_impl;
};

} // namespace mailsim::imap
