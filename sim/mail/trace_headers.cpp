#include "sim/mail/trace_headers.h"

#include "sim/core/bytes.h"
#include "sim/mail/date.h"

namespace mailsim::mail {
namespace {

bool is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Splits a Received value into words and parenthesised comments (nesting and quoted pairs
// inside comments honoured); a comment is kept with its parentheses so callers can tell.
std::vector<std::string_view> received_tokens(std::string_view v) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < v.size()) {
        if (is_ws(v[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        if (v[i] == '(') {
            int depth = 0;
            for (; i < v.size(); ++i) {
                if (v[i] == '\\') {
                    ++i;
                    continue;
                }
                depth += v[i] == '(' ? 1 : v[i] == ')' ? -1 : 0;
                if (depth == 0) {
                    ++i;
                    break;
                }
            }
        } else if (v[i] == ';') {
            ++i;
        } else {
            while (i < v.size() && !is_ws(v[i]) && v[i] != '(' && v[i] != ';')
                ++i;
        }
        tokens.push_back(v.substr(start, std::min(i, v.size()) - start));
    }
    return tokens;
}

std::string bracketed_ip(std::string_view text) {
    const auto open = text.find('[');
    const auto close = text.find(']', open == std::string_view::npos ? 0 : open);
    if (open == std::string_view::npos || close == std::string_view::npos)
        return {};
    std::string_view ip = text.substr(open + 1, close - open - 1);
    if (starts_with_ci(ip, "IPv6:"))
        ip.remove_prefix(5);
    return std::string(ip);
}

} // namespace

std::optional<ReceivedInfo> parse_received(std::string_view value) {
    const auto tokens = received_tokens(value);
    ReceivedInfo info;
    bool has_by = false;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const std::string_view word = tokens[k];
        if (word == ";")
            break; // the date follows
        const bool has_next = k + 1 < tokens.size() && tokens[k + 1] != ";";
        if (equals_ci(word, "from") && has_next && tokens[k + 1][0] != '(') {
            info.from_helo = to_lower_ascii(tokens[++k]);
            if (k + 1 < tokens.size() && tokens[k + 1][0] == '(')
                info.from_ip = bracketed_ip(tokens[++k]);
            if (info.from_ip.empty() && info.from_helo.size() > 2 && info.from_helo[0] == '[')
                info.from_ip = bracketed_ip(info.from_helo);
        } else if (equals_ci(word, "by") && has_next && tokens[k + 1][0] != '(') {
            info.by_host = to_lower_ascii(tokens[++k]);
            has_by = true;
        } else if (equals_ci(word, "id") && has_next) {
            info.id = std::string(tokens[++k]);
        } else if (equals_ci(word, "for") && has_next) {
            std::string_view rcpt = tokens[++k];
            if (rcpt.size() >= 2 && rcpt.front() == '<' && rcpt.back() == '>')
                rcpt = rcpt.substr(1, rcpt.size() - 2);
            info.for_rcpt = std::string(rcpt);
        }
    }
    if (!has_by)
        return std::nullopt;
    return info;
}

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
    // Appended in place: every hop of every message stamps one of these.
    std::string out;
    out.reserve(96 + info.from_helo.size() + info.by_host.size() + info.for_rcpt.size());
    if (!info.from_helo.empty() || !info.from_ip.empty()) {
        out.append("from ").append(info.from_helo.empty() ? "unknown" : info.from_helo);
        if (!info.from_ip.empty())
            out.append(" ([").append(info.from_ip).append("])");
        out += ' ';
    }
    out.append("by ").append(info.by_host).append(" with ").append(protocol_name(info.with));
    if (!info.id.empty())
        out.append(" id ").append(info.id);
    if (!info.for_rcpt.empty())
        out.append(" for <").append(info.for_rcpt).append(">");
    out.append("; ").append(format_date(info.unix_seconds, info.tz_offset_minutes));
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
