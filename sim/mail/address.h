#pragma once
// Addresses in header fields (RFC 5322 section 3.4): addr-spec, name-addr with a display name,
// quoted local parts, comments, groups. Display names are decoded (RFC 2047) to UTF-8.
// Malformed input gives an Error that says what is wrong and where (column, 1-based).
#include "sim/core/result.h"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mailsim::mail {

struct Mailbox {
    std::string display_name; // decoded UTF-8, empty if none
    std::string local_part;   // unquoted ("john doe" for "\"john doe\"@example.com")
    std::string domain;       // "example.com" or a domain literal "[192.0.2.1]"
    // Obsolete source route of "<@relay.example,@b.example:user@domain>" without its ':'
    // ("@relay.example,@b.example"): the adl of an IMAP ENVELOPE address (RFC 3501 §7.4.2).
    std::string route{};
    // The comments around a bare addr-spec, decoded and joined with spaces: "Real Name" for the
    // old "user@domain (Real Name)" form, which IMAP ENVELOPE and SEARCH treat as the name.
    // parse_address_list leaves display_name empty for that form (as Python's email does);
    // parse_mailbox copies the comment into display_name.
    std::string comment{};

    // "local@domain", the local part quoted again if it needs to be (for SMTP paths too).
    std::string addr_spec() const;
    // For a header: "=?UTF-8?B?...?= <hong@example.com>" or just "hong@example.com".
    std::string to_header() const;
    // Human form, decoded: "홍길동 <hong@example.com>" (quoted when the name has specials; the
    // same text Python's email package shows for the field).
    std::string to_display() const;
    bool operator==(const Mailbox&) const = default;
};

struct Group {
    std::string display_name; // decoded UTF-8
    std::vector<Mailbox> members;
    bool operator==(const Group&) const = default;
};

using Address = std::variant<Mailbox, Group>;

// "a@b, Name <c@d>, friends: e@f, g@h;" ; empty input gives an empty list.
Result<std::vector<Address>> parse_address_list(std::string_view text);
// Exactly one mailbox (From with one author, Sender, Return-Path contents without '<>').
Result<Mailbox> parse_mailbox(std::string_view text);
// A bare addr-spec ("local@domain"), as in SMTP MAIL FROM / RCPT TO paths.
Result<Mailbox> parse_addr_spec(std::string_view text);

std::vector<Mailbox> flatten(const std::vector<Address>& addresses);     // group members inlined
std::string format_address_list(const std::vector<Address>& addresses);  // header form
std::string display_address_list(const std::vector<Address>& addresses); // decoded form

} // namespace mailsim::mail
