#include "event_match.h"

#include "sim/core/bytes.h"

#include <array>

namespace mailsim::world {
namespace {

constexpr std::array<std::string_view, 17> kFields = {
    "host", "peer",    "proto",  "dir",      "verb",   "code",  "conn", "rcpt", "from",
    "user", "mailbox", "msg_id", "queue_id", "reason", "state", "key",  "text"};

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

bool all_digits(std::string_view s) {
    if (s.empty() || s.size() > 9)
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

Error error_at(std::string message, std::size_t index) {
    return make_error(std::move(message), 1, static_cast<int>(index + 1));
}

} // namespace

Result<EventMatch> parse_event_match(std::string_view q) {
    std::size_t i = 0;
    while (i < q.size() && is_space(q[i]))
        ++i;
    const std::size_t kind_start = i;
    while (i < q.size() && !is_space(q[i]))
        ++i;
    const std::string_view kind_name = q.substr(kind_start, i - kind_start);
    if (kind_name.empty())
        return error_at("expected an event kind (e.g. reply, command, delivered)", kind_start);
    auto kind = event_kind_from_string(kind_name);
    if (!kind)
        return error_at("unknown event kind '" + std::string(kind_name) + "'", kind_start);
    EventMatch match;
    match.kind = *kind;
    for (;;) {
        while (i < q.size() && is_space(q[i]))
            ++i;
        if (i >= q.size())
            break;
        const std::size_t field_start = i;
        while (i < q.size() && q[i] != '=' && !is_space(q[i]))
            ++i;
        const std::string field(q.substr(field_start, i - field_start));
        bool known = false;
        for (auto name : kFields)
            known = known || name == field;
        if (!known)
            return error_at("unknown field '" + field + "'", field_start);
        if (i >= q.size() || q[i] != '=')
            return error_at("expected '=' after '" + field + "'", i);
        ++i;
        std::string value;
        const std::size_t value_start = i;
        if (i < q.size() && q[i] == '"') {
            ++i;
            bool closed = false;
            while (i < q.size()) {
                if (q[i] == '\\' && i + 1 < q.size()) {
                    value += q[i + 1];
                    i += 2;
                    continue;
                }
                if (q[i] == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                value += q[i++];
            }
            if (!closed)
                return error_at("unterminated quoted value", value_start);
        } else {
            while (i < q.size() && !is_space(q[i]))
                value += q[i++];
            if (value.empty())
                return error_at("expected a value after '" + field + "='", value_start);
        }
        if ((field == "code" || field == "conn") && !all_digits(value))
            return error_at(field + " must be a number", value_start);
        if (field == "proto" && !proto_from_string(value))
            return error_at("proto must be one of tcp, dns, smtp, pop3, imap, http, uucp",
                            value_start);
        if (field == "dir" && !direction_from_string(value))
            return error_at("dir must be c2s or s2c", value_start);
        match.tests.push_back(FieldTest{field, std::move(value)});
    }
    return match;
}

bool EventMatch::matches(const Event& e) const {
    if (e.kind != kind)
        return false;
    for (const auto& test : tests) {
        const std::string& f = test.field;
        const std::string& v = test.value;
        bool ok = false;
        if (f == "host")
            ok = equals_ci(e.host, v);
        else if (f == "peer")
            ok = equals_ci(e.peer, v);
        else if (f == "proto")
            ok = to_string(e.proto) == to_lower_ascii(v);
        else if (f == "dir")
            ok = to_string(e.dir) == to_lower_ascii(v);
        else if (f == "verb")
            ok = equals_ci(e.verb, v);
        else if (f == "code")
            ok = std::to_string(e.code) == v;
        else if (f == "conn")
            ok = std::to_string(e.conn) == v;
        else if (f == "rcpt")
            ok = equals_ci(e.rcpt, v);
        else if (f == "from")
            ok = equals_ci(e.from, v);
        else if (f == "user")
            ok = equals_ci(e.user, v);
        else if (f == "mailbox")
            ok = equals_ci(e.mailbox, v) || equals_ci(e.mailbox.substr(0, e.mailbox.find('/')), v);
        else if (f == "msg_id")
            ok = e.msg_id == v;
        else if (f == "queue_id")
            ok = e.queue_id == v;
        else if (f == "reason")
            ok = e.reason.find(v) != std::string::npos;
        else if (f == "state")
            ok = equals_ci(e.state, v);
        else if (f == "key")
            ok = e.key == v;
        else if (f == "text")
            ok = e.text.find(v) != std::string::npos;
        if (!ok)
            return false;
    }
    return true;
}

std::optional<std::size_t> find_next(const EventList& events, std::size_t from,
                                     const EventMatch& match) {
    for (std::size_t i = from; i < events.size(); ++i)
        if (match.matches(events[i]))
            return i;
    return std::nullopt;
}

} // namespace mailsim::world
