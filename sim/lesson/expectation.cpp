#include "sim/lesson/expectation.h"

#include "sim/core/bytes.h"
#include "sim/lesson/lesson_syntax.h"
#include "sim/proto/imap/imap_mutf7.h"
#include "sim/proto/imap/imap_state.h"
#include "sim/proto/pop3/pop3_state.h"
#include "sim/proto/smtp/smtp_state.h"
#include "sim/world/event_match.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace mailsim::lesson {
namespace {

using world::EventKind;

struct Grammar {
    std::string_view kind;
    std::vector<std::string_view> fields; // take '='
    std::string_view count;               // the one field that takes =, >= or <= ("" none)
    std::vector<std::string_view> required;
};

const std::vector<Grammar>& grammars() {
    static const std::vector<Grammar> list = {
        {"state", {"proto", "host", "conn", "is"}, "", {"is"}},
        {"tcp", {"conn", "host", "kind"}, "segments", {"segments"}},
        {"queue", {"host"}, "messages", {"host", "messages"}},
        {"mailbox", {"user", "folder"}, "messages", {"user", "messages"}},
        {"connections", {"proto", "host"}, "open", {"open"}},
    };
    return list;
}

Error error_at(const SpecToken& token, std::string message) {
    return make_error(std::move(message), 0, static_cast<int>(token.offset) + 1);
}

const SpecToken* find(const std::vector<SpecToken>& tokens, std::string_view key) {
    for (std::size_t i = 1; i < tokens.size(); ++i)
        if (tokens[i].key == key && !tokens[i].op.empty())
            return &tokens[i];
    return nullptr;
}

bool is_number(std::string_view text) {
    return !text.empty() && text.size() < 10 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<EventKind> tcp_kind(std::string_view name) {
    if (name == "syn")
        return EventKind::TcpSyn;
    if (name == "synack")
        return EventKind::TcpSynAck;
    if (name == "ack")
        return EventKind::TcpAck;
    if (name == "fin")
        return EventKind::TcpFin;
    if (name == "rst")
        return EventKind::TcpRst;
    return std::nullopt;
}

bool is_tcp(EventKind kind) {
    return kind == EventKind::TcpSyn || kind == EventKind::TcpSynAck || kind == EventKind::TcpAck ||
           kind == EventKind::TcpFin || kind == EventKind::TcpRst;
}

// A connection whose engine has not changed state yet is in its protocol's first state (the
// state diagram draws it there too).
std::string current_state(const world::ConnectionView& c) {
    if (!c.state.empty())
        return c.state;
    switch (c.proto) {
    case world::Proto::Smtp:
        return std::string(smtp::state_name(smtp::State::Greeting));
    case world::Proto::Pop3:
        return std::string(pop3::state_name(pop3::State::Authorization));
    case world::Proto::Imap:
        return std::string(imap::state_name(imap::State::NotAuthenticated));
    default:
        return "";
    }
}

// `conn=N` or `conn=step`: nullopt when the step has no event on a connection.
std::optional<world::ConnId> wanted_conn(const SpecToken& token, const ExpectContext& context) {
    if (token.value != "step")
        return static_cast<world::ConnId>(std::strtoull(token.value.c_str(), nullptr, 10));
    if (!context.step_event || *context.step_event >= context.events.size())
        return std::nullopt;
    const world::ConnId conn = context.events[*context.step_event].conn;
    return conn == 0 ? std::nullopt : std::optional<world::ConnId>(conn);
}

bool conn_passes(const world::ConnectionView& c, const std::vector<SpecToken>& tokens,
                 std::optional<world::ConnId> conn) {
    if (find(tokens, "conn") && c.id != conn)
        return false;
    if (const SpecToken* proto = find(tokens, "proto");
        proto && world::to_string(c.proto) != proto->value)
        return false;
    if (const SpecToken* host = find(tokens, "host");
        host && !equals_ci(c.client, host->value) && !equals_ci(c.server, host->value))
        return false;
    return true;
}

ExpectOutcome counted(long long actual, const SpecToken& count) {
    return ExpectOutcome{count_matches(actual, count), std::to_string(actual)};
}

Result<ExpectOutcome> evaluate_tokens(const ExpectContext& context,
                                      const std::vector<SpecToken>& tokens, std::string_view spec) {
    const std::string& kind = tokens[0].key;
    const world::WorldView& view = context.view;
    const std::size_t end = std::min(context.position, context.events.size());
    std::optional<world::ConnId> conn;
    if (const SpecToken* c = find(tokens, "conn")) {
        conn = wanted_conn(*c, context);
        if (!conn)
            return make_error("conn=step, but the step's event is on no connection");
    }
    if (kind == "inspector") {
        const InspectorTarget target =
            inspector_target(view, context.events, context.position, context.step_event);
        return ExpectOutcome{!target.empty(), target.empty() ? "no message to show" : ""};
    }
    if (kind == "happened") {
        auto match = world::parse_event_match(spec.substr(tokens[1].offset));
        if (!match)
            return match.error();
        const auto found = world::find_next(context.events, 0, *match);
        return ExpectOutcome{found && *found < end, "not before this point"};
    }
    if (kind == "state") {
        const std::string& wanted = find(tokens, "is")->value;
        std::string seen;
        for (const auto& [id, c] : view.connections) {
            if (!conn_passes(c, tokens, conn))
                continue;
            const std::string state = current_state(c);
            if (equals_ci(state, wanted))
                return ExpectOutcome{true, state};
            seen += (seen.empty() ? "" : ", ") + (state.empty() ? "(none)" : state);
        }
        return ExpectOutcome{false, seen.empty() ? "no such open connection" : seen};
    }
    if (kind == "connections") {
        long long open = 0;
        for (const auto& [id, c] : view.connections)
            open += conn_passes(c, tokens, conn) ? 1 : 0;
        return counted(open, *find(tokens, "open"));
    }
    if (kind == "tcp") {
        const SpecToken* kind_token = find(tokens, "kind");
        const auto only = kind_token ? tcp_kind(kind_token->value) : std::nullopt;
        const SpecToken* host = find(tokens, "host");
        long long segments = 0;
        for (std::size_t i = 0; i < end; ++i) {
            const auto& e = context.events[i];
            if (!is_tcp(e.kind) || (only && e.kind != *only) || (conn && e.conn != *conn))
                continue;
            if (host && !equals_ci(e.host, host->value) && !equals_ci(e.peer, host->value))
                continue;
            ++segments;
        }
        return counted(segments, *find(tokens, "segments"));
    }
    if (kind == "queue") {
        auto it = view.queues.find(find(tokens, "host")->value);
        const long long n = it == view.queues.end() ? 0 : static_cast<long long>(it->second.size());
        return counted(n, *find(tokens, "messages"));
    }
    // mailbox user=ADDR [folder=F] messages=N
    const SpecToken* folder = find(tokens, "folder");
    return counted(
        mailbox_message_count(view, find(tokens, "user")->value, folder ? folder->value : "INBOX"),
        *find(tokens, "messages"));
}

} // namespace

Status check_expectation(std::string_view spec) {
    auto parsed = tokenize_spec(spec);
    if (!parsed)
        return parsed.error();
    const auto& tokens = *parsed;
    if (tokens.empty())
        return make_error("empty expectation", 0, 1);
    const SpecToken& first = tokens[0];
    if (!first.op.empty())
        return error_at(first, "an expectation starts with what it is about (state, tcp, queue, "
                               "mailbox, connections, happened, inspector)");
    if (first.key == "inspector") {
        if (tokens.size() != 2 || tokens[1].key != "has-message" || !tokens[1].op.empty())
            return error_at(first, "write 'inspector has-message'");
        return Ok{};
    }
    if (first.key == "happened") {
        if (tokens.size() < 2)
            return error_at(first, "'happened' needs an event kind after it");
        const std::size_t offset = tokens[1].offset;
        auto status = check_event_match(spec.substr(offset));
        if (!status)
            return make_error(status.error().message, 0,
                              status.error().column + static_cast<int>(offset));
        return Ok{};
    }
    const auto& list = grammars();
    auto grammar = std::find_if(list.begin(), list.end(),
                                [&](const Grammar& g) { return g.kind == first.key; });
    if (grammar == list.end())
        return error_at(first, "unknown expectation '" + first.key +
                                   "' (state, tcp, queue, mailbox, connections, happened, "
                                   "inspector)");
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const SpecToken& token = tokens[i];
        if (token.op.empty())
            return error_at(token, "unexpected word '" + token.key + "'");
        const bool is_count = token.key == grammar->count;
        if (!is_count && std::find(grammar->fields.begin(), grammar->fields.end(), token.key) ==
                             grammar->fields.end())
            return error_at(token, "unknown field '" + token.key + "' for '" + first.key + "'");
        if (!is_count && token.op != "=")
            return error_at(token, "field '" + token.key + "' takes '=', not '" + token.op + "'");
        if (token.value.empty())
            return error_at(token, "field '" + token.key + "' has no value");
        if (is_count && !is_number(token.value))
            return error_at(token, token.key + " must be a whole number");
        if (token.key == "conn" && token.value != "step" && !is_number(token.value))
            return error_at(token, "conn is a connection number or 'step'");
        if (token.key == "proto" && !world::proto_from_string(token.value))
            return error_at(token, "unknown protocol '" + token.value + "'");
        if (token.key == "kind" && !tcp_kind(token.value))
            return error_at(token, "kind is syn, synack, ack, fin or rst");
        if (token.key == "user" && token.value.find('@') == std::string::npos)
            return error_at(token, "user must be a mail address");
        if (find(tokens, token.key) != &token)
            return error_at(token, "field '" + token.key + "' given twice");
    }
    for (auto key : grammar->required)
        if (!find(tokens, key))
            return error_at(first, "'" + first.key + "' needs " + std::string(key) + "=...");
    return Ok{};
}

InspectorTarget inspector_target(const world::WorldView& view, const world::EventList& events,
                                 std::size_t position, std::optional<std::size_t> step_event) {
    InspectorTarget target;
    const std::size_t end = std::min(position, events.size());
    // The step's own SMTP connection, once message lines crossed it (the inspector rebuilds
    // the message from those lines: sim-side twin of ui/app/inspected_message.cpp).
    if (step_event && *step_event < end) {
        const world::ConnId conn = events[*step_event].conn;
        if (conn != 0 && events[*step_event].proto == world::Proto::Smtp)
            for (std::size_t i = 0; i < end; ++i)
                if (events[i].conn == conn && events[i].kind == EventKind::Data) {
                    target.conn = conn;
                    return target;
                }
    }
    // A step that runs to a message being queued: that queue entry, while it is still there.
    if (step_event && *step_event < end && events[*step_event].kind == EventKind::Queued) {
        const auto& e = events[*step_event];
        if (view.queue_entry(e.host, e.msg_id)) {
            target.queue_host = e.host;
            target.msg_id = e.msg_id;
            return target;
        }
    }
    // Else the newest message still in a mailbox.
    for (std::size_t i = end; i-- > 0;) {
        const auto& e = events[i];
        if (e.kind != EventKind::MailboxAdd)
            continue;
        auto box = view.mailboxes.find(e.user);
        if (box == view.mailboxes.end())
            continue;
        const auto slash = e.mailbox.find('/');
        const std::string folder =
            slash == std::string::npos ? std::string("INBOX") : e.mailbox.substr(slash + 1);
        auto f = box->second.folders.find(folder);
        if (f == box->second.folders.end())
            continue;
        for (const auto& message : f->second)
            if (message.uid == static_cast<std::uint64_t>(e.number)) {
                target.mailbox = e.user + "/" + folder;
                target.uid = message.uid;
                return target;
            }
    }
    return target;
}

Result<ExpectOutcome> evaluate_expectation(const ExpectContext& context, std::string_view spec) {
    if (auto status = check_expectation(spec); !status)
        return status.error();
    auto tokens = tokenize_spec(spec);
    return evaluate_tokens(context, *tokens, spec);
}

long long mailbox_message_count(const world::WorldView& view, const std::string& user,
                                const std::string& folder) {
    const std::string wanted = to_lower_ascii(user);
    long long n = 0;
    for (const auto& [address, mailbox] : view.mailboxes) {
        if (to_lower_ascii(address) != wanted)
            continue;
        // A lesson names the folder as people write it; the store keeps modified UTF-7.
        auto f = mailbox.folders.find(imap::mailbox_name_from_text(folder));
        if (f != mailbox.folders.end())
            n = static_cast<long long>(f->second.size());
    }
    return n;
}

} // namespace mailsim::lesson
