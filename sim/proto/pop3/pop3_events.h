#pragma once
// Events of the POP3 engines: what next_event() returns. Small structs in one variant per
// role, so a stepping UI, a trace writer and a test all read the same things.
#include "sim/core/bytes.h"
#include "sim/core/sim_time.h"
#include "sim/proto/pop3/pop3_state.h"
#include "sim/store/store_types.h"

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace mailsim::pop3 {

enum class ReplyStatus { Ok, Err };

struct NeedData {};

// A command line read by the server, or written by the client.
struct CommandReceived {
    Command command = Command::Unknown;
    std::string keyword;  // as typed ("retr")
    std::string argument; // the rest of the line after one space ("1"); may be empty
    std::string key;      // "pop3.cmd.RETR"
};
struct CommandSent {
    Command command = Command::Unknown;
    std::string line; // without CRLF ("retr 1")
    std::string key;
};

// A reply the server wrote (also the greeting), or the client read.
struct ReplySent {
    ReplyStatus status = ReplyStatus::Ok;
    std::string status_line;    // first line without CRLF ("+OK 2 messages (1410 octets)")
    std::size_t body_lines = 0; // lines of a multi-line body (before the terminating dot)
    std::string key;            // "pop3.ok.RETR", "pop3.err.no_such_message", ...
};
struct ReplyReceived {
    ReplyStatus status = ReplyStatus::Ok;
    std::string status_line;
    std::vector<std::string> body; // multi-line body, dot-unstuffed, without the final dot
    std::string key;
};

struct StateChanged {
    State from = State::Authorization;
    State to = State::Authorization;
    std::string key; // key of the new state ("pop3.state.TRANSACTION")
};

// UPDATE done: what QUIT committed. `failed` counts marked messages the store no longer had
// (another client removed them meanwhile); RFC 1939 §6 answers -ERR then.
struct UpdateCommitted {
    std::vector<store::MessageId> deleted;
    std::size_t failed = 0;
};

// The caller should (re)arm one timer and call timeout() when it fires (RFC 1939 §3:
// an autologout timer of at least ten minutes). A new request replaces the old one.
struct TimerRequested {
    SimTime after = 0;
};

enum class EndReason { Quit, PeerClosed, Timeout };

// The conversation is over: the caller closes the connection (after sending the output).
struct ConnectionClosed {
    EndReason reason = EndReason::Quit;
};

// The peer broke the protocol in a way a reply cannot express, or one the UI should point out
// (an overlong line, a bare LF, bytes after QUIT, an unparseable reply).
struct ProtocolViolation {
    std::string what;
    std::string key;
};

using ServerEvent =
    std::variant<NeedData, CommandReceived, ReplySent, StateChanged, UpdateCommitted,
                 TimerRequested, ConnectionClosed, ProtocolViolation>;

// The client's results come as events too: each retrieved message as it arrives, and the
// outcome of the whole session at the end.
struct MessageRetrieved {
    std::size_t number = 0; // message number in this session
    std::string uid;        // UIDL unique id, empty if the server has no UIDL
    Bytes content;          // the message, dot-unstuffed, lines ending in CRLF
};

enum class SessionResult {
    Completed,      // QUIT answered +OK
    AuthFailed,     // the server refused the credentials
    MaildropLocked, // -ERR [IN-USE]: another session holds the maildrop
    ServerRefused,  // -ERR greeting, or an -ERR where only +OK makes sense
    UpdateFailed,   // QUIT answered -ERR (some deletions failed)
    ConnectionLost, // closed before QUIT was answered: nothing was deleted
    ProtocolError,  // the server's bytes made no sense
};

struct SessionFinished {
    SessionResult result = SessionResult::Completed;
    std::size_t retrieved = 0;
    std::size_t deleted = 0; // DELE answered +OK and QUIT committed them
    std::string detail;      // the status line that decided the result, if any
};

using ClientEvent = std::variant<NeedData, CommandSent, ReplyReceived, StateChanged,
                                 MessageRetrieved, SessionFinished, ProtocolViolation>;

} // namespace mailsim::pop3
