#include "smtp_server.h"

#include <algorithm>

namespace mailsim::smtp {

namespace {

BareLineFeed reader_policy(BareLfPolicy policy) {
    return policy == BareLfPolicy::AcceptAsLineEnd ? BareLineFeed::AcceptAsLineEnd
                                                   : BareLineFeed::KeepInLine;
}

DeliveryMode mode_for(Verb verb) {
    switch (verb) {
    case Verb::Send:
        return DeliveryMode::Terminal;
    case Verb::Soml:
        return DeliveryMode::TerminalOrMailbox;
    case Verb::Saml:
        return DeliveryMode::TerminalAndMailbox;
    default:
        return DeliveryMode::Mailbox;
    }
}

bool is_rfc821_verb(Verb verb) {
    return verb == Verb::Turn || verb == Verb::Send || verb == Verb::Soml || verb == Verb::Saml;
}

} // namespace

SmtpServer::SmtpServer(ServerConfig config, ServerPolicy& policy, SessionInfo session)
    : EngineShell(config.max_command_line - 2, reader_policy(config.bare_lf)),
      m_config(std::move(config)), m_policy(policy), m_session(std::move(session)) {
    push(TimerRequest{TimerKind::Command, m_config.command_timeout});
    if (auto forced = m_policy.forced_reply({FaultPoint::Kind::Connect, Verb::Unknown}, m_session);
        forced && forced->code >= 400) {
        Reply reply = *forced;
        if (reply.lines.empty())
            reply = reply.code == reply::kTransactionFailed
                        ? styled(reply.code, "No SMTP service here", "5.3.2 ",
                                 m_config.hostname + " No SMTP service here",
                                 "smtp.reply.554.no_service")
                        : standard_reply(reply.code);
        if (reply.code == reply::kServiceNotAvailable) {
            shutdown(std::move(reply));
            return;
        }
        m_no_service = true;
        send_reply(std::move(reply));
        return;
    }
    send_reply(styled(reply::kServiceReady, m_config.hostname, "",
                      m_config.hostname + " ESMTP mailsim ready"));
}

void SmtpServer::on_timeout() {
    if (is_closed())
        return;
    shutdown(styled(reply::kServiceNotAvailable,
                    m_config.hostname + " Timeout, closing transmission channel", "4.4.2 ",
                    m_config.hostname + " Error: timeout exceeded"));
}

void SmtpServer::handle_eof() {
    if (m_state == State::Data)
        push(ProtocolViolation{Violation::EofInData, "connection closed inside DATA"});
    const State from = m_state;
    m_state = State::Closed;
    push(StateChanged{from, m_state, Trigger::ConnectionLost});
    push(ConnectionClosed{EndReason::PeerClosed});
}

void SmtpServer::process_line(const Line& line) {
    if (m_state == State::Data) {
        process_data_line(line);
        return;
    }
    process_command(line);
    // Waiting for the next command again: the idle timeout restarts (RFC 5321 §4.5.3.2.7).
    // DATA arms its own, longer timer.
    if (!is_closed() && m_state != State::Data)
        push(TimerRequest{TimerKind::Command, m_config.command_timeout});
}

void SmtpServer::process_command(const Line& line) {
    if (line.overlong) {
        push(ProtocolViolation{Violation::LineTooLong,
                               "command line longer than " +
                                   std::to_string(m_config.max_command_line) + " octets"});
        send_reply(styled(reply::kSyntaxError, "Line too long", "5.5.2 ", "Line too long"));
        return;
    }
    if (line.bare_lf)
        push(ProtocolViolation{Violation::BareLineFeed, "command ended by a bare LF"});
    if (line.text.find('\n') != std::string::npos) {
        push(ProtocolViolation{Violation::BareLineFeed, "bare LF inside a command line"});
        send_reply(styled(reply::kSyntaxError, "Bare LF not allowed", "5.5.2 ",
                          "Bare <LF> received; use <CRLF>"));
        return;
    }
    const Command command = parse_command_line(line.text);
    push(CommandReceived{command});
    if (m_no_service && command.verb != Verb::Quit) {
        send_reply(styled(reply::kBadSequence, "No SMTP service here", "5.5.1 ",
                          "No SMTP service here; only QUIT is accepted"));
        return;
    }
    if (command.verb == Verb::Unknown) {
        send_reply(styled(reply::kSyntaxError, "Command unrecognized", "5.5.1 ",
                          "Command unrecognized: \"" + command.verb_text.substr(0, 32) + "\""));
        return;
    }
    if (is_rfc821_verb(command.verb) && m_config.rfc821 == Rfc821Commands::Refuse) {
        send_reply(styled(reply::kNotImplemented, "Command not implemented", "5.5.1 ",
                          std::string(verb_name(command.verb)) + " command not implemented",
                          "smtp.reply.502.rfc821"));
        return;
    }
    const Trigger trigger = *trigger_for(command.verb);
    if (!is_allowed(m_state, trigger)) {
        refuse_sequence(command.verb);
        return;
    }
    if (auto forced = m_policy.forced_reply({FaultPoint::Kind::Command, command.verb}, m_session);
        forced && forced->code >= 400) {
        Reply reply = *forced;
        if (reply.lines.empty())
            reply = standard_reply(reply.code);
        if (reply.code == reply::kServiceNotAvailable) {
            shutdown(std::move(reply));
            return;
        }
        if (command.verb == Verb::Rcpt)
            ++m_transaction.rcpt_attempts;
        send_reply(std::move(reply));
        move(trigger, Outcome::Failure);
        return;
    }
    switch (command.verb) {
    case Verb::Helo:
        on_hello(command, Greeted::Helo);
        break;
    case Verb::Ehlo:
        on_hello(command, Greeted::Ehlo);
        break;
    case Verb::Mail:
    case Verb::Send:
    case Verb::Soml:
    case Verb::Saml:
        on_mail(command, mode_for(command.verb));
        break;
    case Verb::Rcpt:
        on_rcpt(command);
        break;
    case Verb::Data:
        on_data(command);
        break;
    case Verb::Rset:
        on_rset(command);
        break;
    case Verb::Noop:
        send_reply(styled(reply::kOk, "OK", "2.0.0 ", "OK"));
        move(trigger, Outcome::Success);
        break;
    case Verb::Quit:
        on_quit(command);
        break;
    case Verb::Vrfy:
        on_vrfy(command);
        break;
    case Verb::Expn:
        on_expn(command);
        break;
    case Verb::Help:
        on_help(command);
        break;
    case Verb::Turn:
        on_turn(command);
        break;
    case Verb::Unknown:
        break;
    }
}

void SmtpServer::refuse_sequence(Verb verb) {
    // Say what is missing: the lesson is in the wording.
    std::string why = "Bad sequence of commands";
    std::string key = "smtp.reply.503";
    if (verb == Verb::Data && m_state == State::MailGiven && m_transaction.rcpt_attempts > 0) {
        // RFC 2920 §3.1: after pipelined RCPTs that all failed, DATA gets 554.
        send_reply(styled(reply::kTransactionFailed, "No valid recipients", "5.5.1 ",
                          "No valid recipients", "smtp.reply.554.no_recipients"));
        return;
    }
    if (m_state == State::Greeting &&
        (verb == Verb::Mail || verb == Verb::Send || verb == Verb::Soml || verb == Verb::Saml ||
         verb == Verb::Rcpt || verb == Verb::Data || verb == Verb::Turn)) {
        why = "Send HELO/EHLO first";
        key = "smtp.reply.503.hello_first";
    } else if (verb == Verb::Rcpt) {
        why = "Need MAIL before RCPT";
        key = "smtp.reply.503.mail_first";
    } else if (verb == Verb::Data && m_state == State::Ready) {
        why = "Need MAIL command";
        key = "smtp.reply.503.mail_first";
    } else if (verb == Verb::Data) {
        why = "Need RCPT (recipient)";
        key = "smtp.reply.503.rcpt_first";
    } else if (verb == Verb::Mail || verb == Verb::Send || verb == Verb::Soml ||
               verb == Verb::Saml) {
        why = "Sender already specified";
        key = "smtp.reply.503.nested_mail";
    } else if (verb == Verb::Turn) {
        why = "TURN only outside a mail transaction";
    }
    send_reply(styled(reply::kBadSequence, why, "5.5.1 ", why, key));
}

void SmtpServer::on_hello(const Command& command, Greeted kind) {
    const std::string name(trim_ascii(command.argument));
    // A domain or address literal (§4.1.1.1) is printable ASCII: a NUL or 8-bit byte is not one.
    const bool printable = std::all_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (name.empty() || !printable) {
        send_reply(styled(reply::kSyntaxErrorInParameters,
                          std::string(verb_name(command.verb)) + " requires domain address",
                          "5.5.4 ",
                          "Syntax: " + std::string(verb_name(command.verb)) + " hostname"));
        return;
    }
    m_session.client_name = name;
    m_session.greeted = kind;
    reset_transaction();
    const std::string classic_hello = "Hello " + name + ", pleased to meet you";
    if (kind == Greeted::Helo) {
        send_reply(styled(reply::kOk, classic_hello, "", m_config.hostname + " Hello " + name,
                          "smtp.reply.250.helo"));
    } else {
        Reply reply;
        reply.code = reply::kOk;
        reply.key = "smtp.reply.250.ehlo";
        reply.lines.push_back(m_config.hostname + " " + classic_hello);
        if (m_config.style == TextStyle::Modern)
            reply.lines.back() = m_config.hostname + " Hello " + name;
        const unsigned ext = m_config.extensions;
        if (ext & kExtSize)
            reply.lines.push_back("SIZE " + std::to_string(m_config.max_message_size));
        if (ext & kExtEightBitMime)
            reply.lines.push_back("8BITMIME");
        if (ext & kExtPipelining)
            reply.lines.push_back("PIPELINING");
        if ((ext & kExtEnhancedStatusCodes) && m_config.style == TextStyle::Modern)
            reply.lines.push_back("ENHANCEDSTATUSCODES");
        if (ext & kExtExpn)
            reply.lines.push_back("EXPN");
        if (ext & kExtHelp)
            reply.lines.push_back("HELP");
        send_reply(std::move(reply));
    }
    move(kind == Greeted::Helo ? Trigger::Helo : Trigger::Ehlo, Outcome::Success);
}

void SmtpServer::on_rset(const Command& command) {
    if (!trim_ascii(command.argument).empty()) {
        send_reply(styled(reply::kSyntaxErrorInParameters, "RSET takes no arguments", "5.5.4 ",
                          "Syntax: RSET (no arguments)"));
        return;
    }
    reset_transaction();
    send_reply(styled(reply::kOk, "Reset state", "2.0.0 ", "OK", "smtp.reply.250.rset"));
    move(Trigger::Rset, Outcome::Success);
}

void SmtpServer::on_quit(const Command&) {
    send_reply(styled(reply::kClosing, m_config.hostname + " closing connection", "2.0.0 ",
                      m_config.hostname + " closing connection"));
    move(Trigger::Quit, Outcome::Success);
    push(ConnectionClosed{EndReason::Quit});
}

namespace {
// RFC 5321 §4.2: reply text is printable US-ASCII and tab. Client bytes echoed into a reply
// (an unknown command, a bad argument) are shown as \xNN instead: a NUL, a bare CR or 8-bit
// bytes must not reach the client's reply parser or terminal.
void make_printable(std::string& line) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto bad = [](unsigned char c) { return c != '\t' && (c < 0x20 || c > 0x7e); };
    if (std::none_of(line.begin(), line.end(), [&](char c) { return bad(c); }))
        return;
    std::string out;
    for (char ch : line) {
        const auto c = static_cast<unsigned char>(ch);
        if (!bad(c)) {
            out += ch;
            continue;
        }
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    line = std::move(out);
}
} // namespace

void SmtpServer::send_reply(Reply reply) {
    for (auto& line : reply.lines)
        make_printable(line);
    const bool error =
        reply.code >= reply::kSyntaxError && reply.code <= reply::kParameterNotImplemented;
    reply.append_wire(output());
    push(ReplySent{std::move(reply)});
    if (error && m_config.max_errors != 0 && ++m_errors >= m_config.max_errors && !is_closed())
        shutdown(styled(reply::kServiceNotAvailable,
                        m_config.hostname + " Too many errors, closing transmission channel",
                        "4.7.0 ", m_config.hostname + " Error: too many errors"));
}

void SmtpServer::move(Trigger trigger, Outcome outcome) {
    if (is_closed())
        return; // e.g. the error limit closed the connection in the middle of a command
    if (auto change = step_state(m_state, trigger, outcome))
        push(*change);
}

void SmtpServer::shutdown(Reply reply) {
    send_reply(std::move(reply));
    const State from = m_state;
    m_state = State::Closed;
    if (from != State::Closed)
        push(StateChanged{from, m_state, Trigger::Shutdown});
    push(ConnectionClosed{EndReason::ServiceDown});
}

void SmtpServer::reset_transaction() {
    m_transaction = Transaction{};
}

void SmtpServer::enter_command_mode() {
    input().set_max_line_length(m_config.max_command_line - 2);
}

} // namespace mailsim::smtp
