#pragma once
// The SMTP envelope: MAIL FROM and RCPT TO. Its own type on purpose: it is never derived from the
// From/To/Cc header fields (Bcc recipients, mailing lists and bounces are exactly the cases where
// envelope and headers differ, which the lessons show).
#include <string>
#include <vector>

namespace mailsim::mail {

struct Envelope {
    std::string mail_from;            // reverse-path without '<>'; empty = the null path "<>"
    std::vector<std::string> rcpt_to; // forward-paths without '<>'
    bool operator==(const Envelope&) const = default;
};

} // namespace mailsim::mail
