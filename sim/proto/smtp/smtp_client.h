#pragma once
// The sans-I/O SMTP client engine: given messages (envelope + bytes), it drives one session —
// waits for 220, EHLO (HELO if refused), MAIL, RCPT per recipient, DATA with dot-stuffing,
// QUIT — pipelining when the server offers it, and records every recipient's fate.
//
//   SmtpClient client(config, {message});
//   client.receive_data(bytes_from_server);
//   while (!std::holds_alternative<NeedData>(e = client.next_event())) { ... }
//   socket.write(client.take_output());
#include "sim/core/bytes.h"
#include "sim/core/sim_time.h"
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"
#include "smtp_client_state.h"
#include "smtp_events.h"
#include "smtp_session.h"
#include "smtp_state.h"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::smtp {

// Classic: HELO only and "MAIL FROM: <x>" with the space, as the lecture's dialogue shows.
// Modern: EHLO (HELO fallback), RFC 5321 syntax, ESMTP parameters.
enum class ClientStyle { Modern, Classic };
enum class PipeliningUse { WhenOffered, Never };
// 8-bit content to a server without 8BITMIME (RFC 6152 §3): convert to 7 bit or give up.
enum class EightBitPolicy { ConvertQuotedPrintable, ConvertBase64, Refuse };
// How a session ends once every message is done: QUIT, or TURN to receive mail (RFC 821).
enum class SessionEnd { Quit, Turn };

struct ClientConfig {
    std::string hostname = "localhost";
    ClientStyle style = ClientStyle::Modern;
    PipeliningUse pipelining = PipeliningUse::WhenOffered;
    EightBitPolicy eight_bit = EightBitPolicy::ConvertQuotedPrintable;
    SessionEnd end = SessionEnd::Quit;
    // RFC 5321 §4.5.3.2 client timeouts.
    SimTime command_timeout = 5 * kMinute;
    SimTime data_start_timeout = 2 * kMinute;
    SimTime data_end_timeout = 10 * kMinute;
};

struct OutgoingMessage {
    std::string mail_from; // empty for the null sender <> (bounces)
    std::vector<std::string> rcpt_to;
    Bytes content; // the RFC 5322 message; line ends are normalized to CRLF
    DeliveryMode mode = DeliveryMode::Mailbox;
};

// What the server's EHLO reply offered.
struct ServerExtensions {
    bool esmtp = false; // EHLO accepted
    bool size = false;
    std::size_t size_limit = 0; // 0: no limit announced
    bool eight_bit_mime = false;
    bool pipelining = false;
    bool enhanced_status_codes = false;
    std::vector<std::string> keywords;
};

class SmtpClient : public EngineShell<SmtpClient, Event> {
public:
    explicit SmtpClient(ClientConfig config, std::vector<OutgoingMessage> messages = {});

    // More work for this session; ignored once QUIT (or TURN) was sent.
    void add_message(OutgoingMessage message);

    // receive_data, receive_eof, next_event, take_output, has_output: the EngineShell's.
    void on_timeout();

    bool is_closed() const {
        return m_client_state == ClientState::Closed || m_client_state == ClientState::Turned;
    }
    bool wants_close() const { return is_closed(); } // QUIT answered, or the server left
    // The client's view of the server's state (the same table the server uses).
    State server_state() const { return m_state; }
    // The client's own state: the reply it waits for next. It moves only along the rows of
    // the client table (smtp_client_state.cpp), the one the UI's diagram draws.
    ClientState client_state() const { return m_client_state; }
    // The row of the client table taken last (the diagram marks it); none before the first.
    const std::optional<ClientStateTracker::Step>& last_client_step() const {
        return m_last_client_step;
    }
    const ServerExtensions& extensions() const { return m_extensions; }
    const std::vector<TransactionResult>& results() const { return m_results; }
    const ClientConfig& config() const { return m_config; }
    using EngineShell::take_unprocessed; // after TURN

private:
    friend EngineShell;
    bool session_over() const { return is_closed(); }
    void handle_eof();
    // A reply still owed: the state it answers (the client table's "waiting for") and, for
    // RCPT, which recipient. Pipelined commands owe several at once, oldest first.
    struct Pending {
        ClientState what;
        std::size_t index = 0; // recipient index for Rcpt
    };
    // The message being sent.
    struct Current {
        std::size_t index = 0;
        Bytes wire; // stuffed body with terminator
        TransactionResult result;
        std::vector<bool> rcpt_ok;
        bool mail_failed = false;
        bool pipelined = false;
        bool data_sent = false;
    };

    void process_line(const Line& line);
    void on_reply(const Reply& reply);
    void handle_reply(const Pending& pending, const Reply& reply, ClientTrigger trigger);
    void on_greeting(const Reply& reply);
    void on_hello(ClientState what, const Reply& reply);
    void on_mail(const Reply& reply);
    void on_rcpt(std::size_t index, const Reply& reply);
    void on_data(const Reply& reply);
    void on_data_end(const Reply& reply);

    void send_hello(Verb verb);
    void start_next();
    bool begin_transaction();
    void send_rcpt(std::size_t index);
    void send_data_command();
    void finish_transaction();
    void end_session();
    void send(Command command, ClientState what, std::size_t index = 0);
    void fail_everything(const Reply& reply);
    void fail_open_recipients(const Reply& reply);
    void close(EndReason reason, ClientTrigger trigger = ClientTrigger::ConnectionEnd);
    // The client's own move, along a row of the client table.
    void move_client(ClientTrigger trigger, ClientState to);
    // The client's view of the server's state, along the server table.
    void move(Trigger trigger, Outcome outcome);
    std::string path(std::string_view keyword, std::string_view address) const;

    ClientConfig m_config;
    std::deque<OutgoingMessage> m_queue;
    std::size_t m_next_index = 0;
    std::optional<Current> m_current;
    std::vector<TransactionResult> m_results;
    ServerExtensions m_extensions;
    ClientState m_client_state = ClientState::Greeting;
    std::optional<ClientStateTracker::Step> m_last_client_step;
    bool m_said_goodbye = false; // QUIT (or TURN) is out: no new messages are taken
    State m_state = State::Greeting;
    ReplyParser m_parser;
    std::deque<Pending> m_pending;
};

static_assert(TimedProtocolEngine<SmtpClient>);

} // namespace mailsim::smtp
