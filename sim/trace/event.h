#pragma once
// One recorded happening in the world. The trace is what the UI animates, what lessons match
// against (event_match.h) and what the golden tests diff, so every field has one meaning and
// the JSON form (trace.h) is stable: fields in a fixed order, empty fields left out. Which
// fields a kind fills, and what they mean for it, is said by its constructor (event_kinds.h).
#include "sim/core/sim_time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::trace {

enum class EventKind : std::uint8_t {
    TcpSyn,
    TcpSynAck,
    TcpAck,
    TcpFin,
    TcpRst,
    TcpRetransmit,
    ConnOpen,
    ConnClose,
    Command,
    Reply,
    Data,
    DnsQuery,
    DnsAnswer,
    Queued,
    Retry,
    GaveUp,
    DelayWarning,
    Accepted,
    Delivered,
    Bounced,
    DuplicateRisk,
    Relayed,
    Expanded,
    MailboxAdd,
    MailboxDelete,
    MailboxFlag,
    TerminalOutput,
    StateChange,
    HttpRequest,
    HttpResponse,
    Fault,
    HostDown,
    HostUp,
    LinkDown,
    LinkUp,
    Compose,
    Input,
    Gateway,
    Config, // aliases, relay policy or DNS records changed while the world runs (alias/relay/dns)
};
inline constexpr int kEventKindCount = static_cast<int>(EventKind::Config) + 1;

enum class Proto : std::uint8_t { None, Tcp, Dns, Smtp, Pop3, Imap, Http, Uucp };
enum class Direction : std::uint8_t { None, C2S, S2C };

std::string_view to_string(EventKind kind);
std::string_view to_string(Proto proto);
std::string_view to_string(Direction direction);
std::optional<EventKind> event_kind_from_string(std::string_view name);
std::optional<Proto> proto_from_string(std::string_view name);
std::optional<Direction> direction_from_string(std::string_view name);

// Connection ids start at 1; 0 means "not about a connection".
using ConnId = std::uint64_t;

struct Event {
    std::uint64_t index = 0; // position in the trace, assigned by Trace::add
    SimTime t = 0;
    EventKind kind = EventKind::Fault;
    std::string host; // where it happened (the acting host)
    std::string peer; // the other end, if any
    ConnId conn = 0;
    Proto proto = Proto::None;
    Direction dir = Direction::None;
    std::string text; // the protocol line without CRLF, or a short human-readable summary
    std::string verb; // parsed command verb (upper case)
    int code = 0;     // parsed reply code, or a port for tcp events
    std::string key;  // explanation key into lessons/i18n (e.g. "smtp.reply.354")
    std::string msg_id;
    std::string from;        // envelope sender (queued, bounced)
    std::string rcpt;        // one recipient (lifecycle events are per recipient)
    std::string user;        // mailbox owner / logged-in user
    std::string mailbox;     // "user/folder" for delivered and mailbox_* events
    std::string queue_id;    // the MTA's id of the message (accepted: the 250's; queued: spool's)
    std::string reason;      // why (bounced, retry, fault, ...); each kind's: event_kinds.h
    std::string state;       // engine state after the event (state_change), queue state, ...
    std::int64_t number = 0; // per kind: uid, attempt, size, next retry (µs)
};

} // namespace mailsim::trace

// The world's names for the trace vocabulary: the UI, the lessons and the tests wrote
// world::Event, world::Proto, ... before the trace had a layer of its own, and these aliases
// save rewriting them all. Code below the world (net, agents) says trace::.
namespace mailsim::world {
using trace::ConnId;
using trace::Direction;
using trace::direction_from_string;
using trace::Event;
using trace::event_kind_from_string;
using trace::EventKind;
using trace::kEventKindCount;
using trace::Proto;
using trace::proto_from_string;
using trace::to_string;
} // namespace mailsim::world
