#pragma once
// What the IMAP engines report, one small struct per kind, in one std::variant per role. A
// stepping UI pulls these with next_event(); describe() gives the one-line form that transcript
// tests compare.
#include "imap_command.h"
#include "imap_response.h"
#include "imap_state.h"
#include "sim/core/sim_time.h"

#include <string>
#include <variant>
#include <vector>

namespace mailsim::imap {

struct NeedData {};
struct ConnectionClosed {};
struct StateChanged {
    State from = State::NotAuthenticated;
    State to = State::NotAuthenticated;
};
// The peer broke the protocol: a BAD reply (server) or an unreadable response (client).
struct ProtocolViolation {
    std::string tag; // empty when none could be read
    std::string message;
    std::string key; // "imap.error.syntax", "imap.error.wrong_state", ...
};

// --- server ------------------------------------------------------------------------------
struct CommandReceived {
    Command command;
};
// One response line the server wrote (literal contents not repeated: `line` is the first line,
// cut at 200 bytes).
struct ResponseSent {
    std::string line;
    std::string key; // "imap.resp.FETCH", "imap.resp.OK", "imap.resp.continuation"
};

// IDLE keepalive (ServerConfig::idle_keepalive): the caller (re)arms one timer and calls
// on_timeout() when it fires. A new request replaces the old one.
struct TimerRequested {
    SimTime after = 0;
};

using ServerEvent = std::variant<NeedData, CommandReceived, ResponseSent, StateChanged,
                                 ProtocolViolation, ConnectionClosed, TimerRequested>;

// --- client ------------------------------------------------------------------------------
struct GreetingReceived {
    Response response;
};
// Untagged data and continuation requests as they arrive.
struct ResponseReceived {
    Response response;
};

struct MailboxListing {
    std::vector<std::string> attributes;
    std::string delimiter;
    std::string name;
};

struct FetchedMessage {
    std::uint32_t sequence = 0;
    std::uint32_t uid = 0;
    std::vector<std::string> flags;
    bool has_flags = false;
    std::vector<std::pair<std::string, Value>> items; // every item as the server named it
    const Value* item(std::string_view name) const;
};

struct MailboxStatus { // what SELECT / EXAMINE / STATUS told us
    std::string name;
    std::uint32_t exists = 0;
    std::uint32_t recent = 0;
    std::uint32_t uid_validity = 0;
    std::uint32_t uid_next = 0;
    std::uint32_t unseen = 0;
    std::uint32_t first_unseen = 0;
    std::vector<std::string> flags;
    bool read_only = false;
};

// A command of ours finished: its tagged result and what the server said meanwhile.
struct CommandCompleted {
    std::string tag;
    std::string command; // "LOGIN", "UID FETCH", ...
    ResponseStatus status = ResponseStatus::None;
    std::string code;
    std::string text;
    std::vector<std::string> capabilities;
    std::vector<MailboxListing> mailboxes;
    std::vector<FetchedMessage> messages;
    std::vector<std::uint32_t> search;
    std::vector<std::uint32_t> expunged; // sequence numbers, in the order reported
    MailboxStatus mailbox;
    bool ok() const { return status == ResponseStatus::Ok; }
};

using ClientEvent = std::variant<NeedData, GreetingReceived, ResponseReceived, CommandCompleted,
                                 StateChanged, ProtocolViolation, ConnectionClosed>;

std::string describe(const ServerEvent& event);
std::string describe(const ClientEvent& event);

} // namespace mailsim::imap
