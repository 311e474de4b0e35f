#pragma once
// The sans-I/O SMTP server engine (RFC 5321 + the RFC 821 commands the lecture teaches).
// It never touches a socket or a clock: feed it bytes, pull events, send what take_output()
// returns. World knowledge (users, aliases, relaying, terminals, faults) comes from a
// ServerPolicy supplied by the caller.
//
//   SmtpServer server(config, policy);          // queues the 220 greeting
//   server.receive_data(bytes);
//   for (auto e = server.next_event(); !std::holds_alternative<NeedData>(e); e = ...) {...}
//   socket.write(server.take_output());         // once per batch: pipelined replies together
#include "sim/core/bytes.h"
#include "sim/core/sim_time.h"
#include "sim/proto/engine.h"
#include "sim/proto/engine_shell.h"
#include "smtp_events.h"
#include "smtp_policy.h"
#include "smtp_session.h"
#include "smtp_state.h"

#include <cstddef>
#include <string>

namespace mailsim::smtp {

// Reply wording. Classic reproduces the lecture's sendmail-era dialogue byte for byte
// ("250 alice@crepes.fr... Sender ok"); Modern is RFC 5321 wording with RFC 3463 enhanced
// status codes and queue ids, the default for real clients.
enum class TextStyle { Modern, Classic };

// What a LF without CR means (SMTP smuggling, CVE-2023-51766 and friends):
enum class BareLfPolicy {
    Reject,         // default: only CRLF ends a line; a command with a bare LF gets 500 and a
                    // message containing one is refused at its end (554). "\n.\n" cannot end
                    // DATA, so nothing can be smuggled.
    KeepAsData,     // RFC-strict: only CRLF ends a line; a bare LF is stored as message data.
    AcceptAsLineEnd // lenient and vulnerable: LF alone ends lines, so "\n.\n" ends DATA and
                    // what follows runs as commands. Kept to show the attack in a lesson.
};

// TURN, SEND, SOML and SAML: implemented with their RFC 821 meaning, or refused with 502 as
// modern servers do.
enum class Rfc821Commands { Refuse, Implement };

// ESMTP extensions advertised in the EHLO reply (bit flags).
enum Extension : unsigned {
    kExtSize = 1u << 0,
    kExtEightBitMime = 1u << 1,
    kExtPipelining = 1u << 2,
    kExtHelp = 1u << 3,
    kExtEnhancedStatusCodes = 1u << 4,
    kExtAll = 0x1fu,
    // EXPN is listed only where the policy answers it (RFC 5321 §3.5.2): not part of kExtAll.
    kExtExpn = 1u << 5,
};

struct ServerConfig {
    std::string hostname = "localhost";
    TextStyle style = TextStyle::Modern;
    BareLfPolicy bare_lf = BareLfPolicy::Reject;
    Rfc821Commands rfc821 = Rfc821Commands::Refuse;
    unsigned extensions = kExtAll;
    std::size_t max_recipients = 100;                // RFC 5321 §4.5.3.1.8: at least 100
    std::size_t max_message_size = 10 * 1024 * 1024; // octets after unstuffing (SIZE)
    std::size_t max_command_line = 512;              // octets including CRLF (§4.5.3.1.4)
    std::size_t max_text_line = 1000;                // octets including CRLF (§4.5.3.1.6)
    SimTime command_timeout = 5 * kMinute;           // §4.5.3.2.7
    SimTime data_timeout = 10 * kMinute;
    // After this many 500-504 replies on one connection the server answers 421 and closes
    // (a client sending garbage is cut off, as Postfix's hard error limit does); 0 = no limit.
    std::size_t max_errors = 0;
    // One DataChunk event per message line (a stepping UI shows the text arrive line by line).
    // A caller that only needs the whole message at EndOfData turns it off: one copy less per
    // line.
    bool data_line_events = true;
};

class SmtpServer : public EngineShell<SmtpServer, Event> {
public:
    // The greeting (220, or the policy's forced refusal) is queued at once.
    SmtpServer(ServerConfig config, ServerPolicy& policy, SessionInfo session = {});

    // receive_data, receive_eof, next_event (NeedData when the input so far is used up),
    // take_output (the replies), has_output: the EngineShell's.
    // The timer requested by the last TimerRequest fired: 421 and close.
    void on_timeout();

    State state() const { return m_state; }
    bool is_closed() const { return m_state == State::Closed || m_state == State::Turned; }
    bool wants_close() const { return is_closed(); } // said 221/421, or the client left
    const SessionInfo& session() const { return m_session; }
    const Transaction& transaction() const { return m_transaction; }
    const ServerConfig& config() const { return m_config; }
    // After TURN: bytes that arrived after the TURN command, for the engine taking over.
    using EngineShell::take_unprocessed;

    // The reply this server would give for `code` where it has no more specific text (used
    // for forced replies); exposed for tests and for the simulated MTA's logs.
    Reply standard_reply(int code) const;

private:
    friend EngineShell;
    bool session_over() const { return is_closed(); }
    void process_line(const Line& line);
    void process_command(const Line& line);
    void process_data_line(const Line& line);
    void finish_data();
    void handle_eof();

    void on_hello(const Command& command, Greeted kind);
    void on_mail(const Command& command, DeliveryMode mode);
    void on_rcpt(const Command& command);
    void on_data(const Command& command);
    void on_rset(const Command& command);
    void on_quit(const Command& command);
    void on_vrfy(const Command& command);
    void on_expn(const Command& command);
    void on_help(const Command& command);
    void on_turn(const Command& command);
    void refuse_sequence(Verb verb);

    // Classic and modern wording of one reply; modern text gets `enhanced` in front.
    Reply styled(int code, std::string_view classic, std::string_view enhanced,
                 std::string_view modern, std::string key = {}) const;
    void send_reply(Reply reply);
    void move(Trigger trigger, Outcome outcome);
    void shutdown(Reply reply);
    void reset_transaction();
    void enter_command_mode();

    ServerConfig m_config;
    ServerPolicy& m_policy;
    SessionInfo m_session;
    Transaction m_transaction;
    State m_state = State::Greeting;
    bool m_no_service = false; // greeting refused with 554: only QUIT is served (§3.1)
    std::size_t m_errors = 0;  // 500-504 replies so far (ServerConfig::max_errors)

    // The message being received.
    Bytes m_message;
    std::size_t m_message_size = 0;
    bool m_message_too_big = false;
    bool m_message_line_too_long = false;
    bool m_message_bare_lf = false;
};

static_assert(TimedProtocolEngine<SmtpServer>);

} // namespace mailsim::smtp
