// The informational and RFC 821 commands (VRFY, EXPN, HELP, TURN) and the standard reply
// wording, apart from the mail transaction itself in smtp_server.cpp.
#include "smtp_server.h"

namespace mailsim::smtp {

namespace {

bool is_rfc821_verb(Verb verb) {
    return verb == Verb::Turn || verb == Verb::Send || verb == Verb::Soml || verb == Verb::Saml;
}

} // namespace

void SmtpServer::on_vrfy(const Command& command) {
    const std::string query(trim_ascii(command.argument));
    if (query.empty()) {
        send_reply(styled(reply::kSyntaxErrorInParameters, "Argument required", "5.5.4 ",
                          "Syntax: VRFY <address>"));
        return;
    }
    const VerifyDecision decision = m_policy.verify(m_session, query);
    const std::string who = decision.full_name.empty()
                                ? "<" + decision.mailbox + ">"
                                : decision.full_name + " <" + decision.mailbox + ">";
    switch (decision.kind) {
    case VerifyDecision::Kind::Verified:
        send_reply(styled(reply::kOk, who, "2.1.5 ", who, "smtp.reply.250.vrfy"));
        break;
    case VerifyDecision::Kind::WillForward:
        send_reply(styled(reply::kUserNotLocalWillForward, "User not local; will forward to " + who,
                          "2.1.5 ", "User not local; will forward to " + who));
        break;
    case VerifyDecision::Kind::CannotVerify:
        send_reply(styled(reply::kCannotVerify, "Cannot VRFY user; try RCPT", "2.5.0 ",
                          "Cannot VRFY user, but will accept message and attempt delivery"));
        break;
    case VerifyDecision::Kind::Unknown:
        send_reply(styled(reply::kMailboxUnavailable, query + "... User unknown", "5.1.1 ",
                          "<" + query + ">: User unknown", "smtp.reply.550.unknown_user"));
        break;
    case VerifyDecision::Kind::Ambiguous: {
        Reply reply = styled(reply::kMailboxNameNotAllowed, "Ambiguous; possibilities are",
                             "5.1.4 ", "Ambiguous; possibilities are", "smtp.reply.553.ambiguous");
        // RFC 2034: with enhanced codes, every line of a multi-line reply carries one.
        const std::string prefix = m_config.style == TextStyle::Modern ? "5.1.4 " : "";
        for (const auto& candidate : decision.candidates)
            reply.lines.push_back(prefix + candidate);
        send_reply(std::move(reply));
        break;
    }
    case VerifyDecision::Kind::Disabled:
        send_reply(styled(reply::kNotImplemented, "VRFY command disabled", "5.5.1 ",
                          "VRFY command is disabled"));
        break;
    }
    move(Trigger::Vrfy, Outcome::Success);
}

void SmtpServer::on_expn(const Command& command) {
    const std::string list(trim_ascii(command.argument));
    if (list.empty()) {
        send_reply(styled(reply::kSyntaxErrorInParameters, "Argument required", "5.5.4 ",
                          "Syntax: EXPN <list>"));
        return;
    }
    const ExpandDecision decision = m_policy.expand(m_session, list);
    switch (decision.kind) {
    case ExpandDecision::Kind::Expanded: {
        Reply reply;
        reply.code = reply::kOk;
        reply.key = "smtp.reply.250.expn";
        const bool modern = m_config.style == TextStyle::Modern;
        for (const auto& member : decision.members)
            reply.lines.push_back(modern ? "2.1.5 " + member : member);
        if (reply.lines.empty())
            reply.lines.push_back(modern ? "2.1.5 " + list + " has no members"
                                         : list + " has no members");
        send_reply(std::move(reply));
        break;
    }
    case ExpandDecision::Kind::NotAList:
        send_reply(styled(reply::kMailboxUnavailable, list + "... Not a mailing list", "5.1.1 ",
                          "<" + list + ">: not a mailing list or alias"));
        break;
    case ExpandDecision::Kind::Denied:
        send_reply(
            styled(reply::kMailboxUnavailable, "Access denied", "5.7.1 ", "EXPN access denied"));
        break;
    case ExpandDecision::Kind::Disabled:
        send_reply(styled(reply::kNotImplemented, "EXPN command disabled", "5.5.1 ",
                          "EXPN command is disabled"));
        break;
    }
    move(Trigger::Expn, Outcome::Success);
}

void SmtpServer::on_help(const Command& command) {
    const std::string topic(trim_ascii(command.argument));
    const bool modern = m_config.style == TextStyle::Modern;
    const std::string prefix = modern ? "2.0.0 " : "";
    Reply reply;
    reply.code = reply::kHelp;
    if (topic.empty()) {
        reply.key = "smtp.reply.214";
        reply.lines.push_back(prefix + "mailsim SMTP server; commands:");
        std::string row = prefix;
        int count = 0;
        for (Verb verb : all_verbs()) {
            if (is_rfc821_verb(verb) && m_config.rfc821 == Rfc821Commands::Refuse)
                continue;
            row += (count % 5 ? " " : "  ") + std::string(verb_name(verb));
            if (++count % 5 == 0) {
                reply.lines.push_back(row);
                row = prefix;
            }
        }
        if (row != prefix)
            reply.lines.push_back(row);
        reply.lines.push_back(prefix + "HELP <command> describes one command");
    } else {
        const auto verb = verb_from_name(topic);
        if (!verb) {
            send_reply(styled(reply::kParameterNotImplemented, "HELP topic unknown", "5.5.4 ",
                              "HELP topic \"" + topic.substr(0, 32) + "\" unknown"));
            return;
        }
        reply.key = "smtp.cmd." + std::string(verb_name(*verb));
        reply.lines.push_back(prefix + std::string(verb_syntax(*verb)));
    }
    send_reply(std::move(reply));
    move(Trigger::Help, Outcome::Success);
}

void SmtpServer::on_turn(const Command& command) {
    if (!trim_ascii(command.argument).empty()) {
        send_reply(styled(reply::kSyntaxErrorInParameters, "TURN takes no arguments", "5.5.4 ",
                          "Syntax: TURN (no arguments)"));
        return;
    }
    if (m_policy.allow_turn(m_session) == TurnDecision::Refuse) {
        send_reply(styled(reply::kNotImplemented, "TURN not permitted", "5.5.1 ",
                          "TURN not permitted", "smtp.reply.502.rfc821"));
        return;
    }
    send_reply(styled(reply::kOk, "OK, turning around", "2.0.0 ", "OK, turning around",
                      "smtp.reply.250.turn"));
    move(Trigger::Turn, Outcome::Success);
    push(RoleReversal{});
}

Reply SmtpServer::styled(int code, std::string_view classic, std::string_view enhanced,
                         std::string_view modern, std::string key) const {
    if (m_config.style == TextStyle::Classic)
        return make_reply(code, std::string(classic), std::move(key));
    std::string text;
    text.reserve(enhanced.size() + modern.size());
    text.append(enhanced).append(modern);
    return make_reply(code, std::move(text), std::move(key));
}

Reply SmtpServer::standard_reply(int code) const {
    const std::string& host = m_config.hostname;
    switch (code) {
    case reply::kServiceNotAvailable:
        return styled(code, host + " Service not available, closing transmission channel", "4.3.2 ",
                      host + " Service not available, closing transmission channel");
    case reply::kMailboxBusy:
        return styled(code, "Mailbox unavailable", "4.2.1 ",
                      "Requested mail action not taken: mailbox unavailable");
    case reply::kLocalError:
        return styled(code, "Local error in processing", "4.3.0 ",
                      "Requested action aborted: local error in processing");
    case reply::kInsufficientStorage:
        return styled(code, "Insufficient system storage", "4.3.1 ",
                      "Requested action not taken: insufficient system storage");
    case reply::kMailboxUnavailable:
        return styled(code, "Mailbox unavailable", "5.0.0 ",
                      "Requested action not taken: mailbox unavailable");
    case reply::kExceededStorage:
        return styled(code, "Exceeded storage allocation", "5.2.2 ",
                      "Requested mail action aborted: exceeded storage allocation");
    case reply::kTransactionFailed:
        return styled(code, "Transaction failed", "5.0.0 ", "Transaction failed");
    default:
        break;
    }
    const char* enhanced = code >= 500 ? "5.0.0 " : code >= 400 ? "4.0.0 " : "2.0.0 ";
    return styled(code, "Reply " + std::to_string(code), enhanced, "Reply " + std::to_string(code));
}

} // namespace mailsim::smtp
