#pragma once
// SMTP commands: the verbs of RFC 5321 plus the RFC 821 ones the lecture teaches (TURN, SEND,
// SOML, SAML), and the parsing of their arguments (paths and ESMTP parameters).
#include "sim/core/bytes.h"
#include "sim/core/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::smtp {

enum class Verb {
    Helo,
    Ehlo,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Expn,
    Help,
    Turn, // RFC 821: swap client and server roles
    Send, // RFC 821: deliver to the user's terminal
    Soml, // RFC 821: Send Or MaiL (terminal if logged in, else mailbox)
    Saml, // RFC 821: Send And MaiL (terminal and mailbox)
    Unknown,
};

// All real verbs in a stable order (the HELP listing, the i18n lint, the UI legend).
const std::vector<Verb>& all_verbs();
std::string_view verb_name(Verb verb);                     // "MAIL"; "?" for Unknown
std::optional<Verb> verb_from_name(std::string_view name); // case-insensitive
// A one-line English syntax summary for HELP ("MAIL FROM:<reverse-path> [SIZE=n] ...").
std::string_view verb_syntax(Verb verb);

struct Command {
    Verb verb = Verb::Unknown;
    std::string verb_text; // as the peer typed it
    std::string argument;  // everything after the verb and its separating space
    std::string line;      // the whole line without CRLF

    std::string explanation_key() const; // "smtp.cmd.MAIL"
    Bytes to_wire() const { return line + "\r\n"; }
};

// Splits a command line into verb and argument; never fails (unknown verbs are Verb::Unknown).
Command parse_command_line(std::string_view line);
Command make_command(Verb verb, std::string argument = {});

// The argument of MAIL/SEND/SOML/SAML ("FROM:<path> params") or RCPT ("TO:<path> params").
struct PathArgument {
    std::string address; // "alice@crepes.fr" without brackets; empty for the null path <>
    bool null_path = false;
    std::vector<std::pair<std::string, std::string>> parameters; // keyword upper-cased, value
    bool space_after_colon = false; // "MAIL FROM: <x>" (RFC 821 style, accepted leniently)
};

// `keyword` is "FROM" or "TO". Accepts "<a@b>", "<>" (if allowed), "<@relay:a@b>" source
// routes (route dropped, RFC 5321 §4.1.1.3) and, leniently, a bare address without brackets.
enum class NullPath { Allowed, Forbidden };
Result<PathArgument> parse_path_argument(std::string_view argument, std::string_view keyword,
                                         NullPath null_path);

// Syntax check of a mailbox (local-part "@" domain); quoted local parts allowed.
bool is_valid_mailbox(std::string_view address);
std::string_view local_part_of(std::string_view address);
std::string_view domain_of(std::string_view address);

} // namespace mailsim::smtp
