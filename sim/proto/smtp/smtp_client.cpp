#include "smtp_client.h"

#include "smtp_data.h"
#include "smtp_eight_bit.h"

#include <cassert>

namespace mailsim::smtp {

namespace {

// The command a reply in this state answers (ReplyReceived::in_reply_to).
Verb verb_answered(ClientState waiting) {
    switch (waiting) {
    case ClientState::Ehlo:
        return Verb::Ehlo;
    case ClientState::Helo:
        return Verb::Helo;
    case ClientState::Mail:
        return Verb::Mail;
    case ClientState::Rcpt:
        return Verb::Rcpt;
    case ClientState::Data:
    case ClientState::Body:
        return Verb::Data;
    case ClientState::Rset:
        return Verb::Rset;
    case ClientState::Quit:
        return Verb::Quit;
    case ClientState::Turn:
        return Verb::Turn;
    default:
        return Verb::Unknown; // the greeting
    }
}

// The explanation of a plain 250 in this state.
const char* ok_key(ClientState waiting) {
    switch (waiting) {
    case ClientState::Ehlo:
        return "smtp.reply.250.ehlo";
    case ClientState::Helo:
        return "smtp.reply.250.helo";
    case ClientState::Mail:
        return "smtp.reply.250.mail";
    case ClientState::Rcpt:
        return "smtp.reply.250.rcpt";
    case ClientState::Body:
        return "smtp.reply.250.data";
    case ClientState::Rset:
        return "smtp.reply.250.rset";
    case ClientState::Turn:
        return "smtp.reply.250.turn";
    default:
        return nullptr;
    }
}

RecipientStatus status_of(const Reply& reply) {
    if (reply.is_positive())
        return RecipientStatus::Accepted;
    if (reply.is_transient())
        return RecipientStatus::TransientFailure;
    return RecipientStatus::PermanentFailure;
}

// Replies the client makes up when the server never gave one (lost link, timeout, local
// refusal). Keys mark them as local so the UI does not claim the server said so.
Reply local_reply(int code, std::string text, std::string key) {
    return make_reply(code, std::move(text), std::move(key));
}

} // namespace

SmtpClient::SmtpClient(ClientConfig config, std::vector<OutgoingMessage> messages)
    : EngineShell(4096, BareLineFeed::AcceptAsLineEnd), m_config(std::move(config)) {
    for (auto& message : messages)
        m_queue.push_back(std::move(message));
    m_pending.push_back({ClientState::Greeting});
    push(TimerRequest{TimerKind::Command, m_config.command_timeout});
}

void SmtpClient::add_message(OutgoingMessage message) {
    if (m_said_goodbye || is_closed())
        return;
    m_queue.push_back(std::move(message));
}

void SmtpClient::on_timeout() {
    if (is_closed())
        return;
    fail_everything(local_reply(reply::kServiceNotAvailable, "4.4.2 Timeout waiting for the server",
                                "smtp.client.timeout"));
    close(EndReason::Timeout);
}

void SmtpClient::handle_eof() {
    if (!m_said_goodbye || !m_pending.empty())
        fail_everything(
            local_reply(reply::kServiceNotAvailable, "4.4.1 Connection lost", "smtp.client.lost"));
    close(EndReason::PeerClosed);
}

void SmtpClient::process_line(const Line& line) {
    if (line.overlong) {
        push(ProtocolViolation{Violation::LineTooLong, "reply line too long"});
        return;
    }
    auto parsed = m_parser.feed_line(line.text);
    if (!parsed) {
        push(ProtocolViolation{Violation::MalformedReply, parsed.error().message});
        fail_everything(local_reply(reply::kServiceNotAvailable,
                                    "4.5.0 Malformed reply from the server",
                                    "smtp.client.malformed"));
        close(EndReason::PeerClosed);
        return;
    }
    if (*parsed)
        on_reply(**parsed);
}

void SmtpClient::on_reply(const Reply& reply) {
    if (m_pending.empty()) {
        push(ReplyReceived{reply, Verb::Unknown});
        push(ProtocolViolation{Violation::UnexpectedReply, "reply without a command"});
        return;
    }
    const Pending pending = m_pending.front();
    m_pending.pop_front();
    // The wire does not carry the server's explanation key; what the reply answered does.
    Reply explained = reply;
    if (explained.key.empty() && explained.code == reply::kOk)
        if (const char* key = ok_key(pending.what))
            explained.key = key;
    push(ReplyReceived{std::move(explained), verb_answered(pending.what)});
    // How the reply counts for the client table; the row it takes is known once this reply is
    // handled (the next command says what the client waits for next).
    const ClientTrigger trigger = client_trigger_for(pending.what, reply.code);
    handle_reply(pending, reply, trigger);
    if (!is_closed())
        move_client(trigger, m_pending.empty() ? ClientState::Closed : m_pending.front().what);
}

void SmtpClient::handle_reply(const Pending& pending, const Reply& reply, ClientTrigger trigger) {
    // 421 may come at any point: the server is going away (RFC 5321 §3.8).
    if (reply.code == reply::kServiceNotAvailable && pending.what != ClientState::Quit) {
        fail_everything(reply);
        move(Trigger::Shutdown, Outcome::Success);
        close(EndReason::ServiceDown, trigger);
        return;
    }
    switch (pending.what) {
    case ClientState::Greeting:
        on_greeting(reply);
        break;
    case ClientState::Ehlo:
    case ClientState::Helo:
        on_hello(pending.what, reply);
        break;
    case ClientState::Mail:
        on_mail(reply);
        break;
    case ClientState::Rcpt:
        on_rcpt(pending.index, reply);
        break;
    case ClientState::Data:
        on_data(reply);
        break;
    case ClientState::Body:
        on_data_end(reply);
        break;
    case ClientState::Rset:
        move(Trigger::Rset, reply.is_positive() ? Outcome::Success : Outcome::Failure);
        finish_transaction();
        start_next();
        break;
    case ClientState::Quit:
        move(Trigger::Quit, Outcome::Success);
        close(EndReason::Quit, trigger);
        break;
    case ClientState::Turn:
        if (reply.is_positive()) {
            move(Trigger::Turn, Outcome::Success);
            push(RoleReversal{});
            close(EndReason::Turned, trigger);
        } else {
            send(make_command(Verb::Quit), ClientState::Quit);
        }
        break;
    case ClientState::Closed:
    case ClientState::Turned:
        break; // nothing is owed in these
    }
}

void SmtpClient::on_greeting(const Reply& reply) {
    if (reply.code != reply::kServiceReady) {
        // 554 at connect: no service here; say goodbye politely (RFC 5321 §3.1).
        fail_everything(reply);
        end_session();
        return;
    }
    send_hello(m_config.style == ClientStyle::Classic ? Verb::Helo : Verb::Ehlo);
}

void SmtpClient::send_hello(Verb verb) {
    send(make_command(verb, m_config.hostname),
         verb == Verb::Ehlo ? ClientState::Ehlo : ClientState::Helo);
}

void SmtpClient::on_hello(ClientState what, const Reply& reply) {
    if (reply.is_positive()) {
        m_extensions = ServerExtensions{};
        if (what == ClientState::Ehlo) {
            m_extensions.esmtp = true;
            for (std::size_t i = 1; i < reply.lines.size(); ++i) {
                const std::string& line = reply.lines[i];
                const std::string keyword = to_upper_ascii(line.substr(0, line.find(' ')));
                m_extensions.keywords.push_back(keyword);
                if (keyword == "SIZE") {
                    m_extensions.size = true;
                    const std::size_t space = line.find(' ');
                    if (space != std::string::npos) {
                        std::size_t value = 0;
                        bool digits = space + 1 < line.size();
                        for (std::size_t k = space + 1; k < line.size() && digits; ++k) {
                            if (line[k] < '0' || line[k] > '9' || value > (SIZE_MAX - 9) / 10)
                                digits = false;
                            else
                                value = value * 10 + static_cast<std::size_t>(line[k] - '0');
                        }
                        if (digits)
                            m_extensions.size_limit = value;
                    }
                } else if (keyword == "8BITMIME") {
                    m_extensions.eight_bit_mime = true;
                } else if (keyword == "PIPELINING") {
                    m_extensions.pipelining = true;
                } else if (keyword == "ENHANCEDSTATUSCODES") {
                    m_extensions.enhanced_status_codes = true;
                }
            }
        }
        move(what == ClientState::Ehlo ? Trigger::Ehlo : Trigger::Helo, Outcome::Success);
        start_next();
        return;
    }
    // RFC 5321 §4.1.4 / §3.2: a server that does not know EHLO answers 500/502 (or 501, 504,
    // 550); the client then falls back to HELO.
    const int code = reply.code;
    if (what == ClientState::Ehlo &&
        (code == reply::kSyntaxError || code == reply::kSyntaxErrorInParameters ||
         code == reply::kNotImplemented || code == reply::kParameterNotImplemented ||
         code == reply::kMailboxUnavailable)) {
        send_hello(Verb::Helo);
        return;
    }
    fail_everything(reply);
    end_session();
}

std::string SmtpClient::path(std::string_view keyword, std::string_view address) const {
    std::string out(keyword);
    out += m_config.style == ClientStyle::Classic ? ": <" : ":<";
    out += address;
    out += '>';
    return out;
}

void SmtpClient::start_next() {
    while (!m_queue.empty()) {
        if (begin_transaction())
            return;
    }
    end_session();
}

bool SmtpClient::begin_transaction() {
    OutgoingMessage message = std::move(m_queue.front());
    m_queue.pop_front();
    Current current;
    current.index = m_next_index++;
    current.result.message_index = current.index;
    for (const auto& rcpt : message.rcpt_to)
        current.result.recipients.push_back({rcpt, RecipientStatus::Pending, {}});
    current.rcpt_ok.assign(message.rcpt_to.size(), false);
    m_current = std::move(current);

    auto refuse_locally = [&](Reply reply) {
        for (auto& r : m_current->result.recipients) {
            r.status = status_of(reply);
            r.reply = reply;
        }
        finish_transaction();
        return false;
    };
    if (message.rcpt_to.empty())
        return refuse_locally(local_reply(reply::kTransactionFailed, "5.5.1 No recipients",
                                          "smtp.client.no_recipients"));
    // Conversion works on the raw bytes: normalising line ends first would corrupt binary
    // parts that base64 is about to protect.
    Bytes content = std::move(message.content);
    std::string params;
    if (has_eight_bit(content)) {
        if (m_extensions.eight_bit_mime) {
            params += " BODY=8BITMIME";
        } else if (m_config.eight_bit == EightBitPolicy::Refuse) {
            return refuse_locally(local_reply(reply::kTransactionFailed,
                                              "5.6.3 Conversion required but not supported",
                                              "smtp.client.eight_bit_refused"));
        } else {
            const SevenBitEncoding encoding = m_config.eight_bit == EightBitPolicy::ConvertBase64
                                                  ? SevenBitEncoding::Base64
                                                  : SevenBitEncoding::QuotedPrintable;
            auto converted = downgrade_to_seven_bit(content, encoding);
            if (!converted)
                return refuse_locally(
                    local_reply(reply::kTransactionFailed,
                                "5.6.3 Conversion failed: " + converted.error().message,
                                "smtp.client.conversion_failed"));
            push(MessageConverted{m_current->index,
                                  encoding == SevenBitEncoding::Base64 ? "base64"
                                                                       : "quoted-printable",
                                  converted->parts_converted});
            content = std::move(converted->message);
        }
    }
    std::size_t size = 0;
    m_current->wire = normalize_and_stuff(content, size);
    if (m_extensions.size) {
        if (m_extensions.size_limit && size > m_extensions.size_limit)
            return refuse_locally(local_reply(reply::kExceededStorage,
                                              "5.3.4 Message larger than the server's SIZE limit",
                                              "smtp.client.too_big"));
        params = " SIZE=" + std::to_string(size) + params;
    }
    const Verb verb = message.mode == DeliveryMode::Terminal             ? Verb::Send
                      : message.mode == DeliveryMode::TerminalOrMailbox  ? Verb::Soml
                      : message.mode == DeliveryMode::TerminalAndMailbox ? Verb::Saml
                                                                         : Verb::Mail;
    send(make_command(verb, path("FROM", message.mail_from) + params), ClientState::Mail);
    m_current->pipelined =
        m_extensions.pipelining && m_config.pipelining == PipeliningUse::WhenOffered;
    if (m_current->pipelined) {
        // RFC 2920: MAIL, every RCPT and DATA in one go; replies come back in order.
        for (std::size_t i = 0; i < m_current->result.recipients.size(); ++i)
            send_rcpt(i);
        send_data_command();
    }
    return true;
}

void SmtpClient::send_rcpt(std::size_t index) {
    send(make_command(Verb::Rcpt, path("TO", m_current->result.recipients[index].recipient)),
         ClientState::Rcpt, index);
}

void SmtpClient::send_data_command() {
    send(make_command(Verb::Data), ClientState::Data);
    push(TimerRequest{TimerKind::Command, m_config.data_start_timeout});
}

void SmtpClient::on_mail(const Reply& reply) {
    if (!m_current)
        return;
    if (reply.is_positive()) {
        move(Trigger::Mail, Outcome::Success);
        if (!m_current->pipelined)
            send_rcpt(0);
        return;
    }
    m_current->mail_failed = true;
    fail_open_recipients(reply);
    if (!m_current->pipelined) {
        finish_transaction();
        start_next();
    }
    // Pipelined: the RCPT and DATA replies are still on their way; DATA's reply finishes.
}

void SmtpClient::on_rcpt(std::size_t index, const Reply& reply) {
    if (!m_current || m_current->mail_failed)
        return;
    auto& result = m_current->result.recipients[index];
    if (reply.is_positive()) {
        m_current->rcpt_ok[index] = true;
        result.reply = reply; // provisional until the end of DATA
        move(Trigger::Rcpt, Outcome::Success);
    } else {
        result.status = status_of(reply);
        result.reply = reply;
    }
    if (m_current->pipelined)
        return;
    if (index + 1 < m_current->result.recipients.size()) {
        send_rcpt(index + 1);
        return;
    }
    bool any = false;
    for (bool ok : m_current->rcpt_ok)
        any = any || ok;
    if (any)
        send_data_command();
    else
        send(make_command(Verb::Rset), ClientState::Rset);
}

void SmtpClient::on_data(const Reply& reply) {
    if (!m_current)
        return;
    bool any = false;
    for (bool ok : m_current->rcpt_ok)
        any = any || ok;
    if (reply.code == reply::kStartMailInput) {
        move(Trigger::Data, Outcome::Success);
        // RFC 2920 §3.1: a 354 after all recipients failed still needs the terminator.
        const Bytes body = any && !m_current->mail_failed ? m_current->wire : Bytes(".\r\n");
        output() += body;
        m_current->data_sent = true;
        m_pending.push_back({ClientState::Body});
        push(TimerRequest{TimerKind::DataBlock, m_config.data_end_timeout});
        return;
    }
    fail_open_recipients(reply);
    if (m_current->mail_failed) {
        finish_transaction();
        start_next();
        return;
    }
    // MAIL was accepted, so the transaction is still open on the server: close it with RSET.
    send(make_command(Verb::Rset), ClientState::Rset);
}

void SmtpClient::on_data_end(const Reply& reply) {
    if (!m_current)
        return;
    move(Trigger::EndOfData, reply.is_positive() ? Outcome::Success : Outcome::Failure);
    fail_open_recipients(reply); // for a 250 this marks the accepted ones Accepted
    finish_transaction();
    start_next();
}

void SmtpClient::fail_open_recipients(const Reply& reply) {
    // Recipients still pending take the status the reply gives them; a 250 at the end of DATA
    // turns the provisionally accepted ones into Accepted.
    for (std::size_t i = 0; i < m_current->result.recipients.size(); ++i) {
        auto& r = m_current->result.recipients[i];
        if (r.status != RecipientStatus::Pending)
            continue;
        if (reply.is_positive() && !m_current->rcpt_ok[i])
            continue;
        r.status = status_of(reply);
        r.reply = reply;
    }
}

void SmtpClient::finish_transaction() {
    if (!m_current)
        return;
    // A recipient never answered (lost link) stays transient.
    for (auto& r : m_current->result.recipients)
        if (r.status == RecipientStatus::Pending) {
            r.status = RecipientStatus::TransientFailure;
            if (r.reply.code == 0)
                r.reply =
                    local_reply(reply::kServiceNotAvailable, "4.4.1 No reply", "smtp.client.lost");
        }
    m_results.push_back(m_current->result);
    push(TransactionFinished{m_current->result});
    m_current.reset();
}

void SmtpClient::fail_everything(const Reply& reply) {
    if (m_current) {
        for (auto& r : m_current->result.recipients)
            if (r.status == RecipientStatus::Pending) {
                r.status = reply.is_permanent() ? RecipientStatus::PermanentFailure
                                                : RecipientStatus::TransientFailure;
                r.reply = reply;
            }
        finish_transaction();
    }
    while (!m_queue.empty()) {
        Current current;
        current.index = m_next_index++;
        current.result.message_index = current.index;
        for (const auto& rcpt : m_queue.front().rcpt_to)
            current.result.recipients.push_back({rcpt,
                                                 reply.is_permanent()
                                                     ? RecipientStatus::PermanentFailure
                                                     : RecipientStatus::TransientFailure,
                                                 reply});
        m_queue.pop_front();
        m_results.push_back(current.result);
        push(TransactionFinished{current.result});
    }
}

void SmtpClient::end_session() {
    m_said_goodbye = true;
    if (m_config.end == SessionEnd::Turn && m_state != State::Greeting)
        send(make_command(Verb::Turn), ClientState::Turn);
    else
        send(make_command(Verb::Quit), ClientState::Quit);
}

void SmtpClient::send(Command command, ClientState what, std::size_t index) {
    output().append(command.line).append("\r\n"); // command.to_wire() without a temporary
    m_pending.push_back({what, index});
    push(CommandSent{std::move(command)});
    // Waiting for this reply: the timer restarts (DATA then asks for its own, shorter one).
    push(TimerRequest{TimerKind::Command, m_config.command_timeout});
}

void SmtpClient::close(EndReason reason, ClientTrigger trigger) {
    if (is_closed())
        return;
    move_client(trigger, reason == EndReason::Turned ? ClientState::Turned : ClientState::Closed);
    m_pending.clear();
    if (m_state != State::Closed && m_state != State::Turned) {
        const State from = m_state;
        m_state = State::Closed;
        push(StateChanged{from, m_state,
                          reason == EndReason::Quit ? Trigger::Quit : Trigger::ConnectionLost});
    }
    push(ConnectionClosed{reason});
}

void SmtpClient::move_client(ClientTrigger trigger, ClientState to) {
    // The engine decides which row applies (another recipient? another message? TURN?); it
    // never takes a move the table does not have. tests/unit/smtp/test_smtp_client_state.cpp
    // drives every row.
    assert(client_transition_allowed(m_client_state, trigger, to));
    m_last_client_step = ClientStateTracker::Step{m_client_state, trigger, to};
    m_client_state = to;
}

void SmtpClient::move(Trigger trigger, Outcome outcome) {
    if (auto change = step_state(m_state, trigger, outcome))
        push(*change);
}

} // namespace mailsim::smtp
