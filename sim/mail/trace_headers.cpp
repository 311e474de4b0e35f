#include "sim/mail/trace_headers.h"

#include "sim/mail/date.h"

namespace mailsim::mail {

const char* protocol_name(ReceivedProtocol protocol) {
    switch (protocol) {
    case ReceivedProtocol::Smtp:
        return "SMTP";
    case ReceivedProtocol::Esmtp:
        return "ESMTP";
    case ReceivedProtocol::Esmtps:
        return "ESMTPS";
    case ReceivedProtocol::Esmtpa:
        return "ESMTPA";
    case ReceivedProtocol::Lmtp:
        return "LMTP";
    case ReceivedProtocol::Local:
        return "local";
    }
    return "SMTP";
}

std::string received_value(const ReceivedInfo& info) {
    std::string out;
    if (!info.from_helo.empty() || !info.from_ip.empty()) {
        out += "from " + (info.from_helo.empty() ? std::string("unknown") : info.from_helo);
        if (!info.from_ip.empty())
            out += " ([" + info.from_ip + "])";
        out += " ";
    }
    out += "by " + info.by_host;
    out += " with ";
    out += protocol_name(info.with);
    if (!info.id.empty())
        out += " id " + info.id;
    if (!info.for_rcpt.empty())
        out += " for <" + info.for_rcpt + ">";
    out += "; " + format_date(info.unix_seconds, info.tz_offset_minutes);
    return out;
}

void prepend_received(Headers& headers, const ReceivedInfo& info) {
    headers.prepend("Received", received_value(info));
}

std::string return_path_value(std::string_view mail_from) {
    return "<" + std::string(mail_from) + ">";
}

void set_return_path(Headers& headers, std::string_view mail_from) {
    headers.remove("Return-Path");
    headers.prepend("Return-Path", return_path_value(mail_from));
}

} // namespace mailsim::mail
