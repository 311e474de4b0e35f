// The mail transaction on the server: MAIL (and SEND/SOML/SAML), RCPT, DATA and the message
// text up to its final dot. Session-level commands live in smtp_server.cpp.
#include "smtp_server.h"

#include <algorithm>

namespace mailsim::smtp {

namespace {

bool all_digits(std::string_view text) {
    return !text.empty() && text.size() <= 18 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

void SmtpServer::on_mail(const Command& command, DeliveryMode mode) {
    const Trigger trigger = *trigger_for(command.verb);
    auto fail = [&](Reply reply) {
        send_reply(std::move(reply));
        move(trigger, Outcome::Failure);
    };
    auto path = parse_path_argument(command.argument, "FROM", NullPath::Allowed);
    if (!path) {
        fail(styled(reply::kSyntaxErrorInParameters, "Syntax error in parameters or arguments",
                    "5.5.4 ", "Syntax: MAIL FROM:<address> (" + path.error().message + ")"));
        return;
    }
    Transaction transaction;
    transaction.mode = mode;
    transaction.mail_from = path->address;
    transaction.null_sender = path->null_path;
    for (const auto& [name, value] : path->parameters) {
        const bool esmtp = m_session.greeted == Greeted::Ehlo;
        if (name == "SIZE" && esmtp && (m_config.extensions & kExtSize)) {
            if (!all_digits(value)) {
                fail(styled(reply::kSyntaxErrorInParameters, "Bad SIZE parameter", "5.5.4 ",
                            "Bad SIZE parameter"));
                return;
            }
            transaction.declared_size = static_cast<std::size_t>(std::stoull(value));
            if (*transaction.declared_size > m_config.max_message_size) {
                fail(styled(reply::kExceededStorage, "Message size exceeds fixed maximum", "5.3.4 ",
                            "Message size exceeds fixed maximum message size"));
                return;
            }
        } else if (name == "BODY" && esmtp && (m_config.extensions & kExtEightBitMime)) {
            if (equals_ci(value, "7BIT")) {
                transaction.body = BodyType::SevenBit;
            } else if (equals_ci(value, "8BITMIME")) {
                transaction.body = BodyType::EightBitMime;
            } else if (equals_ci(value, "BINARYMIME")) {
                fail(styled(reply::kParameterNotImplemented, "BODY=BINARYMIME not implemented",
                            "5.5.4 ", "BODY=BINARYMIME not implemented"));
                return;
            } else {
                fail(styled(reply::kSyntaxErrorInParameters, "Bad BODY parameter", "5.5.4 ",
                            "Bad BODY parameter"));
                return;
            }
        } else {
            fail(styled(reply::kParametersNotRecognized, "Unsupported parameter " + name, "5.5.4 ",
                        "Unsupported parameter " + name));
            return;
        }
    }
    const SenderDecision decision =
        m_policy.check_sender(m_session, transaction, transaction.mail_from);
    const std::string shown = transaction.null_sender ? "<>" : transaction.mail_from;
    switch (decision.kind) {
    case SenderDecision::Kind::Ok:
        break;
    case SenderDecision::Kind::Refused:
        fail(styled(reply::kMailboxUnavailable, shown + "... Sender refused", "5.7.1 ",
                    "Sender <" + transaction.mail_from + "> refused"));
        return;
    case SenderDecision::Kind::BadMailboxName:
        fail(styled(reply::kMailboxNameNotAllowed, shown + "... Bad sender address", "5.1.7 ",
                    "Bad sender address <" + transaction.mail_from + ">"));
        return;
    case SenderDecision::Kind::TemporarilyUnavailable:
        fail(styled(reply::kLocalError, shown + "... Try again later", "4.3.0 ",
                    "Sender <" + transaction.mail_from + "> temporarily refused; try later"));
        return;
    }
    m_transaction = std::move(transaction);
    ++m_session.transactions_started;
    send_reply(styled(reply::kOk, shown + "... Sender ok", "2.1.0 ",
                      "Sender <" + m_transaction.mail_from + "> OK", "smtp.reply.250.mail"));
    move(trigger, Outcome::Success);
}

void SmtpServer::on_rcpt(const Command& command) {
    auto fail = [&](Reply reply) {
        send_reply(std::move(reply));
        move(Trigger::Rcpt, Outcome::Failure);
    };
    auto path = parse_path_argument(command.argument, "TO", NullPath::Forbidden);
    ++m_transaction.rcpt_attempts;
    if (!path) {
        fail(styled(reply::kSyntaxErrorInParameters, "Syntax error in parameters or arguments",
                    "5.5.4 ", "Syntax: RCPT TO:<address> (" + path.error().message + ")"));
        return;
    }
    if (!path->parameters.empty()) {
        const std::string& name = path->parameters.front().first;
        fail(styled(reply::kParametersNotRecognized, "Unsupported parameter " + name, "5.5.4 ",
                    "Unsupported parameter " + name));
        return;
    }
    const std::string& to = path->address;
    if (m_transaction.rcpt_to.size() >= m_config.max_recipients) {
        fail(styled(reply::kInsufficientStorage, "Too many recipients", "4.5.3 ",
                    "Too many recipients", "smtp.reply.452.too_many"));
        return;
    }
    RecipientDecision decision = m_policy.check_recipient(m_session, m_transaction, to);
    // SEND needs the user at a terminal; RFC 821 answers 450 at RCPT when they are not.
    if (decision.kind == RecipientDecision::Kind::Accept &&
        m_transaction.mode == DeliveryMode::Terminal &&
        m_policy.presence(to) == Presence::NotLoggedIn) {
        fail(styled(reply::kMailboxBusy, to + "... User not active on a terminal", "4.2.1 ",
                    "<" + to + ">: user not logged in at a terminal", "smtp.reply.450.terminal"));
        return;
    }
    switch (decision.kind) {
    case RecipientDecision::Kind::Accept:
        m_transaction.rcpt_to.push_back(to);
        send_reply(styled(reply::kOk, to + " ... Recipient ok", "2.1.5 ",
                          "Recipient <" + to + "> OK", "smtp.reply.250.rcpt"));
        move(Trigger::Rcpt, Outcome::Success);
        return;
    case RecipientDecision::Kind::WillForward:
        m_transaction.rcpt_to.push_back(to);
        send_reply(styled(reply::kUserNotLocalWillForward,
                          "User not local; will forward to <" + decision.forward_path + ">",
                          "2.1.5 ",
                          "User not local; will forward to <" + decision.forward_path + ">"));
        move(Trigger::Rcpt, Outcome::Success);
        return;
    case RecipientDecision::Kind::NotLocal:
        fail(styled(reply::kUserNotLocal,
                    "User not local; please try <" + decision.forward_path + ">", "5.1.6 ",
                    "User not local; please try <" + decision.forward_path + ">"));
        return;
    case RecipientDecision::Kind::Unknown:
        fail(styled(reply::kMailboxUnavailable, to + "... User unknown", "5.1.1 ",
                    "<" + to + ">: Recipient address rejected: User unknown",
                    "smtp.reply.550.unknown_user"));
        return;
    case RecipientDecision::Kind::RelayDenied:
        fail(styled(reply::kMailboxUnavailable, to + "... Relaying denied", "5.7.1 ",
                    "<" + to + ">: Relay access denied", "smtp.reply.550.relay"));
        return;
    case RecipientDecision::Kind::BadMailboxName:
        fail(styled(reply::kMailboxNameNotAllowed, to + "... Mailbox name not allowed", "5.1.3 ",
                    "<" + to + ">: Mailbox name not allowed"));
        return;
    case RecipientDecision::Kind::TemporarilyUnavailable:
        fail(styled(reply::kMailboxBusy, to + "... Mailbox temporarily unavailable", "4.2.1 ",
                    "<" + to + ">: Mailbox temporarily unavailable; try again later"));
        return;
    case RecipientDecision::Kind::InsufficientStorage:
        fail(styled(reply::kInsufficientStorage, "Insufficient system storage", "4.3.1 ",
                    "Insufficient system storage"));
        return;
    }
}

void SmtpServer::on_data(const Command& command) {
    if (!trim_ascii(command.argument).empty()) {
        send_reply(styled(reply::kSyntaxErrorInParameters, "DATA takes no arguments", "5.5.4 ",
                          "Syntax: DATA (no arguments)"));
        move(Trigger::Data, Outcome::Failure);
        return;
    }
    m_message.clear();
    m_message_size = 0;
    m_message_too_big = false;
    m_message_line_too_long = false;
    m_message_bare_lf = false;
    input().set_max_line_length(m_config.max_text_line - 2);
    send_reply(styled(reply::kStartMailInput, "Enter mail, end with \".\" on a line by itself", "",
                      "Start mail input; end with <CRLF>.<CRLF>"));
    move(Trigger::Data, Outcome::Success);
    push(TimerRequest{TimerKind::DataBlock, m_config.data_timeout});
}

void SmtpServer::process_data_line(const Line& line) {
    if (line.overlong) {
        m_message_line_too_long = true;
        push(ProtocolViolation{Violation::LineTooLong, "text line longer than " +
                                                           std::to_string(m_config.max_text_line) +
                                                           " octets"});
        return;
    }
    if (line.bare_lf)
        push(ProtocolViolation{Violation::BareLineFeed, "message line ended by a bare LF"});
    if (line.text.find('\n') != std::string::npos) {
        push(ProtocolViolation{Violation::BareLineFeed, "bare LF inside the message"});
        if (m_config.bare_lf == BareLfPolicy::Reject)
            m_message_bare_lf = true;
    }
    if (line.text == ".") {
        finish_data();
        return;
    }
    // Dot-unstuffing (RFC 5321 §4.5.2): a leading dot was doubled by the sender.
    ByteView text = line.text;
    if (!text.empty() && text.front() == '.')
        text.remove_prefix(1);
    m_message_size += text.size() + 2;
    if (m_message_size > m_config.max_message_size) {
        m_message_too_big = true;
        return; // keep counting, stop storing
    }
    m_message += text;
    m_message += "\r\n";
    if (m_config.data_line_events)
        push(DataChunk{Bytes(m_message.end() - static_cast<std::ptrdiff_t>(text.size() + 2),
                             m_message.end())});
}

void SmtpServer::finish_data() {
    Reply reply;
    std::string queue_id; // the policy's, for an accepted message
    if (m_message_too_big) {
        reply = styled(reply::kExceededStorage, "Message size exceeds fixed maximum", "5.3.4 ",
                       "Message size exceeds fixed maximum message size");
    } else if (m_message_line_too_long) {
        reply =
            styled(reply::kSyntaxError, "Line too long", "5.5.2 ",
                   "Message line longer than " + std::to_string(m_config.max_text_line) + " octets",
                   "smtp.reply.500.line_too_long");
    } else if (m_message_bare_lf) {
        reply = styled(reply::kTransactionFailed, "Message contains bare LF", "5.5.2 ",
                       "Message contains bare <LF>; refused (SMTP smuggling protection)",
                       "smtp.reply.554.bare_lf");
    } else if (auto forced =
                   m_policy.forced_reply({FaultPoint::Kind::EndOfData, Verb::Data}, m_session);
               forced && forced->code >= 400) {
        reply = forced->lines.empty() ? standard_reply(forced->code) : *forced;
    } else {
        MessageDecision decision = m_policy.accept_message(m_session, m_transaction, m_message);
        switch (decision.kind) {
        case MessageDecision::Kind::Accepted:
            reply = styled(reply::kOk, "Message accepted for delivery", "2.0.0 ",
                           "OK: queued as " + decision.queue_id, "smtp.reply.250.data");
            queue_id = std::move(decision.queue_id);
            ++m_session.messages_accepted;
            break;
        case MessageDecision::Kind::TemporaryFailure:
            reply = standard_reply(reply::kLocalError);
            break;
        case MessageDecision::Kind::InsufficientStorage:
            reply = standard_reply(reply::kInsufficientStorage);
            break;
        case MessageDecision::Kind::ExceededStorage:
            reply = styled(reply::kExceededStorage, "Mailbox full", "5.2.2 ", "Mailbox full");
            break;
        case MessageDecision::Kind::Rejected:
            reply = standard_reply(reply::kTransactionFailed);
            break;
        }
    }
    const bool shut = reply.code == reply::kServiceNotAvailable;
    push(EndOfData{m_transaction, std::move(m_message), reply, std::move(queue_id)});
    m_message.clear();
    reset_transaction();
    enter_command_mode();
    if (shut) {
        shutdown(std::move(reply));
        return;
    }
    const Outcome outcome = reply.is_positive() ? Outcome::Success : Outcome::Failure;
    send_reply(std::move(reply));
    move(Trigger::EndOfData, outcome);
    push(TimerRequest{TimerKind::Command, m_config.command_timeout});
}

} // namespace mailsim::smtp
