#include "sim/trace/event_kinds.h"

#include <utility>

namespace mailsim::trace {
namespace {

Event of_kind(EventKind kind, std::string host) {
    Event e;
    e.kind = kind;
    e.host = std::move(host);
    return e;
}

// The fields every per-recipient event of a message's life shares.
Event about_copy(EventKind kind, std::string host, std::string msg_id, std::string from,
                 std::string rcpt) {
    Event e = of_kind(kind, std::move(host));
    e.msg_id = std::move(msg_id);
    e.from = std::move(from);
    e.rcpt = std::move(rcpt);
    return e;
}

} // namespace

Event accepted(AcceptedFields f) {
    Event e = about_copy(EventKind::Accepted, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.peer = std::move(f.peer);
    e.proto = Proto::Smtp;
    e.queue_id = std::move(f.queue_id);
    return e;
}

Event queued(QueuedFields f) {
    Event e = about_copy(EventKind::Queued, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.peer = std::move(f.peer);
    e.proto = f.proto;
    e.queue_id = std::move(f.queue_id);
    e.reason = std::move(f.why);
    e.number = f.give_up_at;
    return e;
}

Event delivered(DeliveredFields f) {
    Event e = about_copy(EventKind::Delivered, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.peer = std::move(f.peer);
    e.proto = f.proto;
    e.mailbox = std::move(f.mailbox);
    e.text = std::move(f.note);
    return e;
}

Event bounced(BouncedFields f) {
    Event e = about_copy(EventKind::Bounced, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.peer = std::move(f.peer);
    e.proto = f.proto;
    e.reason = std::move(f.why);
    return e;
}

Event relayed(RelayedFields f) {
    Event e = about_copy(EventKind::Relayed, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.peer = std::move(f.next_hop);
    return e;
}

Event retry(RetryFields f) {
    Event e = about_copy(EventKind::Retry, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.reason = std::move(f.error);
    e.number = f.next_try;
    e.text = std::move(f.summary);
    return e;
}

Event gave_up(GaveUpFields f) {
    Event e = about_copy(EventKind::GaveUp, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.reason = std::move(f.why);
    return e;
}

Event delay_warning(DelayWarningFields f) {
    Event e = about_copy(EventKind::DelayWarning, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.reason = std::move(f.error);
    return e;
}

Event expanded(ExpandedFields f) {
    Event e = about_copy(EventKind::Expanded, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), f.alias);
    e.text = std::move(f.alias) + " -> " + f.members;
    e.reason = std::move(f.note);
    return e;
}

Event duplicate_risk(DuplicateRiskFields f) {
    Event e = of_kind(EventKind::DuplicateRisk, std::move(f.host));
    e.peer = std::move(f.peer);
    e.conn = f.conn;
    e.msg_id = std::move(f.msg_id);
    e.rcpt = std::move(f.rcpt);
    e.reason = std::move(f.why);
    return e;
}

Event terminal_output(TerminalOutputFields f) {
    Event e = of_kind(EventKind::TerminalOutput, std::move(f.host));
    e.user = std::move(f.user);
    e.msg_id = std::move(f.msg_id);
    e.text = std::move(f.line);
    return e;
}

Event gateway(GatewayFields f) {
    Event e = about_copy(EventKind::Gateway, std::move(f.host), std::move(f.msg_id),
                         std::move(f.from), std::move(f.rcpt));
    e.peer = std::move(f.uucp_host);
    e.proto = Proto::Uucp;
    e.text = std::move(f.summary);
    e.number = f.batch_bytes;
    return e;
}

Event compose(ComposeFields f) {
    Event e = about_copy(EventKind::Compose, std::move(f.host), std::move(f.msg_id), f.from,
                         std::move(f.rcpts));
    e.user = std::move(f.from);
    e.text = std::move(f.subject);
    e.number = f.size;
    return e;
}

Event input(std::string action_line) {
    Event e = of_kind(EventKind::Input, "user");
    e.text = std::move(action_line);
    return e;
}

Event state_change(StateChangeFields f) {
    Event e = of_kind(EventKind::StateChange, std::move(f.host));
    e.peer = std::move(f.peer);
    e.conn = f.conn;
    e.proto = f.proto;
    e.text = std::move(f.from_state) + " -> " + f.to_state;
    e.state = std::move(f.to_state);
    e.key = std::move(f.key);
    e.user = std::move(f.user);
    return e;
}

Event http_request(HttpRequestFields f) {
    Event e = of_kind(EventKind::HttpRequest, std::move(f.host));
    e.peer = std::move(f.peer);
    e.conn = f.conn;
    e.proto = Proto::Http;
    e.dir = Direction::C2S;
    e.key = "http.method." + f.method;
    e.verb = std::move(f.method);
    e.text = std::move(f.request_line);
    e.number = f.size;
    return e;
}

Event http_response(HttpResponseFields f) {
    Event e = of_kind(EventKind::HttpResponse, std::move(f.host));
    e.peer = std::move(f.peer);
    e.conn = f.conn;
    e.proto = Proto::Http;
    e.dir = Direction::S2C;
    e.code = f.status;
    e.text = std::move(f.status_line);
    e.number = f.body_size;
    e.key = "http.status." + std::to_string(f.status);
    return e;
}

Event dns_query(DnsQueryFields f) {
    Event e = of_kind(EventKind::DnsQuery, std::move(f.asker));
    e.peer = std::move(f.server);
    e.proto = Proto::Dns;
    e.dir = Direction::C2S;
    e.text = std::move(f.question);
    return e;
}

Event dns_answer(const Event& query, std::string answer) {
    Event e = query;
    e.kind = EventKind::DnsAnswer;
    e.dir = Direction::S2C;
    const bool failed = answer.rfind("NXDOMAIN", 0) == 0 || answer.rfind("SERVFAIL", 0) == 0 ||
                        answer.rfind("NODATA", 0) == 0 || answer == "TIMEOUT";
    e.reason = failed ? answer : "";
    e.text = std::move(answer);
    return e;
}

namespace {
Event in_folder(EventKind kind, std::string host, std::string user, const std::string& folder,
                std::int64_t uid) {
    Event e = of_kind(kind, std::move(host));
    e.mailbox = user + "/" + folder;
    e.user = std::move(user);
    e.number = uid;
    return e;
}
} // namespace

Event mailbox_add(MailboxAddFields f) {
    Event e =
        in_folder(EventKind::MailboxAdd, std::move(f.host), std::move(f.user), f.folder, f.uid);
    e.msg_id = std::move(f.msg_id);
    e.from = std::move(f.from);
    e.text = std::move(f.subject);
    e.state = std::move(f.flags);
    e.reason = std::move(f.why);
    return e;
}

Event mailbox_delete(MailboxDeleteFields f) {
    Event e =
        in_folder(EventKind::MailboxDelete, std::move(f.host), std::move(f.user), f.folder, f.uid);
    e.reason = std::move(f.why);
    return e;
}

Event mailbox_flag(MailboxFlagFields f) {
    Event e =
        in_folder(EventKind::MailboxFlag, std::move(f.host), std::move(f.user), f.folder, f.uid);
    e.text = f.before + " -> " + f.after;
    e.state = std::move(f.after);
    return e;
}

Event fault(FaultFields f) {
    Event e = of_kind(EventKind::Fault, std::move(f.host));
    e.peer = std::move(f.peer);
    e.conn = f.conn;
    e.proto = f.proto;
    e.text = std::move(f.what);
    e.reason = std::move(f.cause);
    e.code = f.code;
    e.verb = std::move(f.at);
    e.key = std::move(f.key);
    e.msg_id = std::move(f.msg_id);
    e.rcpt = std::move(f.rcpt);
    return e;
}

Event host_down(std::string host) {
    return of_kind(EventKind::HostDown, std::move(host));
}
Event host_up(std::string host) {
    return of_kind(EventKind::HostUp, std::move(host));
}
Event link_down(std::string a, std::string b) {
    Event e = of_kind(EventKind::LinkDown, std::move(a));
    e.peer = std::move(b);
    return e;
}
Event link_up(std::string a, std::string b) {
    Event e = of_kind(EventKind::LinkUp, std::move(a));
    e.peer = std::move(b);
    return e;
}

Event config(ConfigFields f) {
    Event e = of_kind(EventKind::Config, std::move(f.host));
    e.verb = std::move(f.what);
    e.user = std::move(f.name);
    e.state = std::move(f.state);
    e.text = std::move(f.value);
    return e;
}

} // namespace mailsim::trace
