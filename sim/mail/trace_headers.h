#pragma once
// Trace fields an MTA adds (RFC 5321 section 4.4): Received on every hop, Return-Path at final
// delivery (the envelope's MAIL FROM, which the header From need not match).
#include "sim/mail/header.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mailsim::mail {

enum class ReceivedProtocol { Smtp, Esmtp, Esmtps, Esmtpa, Lmtp, Local };

struct ReceivedInfo {
    std::string from_helo; // the name the client gave in HELO/EHLO
    std::string from_ip;   // its address as the server saw it ("192.0.2.7")
    std::string by_host;   // the receiving host
    ReceivedProtocol with = ReceivedProtocol::Esmtp;
    std::string id;       // queue id at the receiver
    std::string for_rcpt; // one recipient (only when there is exactly one), without '<>'
    std::int64_t unix_seconds = 0;
    int tz_offset_minutes = 0;
};

// "from mail.a.example (mail.a.example [192.0.2.7]) by mx.b.example with ESMTP id 4F2A;
//  Mon, 23 Nov 2026 14:36:52 +0900" (value only; fold_field folds it).
std::string received_value(const ReceivedInfo& info);

// Reads back the parts of a Received value that tell the path: the client's HELO name and
// address ("from NAME (... [IP])") and the receiving host ("by NAME"). Tolerant of the forms
// real servers write (comments, folding, missing clauses); nullopt when there is no "by".
std::optional<ReceivedInfo> parse_received(std::string_view value);

// Adds the Received field on top of the header (each hop prepends its own).
void prepend_received(Headers& headers, const ReceivedInfo& info);

// "<sender@example.com>", or "<>" for the null reverse-path of a bounce.
std::string return_path_value(std::string_view mail_from);
// Replaces any Return-Path and puts the new one on top (final delivery).
void set_return_path(Headers& headers, std::string_view mail_from);

const char* protocol_name(ReceivedProtocol protocol); // "ESMTP"

} // namespace mailsim::mail
