#include "live_codec.h"

#include "sim/core/json_quote.h"
#include "sim/mail/charset.h"
#include "sim/trace/trace.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <utility>

namespace mailsim::live {

using nlohmann::json;

namespace {

// --- encoding ----------------------------------------------------------------------------------

json view_json(const world::WorldView& view) {
    json hosts = json::array();
    for (const auto& h : view.hosts)
        hosts.push_back({{"name", h.name},
                         {"ip", h.ip},
                         {"roles", h.roles},
                         {"domains", h.domains},
                         {"up", h.up},
                         {"open_relay", h.open_relay},
                         {"relay_for", h.relay_for}});
    json links = json::array();
    for (const auto& l : view.links)
        links.push_back({{"a", l.a},
                         {"b", l.b},
                         {"latency", l.latency},
                         {"bandwidth_bps", l.bandwidth_bps},
                         {"store_and_forward", l.store_and_forward},
                         {"up", l.up}});
    json connections = json::array();
    for (const auto& [id, c] : view.connections)
        connections.push_back({{"id", c.id},
                               {"client", c.client},
                               {"server", c.server},
                               {"port", c.port},
                               {"proto", world::to_string(c.proto)},
                               {"state", c.state},
                               {"opened_at", c.opened_at}});
    json mx = json::object();
    for (const auto& [domain, records] : view.mx) {
        json list = json::array();
        for (const auto& r : records)
            list.push_back({{"preference", r.preference}, {"exchange", r.exchange}});
        mx[domain] = list;
    }
    const auto& c = view.counters;
    return {{"t", view.t},
            {"hosts", hosts},
            {"links", links},
            {"connections", connections},
            {"aliases", view.aliases},
            {"mx", mx},
            {"a", view.a},
            {"counters",
             {{"accepted", c.accepted},
              {"delivered", c.delivered},
              {"bounced", c.bounced},
              {"duplicate_risk", c.duplicate_risk},
              {"relayed", c.relayed},
              {"gave_up", c.gave_up}}}};
}

// The parts of a view that grow with the run (a mailbox of thousands of messages, a long
// queue), written straight out: through nlohmann's tree they were most of the cost of a
// snapshot, and a server under load makes a snapshot for every viewer that fell behind.
void append_key(std::string& out, std::string_view key) {
    append_json_quoted(out, key);
    out += ':';
}

void append_queues(std::string& out, const world::WorldView& view) {
    out += '{';
    bool first_host = true;
    for (const auto& [host, entries] : view.queues) {
        if (!std::exchange(first_host, false))
            out += ',';
        append_key(out, host);
        out += '[';
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto& e = entries[i];
            out += i ? ",{" : "{";
            append_key(out, "msg_id");
            append_json_quoted(out, e.msg_id);
            out += ",\"from\":";
            append_json_quoted(out, e.from);
            out += ",\"queued_event\":";
            append_json_number(out, e.queued_event);
            out += ",\"queued_at\":";
            append_json_number(out, e.queued_at);
            out += ",\"give_up_at\":";
            append_json_number(out, e.give_up_at);
            out += ",\"rcpts\":[";
            for (std::size_t r = 0; r < e.rcpts.size(); ++r) {
                const auto& rcpt = e.rcpts[r];
                out += r ? ",{\"rcpt\":" : "{\"rcpt\":";
                append_json_quoted(out, rcpt.rcpt);
                out += ",\"attempts\":";
                append_json_number(out, rcpt.attempts);
                out += ",\"next_retry\":";
                append_json_number(out, rcpt.next_retry);
                out += ",\"last_error\":";
                append_json_quoted(out, rcpt.last_error);
                out += '}';
            }
            out += "]}";
        }
        out += ']';
    }
    out += '}';
}

void append_mailboxes(std::string& out, const world::WorldView& view) {
    out += '{';
    bool first_box = true;
    for (const auto& [user, box] : view.mailboxes) {
        if (!std::exchange(first_box, false))
            out += ',';
        append_key(out, user);
        out += "{\"host\":";
        append_json_quoted(out, box.host);
        out += ",\"folders\":{";
        bool first_folder = true;
        for (const auto& [name, messages] : box.folders) {
            if (!std::exchange(first_folder, false))
                out += ',';
            append_key(out, name);
            out += '[';
            for (std::size_t i = 0; i < messages.size(); ++i) {
                const auto& m = messages[i];
                out += i ? ",{\"uid\":" : "{\"uid\":";
                append_json_number(out, m.uid);
                out += ",\"msg_id\":";
                append_json_quoted(out, m.msg_id);
                out += ",\"from\":";
                append_json_quoted(out, m.from);
                out += ",\"subject\":";
                append_json_quoted(out, m.subject);
                out += ",\"flags\":";
                append_json_quoted(out, m.flags);
                out += '}';
            }
            out += ']';
        }
        out += "}}";
    }
    out += '}';
}

void append_list(std::string& out, const std::vector<std::string>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i)
            out += ',';
        out += items[i];
    }
    out += ']';
}

// --- decoding: every read checks the type, so a bad message is an Error, never a throw -------

std::string text_of(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t int_of(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end())
        return 0;
    if (it->is_number_integer())
        return it->get<std::int64_t>();
    if (it->is_number())
        return static_cast<std::int64_t>(std::llround(it->get<double>()));
    return 0;
}

double number_of(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

bool bool_of(const json& j, const char* key, bool fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

const json& member(const json& j, const char* key) {
    static const json null;
    auto it = j.find(key);
    return it == j.end() ? null : *it;
}

std::vector<std::string> strings_of(const json& j) {
    std::vector<std::string> out;
    if (!j.is_array())
        return out;
    for (const auto& item : j)
        if (item.is_string())
            out.push_back(item.get<std::string>());
    return out;
}

// Seconds with up to six decimals ("12.5") back to microseconds, exactly for any run shorter
// than a century.
SimTime seconds_of(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number())
        return 0;
    if (it->is_number_integer())
        return it->get<std::int64_t>() * kSecond;
    return static_cast<SimTime>(std::llround(it->get<double>() * static_cast<double>(kSecond)));
}

Result<world::Event> event_of(const json& j) {
    if (!j.is_object())
        return Error{"live stream: an event is not an object"};
    world::Event e;
    e.index = static_cast<std::uint64_t>(int_of(j, "index"));
    e.t = seconds_of(j, "t");
    const auto kind = world::event_kind_from_string(text_of(j, "kind"));
    if (!kind)
        return Error{"live stream: unknown event kind '" + text_of(j, "kind") + "'"};
    e.kind = *kind;
    e.host = text_of(j, "host");
    e.peer = text_of(j, "peer");
    e.conn = static_cast<world::ConnId>(int_of(j, "conn"));
    e.proto = world::proto_from_string(text_of(j, "proto")).value_or(world::Proto::None);
    e.dir = world::direction_from_string(text_of(j, "dir")).value_or(world::Direction::None);
    e.text = text_of(j, "text");
    e.verb = text_of(j, "verb");
    e.code = static_cast<int>(int_of(j, "code"));
    e.key = text_of(j, "key");
    e.msg_id = text_of(j, "msg_id");
    e.from = text_of(j, "from");
    e.rcpt = text_of(j, "rcpt");
    e.user = text_of(j, "user");
    e.mailbox = text_of(j, "mailbox");
    e.queue_id = text_of(j, "queue_id");
    e.reason = text_of(j, "reason");
    e.state = text_of(j, "state");
    e.number = int_of(j, "number");
    return e;
}

Status events_of(const json& list, std::vector<world::Event>& out,
                 std::vector<bool>* same = nullptr) {
    if (!list.is_array())
        return make_error("live stream: 'events' is not a list");
    out.reserve(list.size());
    for (const auto& item : list) {
        auto event = event_of(item);
        if (!event)
            return event.error();
        out.push_back(std::move(*event));
        if (same)
            same->push_back(int_of(item, "same") == 1);
    }
    return Ok{};
}

std::vector<CompactionEntry> compaction_of(const json& list) {
    std::vector<CompactionEntry> out;
    if (!list.is_array())
        return out;
    for (const auto& item : list) {
        if (!item.is_array() || item.size() != 5 || !item[0].is_number_unsigned() ||
            !item[1].is_string() || !item[2].is_string() || !item[3].is_string() ||
            !item[4].is_string())
            continue;
        out.push_back(
            {item[0].get<world::ConnId>(),
             world::direction_from_string(item[1].get<std::string>())
                 .value_or(world::Direction::None),
             item[2].get<std::string>(), item[3].get<std::string>(),
             world::proto_from_string(item[4].get<std::string>()).value_or(world::Proto::None)});
    }
    return out;
}

world::WorldView view_of(const json& j) {
    world::WorldView view;
    view.t = int_of(j, "t");
    for (const auto& h : member(j, "hosts"))
        if (h.is_object())
            view.hosts.push_back(world::HostView{
                text_of(h, "name"), text_of(h, "ip"), strings_of(member(h, "roles")),
                strings_of(member(h, "domains")), bool_of(h, "up", true),
                bool_of(h, "open_relay", false), strings_of(member(h, "relay_for"))});
    for (const auto& l : member(j, "links"))
        if (l.is_object())
            view.links.push_back(
                world::LinkView{text_of(l, "a"), text_of(l, "b"), int_of(l, "latency"),
                                number_of(l, "bandwidth_bps"),
                                bool_of(l, "store_and_forward", false), bool_of(l, "up", true)});
    const json& queues = member(j, "queues");
    if (queues.is_object())
        for (auto it = queues.begin(); it != queues.end(); ++it) {
            auto& entries = view.queues[it.key()];
            for (const auto& e : it.value()) {
                if (!e.is_object())
                    continue;
                world::QueueEntryView entry;
                entry.msg_id = text_of(e, "msg_id");
                entry.from = text_of(e, "from");
                entry.queued_event = static_cast<std::uint64_t>(int_of(e, "queued_event"));
                entry.queued_at = int_of(e, "queued_at");
                entry.give_up_at = int_of(e, "give_up_at");
                for (const auto& r : member(e, "rcpts"))
                    if (r.is_object())
                        entry.rcpts.push_back(world::QueuedRecipient{
                            text_of(r, "rcpt"), static_cast<int>(int_of(r, "attempts")),
                            int_of(r, "next_retry"), text_of(r, "last_error")});
                entries.push_back(std::move(entry));
            }
        }
    const json& mailboxes = member(j, "mailboxes");
    if (mailboxes.is_object())
        for (auto it = mailboxes.begin(); it != mailboxes.end(); ++it) {
            world::MailboxView box;
            box.user = it.key();
            box.host = text_of(it.value(), "host");
            const json& folders = member(it.value(), "folders");
            if (folders.is_object())
                for (auto f = folders.begin(); f != folders.end(); ++f) {
                    auto& messages = box.folders[f.key()];
                    for (const auto& m : f.value())
                        if (m.is_object())
                            messages.push_back(world::MessageView{
                                static_cast<std::uint64_t>(int_of(m, "uid")), text_of(m, "msg_id"),
                                text_of(m, "from"), text_of(m, "subject"), text_of(m, "flags")});
                }
            view.mailboxes[box.user] = std::move(box);
        }
    for (const auto& c : member(j, "connections")) {
        if (!c.is_object())
            continue;
        world::ConnectionView conn;
        conn.id = static_cast<world::ConnId>(int_of(c, "id"));
        conn.client = text_of(c, "client");
        conn.server = text_of(c, "server");
        conn.port = static_cast<std::uint16_t>(int_of(c, "port"));
        conn.proto = world::proto_from_string(text_of(c, "proto")).value_or(world::Proto::None);
        conn.state = text_of(c, "state");
        conn.opened_at = int_of(c, "opened_at");
        view.connections[conn.id] = std::move(conn);
    }
    const json& aliases = member(j, "aliases");
    if (aliases.is_object())
        for (auto it = aliases.begin(); it != aliases.end(); ++it)
            view.aliases[it.key()] = strings_of(it.value());
    const json& mx = member(j, "mx");
    if (mx.is_object())
        for (auto it = mx.begin(); it != mx.end(); ++it) {
            auto& records = view.mx[it.key()];
            for (const auto& r : it.value())
                if (r.is_object())
                    records.push_back(net::MxRecord{static_cast<int>(int_of(r, "preference")),
                                                    text_of(r, "exchange")});
        }
    const json& a = member(j, "a");
    if (a.is_object())
        for (auto it = a.begin(); it != a.end(); ++it) {
            auto& addresses = view.a[it.key()];
            if (it.value().is_array())
                for (const auto& ip : it.value())
                    if (ip.is_number_unsigned())
                        addresses.push_back(ip.get<std::uint32_t>());
        }
    const json& c = member(j, "counters");
    view.counters.accepted = static_cast<std::uint64_t>(int_of(c, "accepted"));
    view.counters.delivered = static_cast<std::uint64_t>(int_of(c, "delivered"));
    view.counters.bounced = static_cast<std::uint64_t>(int_of(c, "bounced"));
    view.counters.duplicate_risk = static_cast<std::uint64_t>(int_of(c, "duplicate_risk"));
    view.counters.relayed = static_cast<std::uint64_t>(int_of(c, "relayed"));
    view.counters.gave_up = static_cast<std::uint64_t>(int_of(c, "gave_up"));
    return view;
}

} // namespace

std::string encode_event(const world::Event& event) {
    std::string line = world::to_json_line(event);
    if (!mail::is_valid_utf8(line))
        line = mail::sanitize_utf8(line);
    return line;
}

std::string encode_view(const world::WorldView& view) {
    // Replace, never throw: a subject or error text may carry a client's 8-bit bytes.
    std::string out = view_json(view).dump(-1, ' ', false, json::error_handler_t::replace);
    out.pop_back(); // the object goes on with the big parts
    out += ",\"queues\":";
    append_queues(out, view);
    out += ",\"mailboxes\":";
    append_mailboxes(out, view);
    out += '}';
    if (!mail::is_valid_utf8(out))
        out = mail::sanitize_utf8(out);
    return out;
}

std::string encode_snapshot(const SnapshotHeader& header, std::string_view view_json,
                            std::uint64_t base_position, const std::vector<std::string>& events,
                            const std::vector<CompactionEntry>& compaction) {
    std::string out = "{\"type\":\"snapshot\",\"version\":" + std::to_string(kStreamVersion);
    out += ",\"seq\":" + std::to_string(header.seq);
    out += ",\"now\":" + std::to_string(header.now);
    out += ",\"role\":" + json_quote(header.role);
    out += ",\"title\":" + json_quote(header.title);
    out += ",\"scenario_name\":" + json_quote(header.scenario_name);
    out += ",\"scenario\":" + json_quote(header.scenario_text);
    out += ",\"sessions\":{";
    bool first = true;
    for (const auto& [conn, name] : header.sessions) {
        out += (first ? "\"" : ",\"") + std::to_string(conn) + "\":" + json_quote(name);
        first = false;
    }
    out += '}';
    out += ",\"base_position\":" + std::to_string(base_position);
    out += ",\"view\":";
    out += view_json;
    out += ",\"events\":";
    append_list(out, events);
    out += ",\"compaction\":[";
    for (std::size_t i = 0; i < compaction.size(); ++i) {
        const CompactionEntry& c = compaction[i];
        out += (i ? ",[" : "[") + std::to_string(c.conn) + "," +
               json_quote(world::to_string(c.dir)) + "," + json_quote(c.host) + "," +
               json_quote(c.peer) + "," + json_quote(world::to_string(c.proto)) + "]";
    }
    out += "]}";
    if (!mail::is_valid_utf8(out))
        out = mail::sanitize_utf8(out);
    return out;
}

std::string encode_events(std::uint64_t seq, SimTime now, std::string_view events) {
    std::string out = "{\"type\":\"events\",\"version\":" + std::to_string(kStreamVersion) +
                      ",\"seq\":" + std::to_string(seq) + ",\"now\":" + std::to_string(now) +
                      ",\"events\":[";
    out.reserve(out.size() + events.size() + 2);
    out += events;
    out += "]}";
    return out;
}

std::string encode_act_result(std::uint64_t id, bool ok, std::string_view error,
                              std::string_view key) {
    std::string out = "{\"type\":\"act_result\",\"version\":" + std::to_string(kStreamVersion) +
                      ",\"id\":" + std::to_string(id) + ",\"ok\":" + (ok ? "true" : "false") +
                      ",\"error\":" + json_quote(error);
    if (!key.empty())
        out += ",\"key\":" + json_quote(key);
    return out + "}";
}

std::string encode_permissions(bool students_compose) {
    return "{\"type\":\"permissions\",\"version\":" + std::to_string(kStreamVersion) +
           ",\"compose\":" + (students_compose ? "true" : "false") + "}";
}

std::string encode_permit(bool students_compose) {
    return "{\"type\":\"permit\",\"version\":" + std::to_string(kStreamVersion) +
           ",\"compose\":" + (students_compose ? "true" : "false") + "}";
}

std::string_view refusal_english(std::string_view key) {
    if (key == kRefusedReadOnly)
        return "read-only: acting needs the teacher's token";
    if (key == kRefusedComposeOnly)
        return "the teacher allows students to compose only";
    if (key == kRefusedSignIn)
        return "sign in with your account first";
    if (key == kRefusedBadLogin)
        return "no account with that address and password";
    if (key == kRefusedNotYours)
        return "a student composes from the account signed in only";
    return {};
}

std::string encode_login(std::string_view address, std::string_view password) {
    return "{\"type\":\"login\",\"version\":" + std::to_string(kStreamVersion) +
           ",\"address\":" + json_quote(address) + ",\"password\":" + json_quote(password) + "}";
}

std::string encode_login_result(bool ok, std::string_view address, std::string_view key) {
    std::string out = "{\"type\":\"login_result\",\"version\":" + std::to_string(kStreamVersion) +
                      ",\"ok\":" + (ok ? "true" : "false") + ",\"address\":" + json_quote(address);
    if (!key.empty())
        out += ",\"key\":" + json_quote(key) + ",\"error\":" + json_quote(refusal_english(key));
    return out + "}";
}

std::string encode_act(std::uint64_t id, std::string_view action_line) {
    return "{\"type\":\"act\",\"version\":" + std::to_string(kStreamVersion) +
           ",\"id\":" + std::to_string(id) + ",\"action\":" + json_quote(action_line) + "}";
}

std::string encode_resync() {
    return "{\"type\":\"resync\",\"version\":" + std::to_string(kStreamVersion) + "}";
}

Result<Message> decode_message(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return Error{"live stream: a message that is not a JSON object"};
    if (int_of(j, "version") != kStreamVersion)
        return Error{"live stream: version " + std::to_string(int_of(j, "version")) +
                     ", this viewer reads version " + std::to_string(kStreamVersion)};
    Message m;
    const std::string type = text_of(j, "type");
    if (type == "snapshot") {
        m.type = MessageType::Snapshot;
        m.header.seq = static_cast<std::uint64_t>(int_of(j, "seq"));
        m.header.now = int_of(j, "now");
        m.header.role = text_of(j, "role");
        m.header.title = text_of(j, "title");
        m.header.scenario_name = text_of(j, "scenario_name");
        m.header.scenario_text = text_of(j, "scenario");
        if (const json& sessions = member(j, "sessions"); sessions.is_object())
            for (const auto& [conn, name] : sessions.items())
                if (name.is_string() && !conn.empty() &&
                    conn.find_first_not_of("0123456789") == std::string::npos && conn.size() < 19)
                    m.header.sessions[std::stoull(conn)] = name.get<std::string>();
        m.base_position = static_cast<std::uint64_t>(int_of(j, "base_position"));
        if (!member(j, "view").is_object())
            return Error{"live stream: a snapshot without a view"};
        m.view = view_of(member(j, "view"));
        if (auto status = events_of(member(j, "events"), m.events); !status)
            return status.error();
        m.compaction = compaction_of(member(j, "compaction"));
    } else if (type == "events") {
        m.type = MessageType::Events;
        m.seq = static_cast<std::uint64_t>(int_of(j, "seq"));
        m.now = int_of(j, "now");
        if (auto status = events_of(member(j, "events"), m.events, &m.same); !status)
            return status.error();
    } else if (type == "act_result") {
        m.type = MessageType::ActResult;
        m.id = static_cast<std::uint64_t>(int_of(j, "id"));
        m.ok = bool_of(j, "ok", false);
        m.error = text_of(j, "error");
        m.key = text_of(j, "key");
    } else if (type == "permissions" || type == "permit") {
        m.type = type == "permit" ? MessageType::Permit : MessageType::Permissions;
        m.students_compose = bool_of(j, "compose", false);
    } else if (type == "act") {
        m.type = MessageType::Act;
        m.id = static_cast<std::uint64_t>(int_of(j, "id"));
        m.action = text_of(j, "action");
    } else if (type == "resync") {
        m.type = MessageType::Resync;
    } else if (type == "login") {
        m.type = MessageType::Login;
        m.address = text_of(j, "address");
        m.password = text_of(j, "password");
    } else if (type == "login_result") {
        m.type = MessageType::LoginResult;
        m.ok = bool_of(j, "ok", false);
        m.address = text_of(j, "address");
        m.key = text_of(j, "key");
        m.error = text_of(j, "error");
    } else {
        return Error{"live stream: unknown message type '" + type + "'"};
    }
    return m;
}

} // namespace mailsim::live
