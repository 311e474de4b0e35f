#pragma once
// What the SMTP engines tell their caller. One variant for both roles: the server produces
// CommandReceived/ReplySent/DataChunk/EndOfData, the client CommandSent/ReplyReceived/
// TransactionFinished; both produce the rest. No callbacks: a stepping UI pulls events.
#include "sim/core/bytes.h"
#include "sim/core/sim_time.h"
#include "smtp_command.h"
#include "smtp_reply.h"
#include "smtp_session.h"
#include "smtp_state.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mailsim::smtp {

// Nothing more can happen until more bytes (or EOF, or a timer) arrive.
struct NeedData {};

struct CommandReceived {
    Command command;
};

struct ReplySent {
    Reply reply;
};

struct CommandSent {
    Command command;
};

struct ReplyReceived {
    Reply reply;
    Verb in_reply_to = Verb::Unknown; // Unknown for the greeting
};

// One line of message text after dot-unstuffing, with its CRLF (server side).
struct DataChunk {
    Bytes bytes;
};

// The message is complete: the transaction, the whole unstuffed message and the reply given.
// The message was taken for delivery only if reply.code is 250.
struct EndOfData {
    Transaction transaction;
    Bytes message;
    Reply reply;
    std::string queue_id; // the policy's id for an accepted message ("queued as ..."), else ""
};

enum class RecipientStatus {
    Pending,
    Accepted,
    TransientFailure, // 4yz, connection lost, 421: try again later
    PermanentFailure, // 5yz: bounce
};

struct RecipientResult {
    std::string recipient;
    RecipientStatus status = RecipientStatus::Pending;
    Reply reply; // the reply that decided the status (synthetic, code 421, for a lost link)
};

// Client side: the fate of one submitted message, per recipient.
struct TransactionResult {
    std::size_t message_index = 0;
    std::vector<RecipientResult> recipients;
};

struct TransactionFinished {
    TransactionResult result;
};

// Client side: the message had 8-bit content and the server no 8BITMIME, so it was converted to
// 7 bit (RFC 6152 §3) before sending.
struct MessageConverted {
    std::size_t message_index = 0;
    std::string encoding;            // "quoted-printable" or "base64" (for text parts)
    std::size_t parts_converted = 0; // leaf parts re-encoded
};

struct StateChanged {
    State from;
    State to;
    Trigger trigger;
};

// Moves `state` along the server table (the server's own state, or the client's view of it):
// the change to report, or nothing when the table has no row or the row is a self-loop.
inline std::optional<StateChanged> step_state(State& state, Trigger trigger, Outcome outcome) {
    const auto next = next_state(state, trigger, outcome);
    if (!next || *next == state)
        return std::nullopt;
    const StateChanged change{state, *next, trigger};
    state = *next;
    return change;
}

enum class TimerKind {
    Command,  // waiting for the next command (server) or a reply (client)
    DataBlock // inside DATA
};

// (Re)arm the connection's single timer; a new request replaces the previous one. When it
// fires, call the engine's on_timeout(). The server asks after every reply it gives to a
// command and when DATA starts and ends; the client after every command it sends.
struct TimerRequest {
    TimerKind kind;
    SimTime duration;
};

enum class Violation {
    BareLineFeed,   // LF without CR (SMTP smuggling lives here)
    LineTooLong,    // past 512 (command) or 1000 (text) octets
    MalformedReply, // client: not "ddd text"
    UnexpectedReply,
    EofInData, // the peer closed in the middle of a message
};

struct ProtocolViolation {
    Violation kind;
    std::string detail;
    std::string explanation_key() const; // "smtp.violation.bare_lf"
};

// TURN was accepted: this engine is done; the caller swaps roles on the same connection
// (take_unprocessed() holds bytes that already belong to the new roles).
struct RoleReversal {};

enum class EndReason {
    Quit,        // 221 after QUIT
    ServiceDown, // 421 (timeout, forced fault, refusal at greeting)
    PeerClosed,  // EOF from the peer
    Turned,      // after TURN
    Timeout,     // client: the server did not answer in time
};

struct ConnectionClosed {
    EndReason reason;
};

using Event =
    std::variant<NeedData, CommandReceived, ReplySent, CommandSent, ReplyReceived, DataChunk,
                 EndOfData, TransactionFinished, MessageConverted, StateChanged, TimerRequest,
                 ProtocolViolation, RoleReversal, ConnectionClosed>;

// One stable line per event ("ReplySent 250 Message accepted for delivery"): transcript tests,
// the CLI trace and the UI's event log all print this.
std::string describe(const Event& event);
std::string_view violation_name(Violation kind);
std::string_view recipient_status_name(RecipientStatus status); // "accepted" (smtp.status.*)
std::string_view delivery_mode_name(DeliveryMode mode);         // "mailbox" (smtp.mode.*)
const std::vector<Violation>& all_violations();

} // namespace mailsim::smtp
