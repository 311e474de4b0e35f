#pragma once
// One constructor per kind of trace event. Event (event.h) is flat, so that the trace, its
// JSON and the golden files have one shape; but which of its fields a kind fills, and what each
// means for that kind, is said here, once, where the event is made. Each constructor takes a
// struct whose fields carry the kind's own names (the caller writes
// `trace::retry({.host = ..., .error = ..., .next_try = ...})`) and sets nothing else.
// The time is not set here: the recorder stamps it (AgentContext::record, World::record).
//
// Three writers fill their events in place instead, the trace's hot path (one event per
// protocol line or packet), each the only writer of its kinds:
//   command, reply, data        agents/wire_log.cpp    host/peer/dir = who sent it to whom,
//                                                      conn, proto, text = the line, verb,
//                                                      code (SMTP reply), key, msg_id (DATA)
//   tcp_*, conn_open/close      net/network.cpp        host = the sending side, peer, conn,
//                                                      proto (tcp, or the protocol for
//                                                      conn_*), dir, code = server port, text
//   state_change (SMTP)         agents/mta_connections.cpp   as state_change below, text
//                                                      "From -> To (trigger)"
#include "sim/trace/event.h"

#include <cstdint>
#include <string>

namespace mailsim::trace {

// --- A message's life at a mail host: one event per recipient ------------------------------

// accepted: the MTA answered 250 to the final dot and so took responsibility for the message
// (RFC 5321 §6.1).
struct AcceptedFields {
    std::string host{};     // the MTA that accepted
    std::string peer{};     // the client host that sent it
    std::string msg_id{};   // the message's tracking id (mail/trace_headers.h)
    std::string from{};     // envelope sender
    std::string rcpt{};     // the recipient this event is about
    std::string queue_id{}; // the id the 250 reply gave ("queued as MAIL1")
};
Event accepted(AcceptedFields f);

// queued: a recipient's copy waits in a host's spool (an MTA's queue, a UUCP site's spool).
struct QueuedFields {
    std::string host{};
    std::string peer{}; // the gateway that handed it over (UUCP), else empty
    Proto proto = Proto::None;
    std::string msg_id{}, from{}, rcpt{};
    std::string queue_id{};      // the spool entry ("q7"): outbound mail
    std::string why{};           // what made the host send it ("delay warning"): its own mail
    std::int64_t give_up_at = 0; // when the queue gives up on it (sim time, µs); 0: never said
};
Event queued(QueuedFields f);

// delivered: the copy reached its mailbox (or the recipient's terminal).
struct DeliveredFields {
    std::string host{}, peer{}; // peer: the gateway that carried it (UUCP), else empty
    Proto proto = Proto::None;
    std::string msg_id{}, from{}, rcpt{};
    std::string mailbox{}; // "user/folder" ("bob@x/INBOX", "bob@x/terminal")
    std::string note{};    // the local name it was delivered to (UUCP), else empty
};
Event delivered(DeliveredFields f);

// bounced: the copy failed for good; the sender gets a DSN unless it was one itself.
struct BouncedFields {
    std::string host{}, peer{}; // peer: the gateway it came through (UUCP), else empty
    Proto proto = Proto::None;
    std::string msg_id{}, from{}, rcpt{};
    std::string why{};
};
Event bounced(BouncedFields f);

// relayed: the next hop answered 250 for this recipient; it left the queue.
struct RelayedFields {
    std::string host{}, next_hop{}, msg_id{}, from{}, rcpt{};
};
Event relayed(RelayedFields f);

// retry: an attempt failed with a temporary error; the copy waits for the next one.
struct RetryFields {
    std::string host{}, msg_id{}, from{}, rcpt{};
    std::string error{};       // the last error
    std::int64_t next_try = 0; // sim time of the next attempt (µs)
    std::string summary{};     // "attempt 2 failed; next try at ..."
};
Event retry(RetryFields f);

// gave_up: the copy stayed in the queue longer than the host allows.
struct GaveUpFields {
    std::string host{}, msg_id{}, from{}, rcpt{};
    std::string why{}; // how long it waited and the last error
};
Event gave_up(GaveUpFields f);

// delay_warning: still not delivered after the warning time; the sender is told (RFC 3464).
struct DelayWarningFields {
    std::string host{}, msg_id{}, from{}, rcpt{};
    std::string error{}; // the last error
};
Event delay_warning(DelayWarningFields f);

// expanded: an alias (rcpt) became its members, or a recipient was dropped as a duplicate.
struct ExpandedFields {
    std::string host{}, msg_id{}, from{};
    std::string alias{};   // the address expanded
    std::string members{}; // what it expanded to, comma separated ("" when dropped)
    std::string note{};    // why, when it is not a plain expansion
};
Event expanded(ExpandedFields f);

// duplicate_risk: the connection was lost after the final dot, before the reply: the client
// must try again, and the server may already have the message (RFC 1047).
struct DuplicateRiskFields {
    std::string host{}, peer{};
    ConnId conn = 0;
    std::string msg_id{}, rcpt{};
    std::string why{};
};
Event duplicate_risk(DuplicateRiskFields f);

// terminal_output: the "You have new mail" line on a logged-in user's terminal.
struct TerminalOutputFields {
    std::string host{};
    std::string user{}; // the recipient at the terminal
    std::string msg_id{};
    std::string line{};
};
Event terminal_output(TerminalOutputFields f);

// gateway: the mail-to-UUCP gateway rewrote one recipient's addresses (msg_id, from, rcpt
// set), or sent a batch down the line (batch_bytes set).
struct GatewayFields {
    std::string host{};      // the gateway
    std::string uucp_host{}; // the UUCP site
    std::string msg_id{}, from{}, rcpt{};
    std::string summary{};
    std::int64_t batch_bytes = 0;
};
Event gateway(GatewayFields f);

// --- People and their mail programs --------------------------------------------------------

// compose: a user wrote a message in a mail program.
struct ComposeFields {
    std::string host{}; // the device
    std::string from{}; // the author (also the event's user)
    std::string msg_id{};
    std::string rcpts{}; // comma separated
    std::string subject{};
    std::int64_t size = 0; // bytes of the message
};
Event compose(ComposeFields f);

// input: the student (or a scenario's timeline) performed a world action.
Event input(std::string action_line);

// --- Protocol sessions -----------------------------------------------------------------------

// state_change: a server session's engine changed state (POP3 and IMAP here; SMTP fills its
// own in place, see the top of the file), recorded after the reply that caused it.
struct StateChangeFields {
    std::string host{}, peer{}; // the server, the client
    ConnId conn = 0;
    Proto proto = Proto::None;
    std::string from_state{}, to_state{};
    std::string key{};  // explanation key of the new state
    std::string user{}; // who is logged in, if anyone
};
Event state_change(StateChangeFields f);

// http_request / http_response: one event per request and per response (HTTP has no line
// recorder: bodies are not lines).
struct HttpRequestFields {
    std::string host{}, peer{}; // the browser, the web server
    ConnId conn = 0;
    std::string method{};       // "GET" (key: http.method.GET)
    std::string request_line{}; // "GET /inbox HTTP/1.1"
    std::int64_t size = 0;      // bytes of the whole request
};
Event http_request(HttpRequestFields f);
struct HttpResponseFields {
    std::string host{}, peer{}; // the web server, the browser
    ConnId conn = 0;
    int status = 0;            // key: http.status.200
    std::string status_line{}; // "HTTP/1.1 200 OK"
    std::int64_t body_size = 0;
};
Event http_response(HttpResponseFields f);

// dns_query / dns_answer: a lookup and what came back (the answer is the query turned round).
struct DnsQueryFields {
    std::string asker{}, server{}; // server: "resolver" when the world has no DNS host
    std::string question{};        // "MX hamburger.edu"
};
Event dns_query(DnsQueryFields f);
// `answer` is the records found, or NXDOMAIN / SERVFAIL / NODATA / TIMEOUT, which are also the
// event's reason.
Event dns_answer(const Event& query, std::string answer);

// --- Mailboxes (host = the mail store's host) ----------------------------------------------

// mailbox_add: a message appeared in a folder.
struct MailboxAddFields {
    std::string host{}, user{}; // user: the owner's address
    std::string folder{};
    std::int64_t uid = 0;
    std::string msg_id{}, from{}, subject{};
    std::string flags{};
    std::string why{}; // delivered, appended, copied, restored
};
Event mailbox_add(MailboxAddFields f);
// mailbox_delete: a message left a folder (why: "pop3 delete", "expunge").
struct MailboxDeleteFields {
    std::string host{}, user{}, folder{};
    std::int64_t uid = 0;
    std::string why{};
};
Event mailbox_delete(MailboxDeleteFields f);
// mailbox_flag: a message's flags changed.
struct MailboxFlagFields {
    std::string host{}, user{}, folder{};
    std::int64_t uid = 0;
    std::string before{}, after{};
};
Event mailbox_flag(MailboxFlagFields f);

// --- The world around the mail ---------------------------------------------------------------

// fault: something went wrong or was made to go wrong. Which fields say what:
struct FaultFields {
    std::string host{}; // where ("world" for a scheduled action that failed)
    std::string peer{};
    ConnId conn = 0;
    Proto proto = Proto::None;
    std::string what{};  // what happened, for people ("forced reply 451 at RCPT")
    std::string cause{}; // a cause to match on (a violation's name, "storage_full", an error)
    int code = 0;        // a forced reply's code, or a port
    std::string at{};    // where in the protocol (a forced reply's command)
    std::string key{};   // explanation key
    std::string msg_id{}, rcpt{};
};
Event fault(FaultFields f);

Event host_down(std::string host);
Event host_up(std::string host);
Event link_down(std::string a, std::string b);
Event link_up(std::string a, std::string b);

// config: the world's configuration changed while it runs (`alias`, `relay`, `dns`, `gateway`
// actions).
struct ConfigFields {
    std::string host{};  // the MTA, the gateway, or "dns"
    std::string what{};  // ALIAS, RELAY, MX, A or GATEWAY
    std::string name{};  // the alias, domain or host name changed (GATEWAY: the domain)
    std::string state{}; // RELAY: open or closed
    std::string value{}; // the new value, as a list (GATEWAY: "lab.x -> lab!user")
};
Event config(ConfigFields f);

} // namespace mailsim::trace
