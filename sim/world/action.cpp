#include "action.h"

#include "sim/core/bytes.h"
#include "sim/core/overloaded.h"

#include <cstdlib>

namespace mailsim::world {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

bool needs_quotes(std::string_view value) {
    if (value.empty())
        return true;
    for (char c : value)
        if (is_space(c) || c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '=')
            return true;
    return false;
}

std::string quote(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else
            out += c;
    }
    return out + "\"";
}

std::optional<double> parse_number(std::string_view text) {
    if (text.empty() || text.size() > 40)
        return std::nullopt;
    std::string copy(text);
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !(value >= 0) || value > 1e15)
        return std::nullopt;
    return value;
}

} // namespace

bool Action::has_flag(std::string_view flag) const {
    for (const auto& f : flags)
        if (f == flag)
            return true;
    return false;
}

std::string Action::to_string() const {
    std::string out = verb;
    for (const auto& flag : flags)
        out += " " + flag;
    for (const auto& [name, value] : args)
        out += " " + name + "=" + (needs_quotes(value) ? quote(value) : value);
    return out;
}

Result<Action> parse_action(std::string_view q) {
    Action action;
    std::size_t i = 0;
    auto fail = [](std::string message, std::size_t at) {
        return make_error(std::move(message), 1, static_cast<int>(at + 1));
    };
    while (i < q.size() && is_space(q[i]))
        ++i;
    const std::size_t verb_start = i;
    while (i < q.size() && !is_space(q[i]))
        ++i;
    action.verb = std::string(q.substr(verb_start, i - verb_start));
    if (action.verb.empty())
        return fail("expected an action (compose, retrieve, fault, force, telnet, ...)",
                    verb_start);
    for (;;) {
        while (i < q.size() && is_space(q[i]))
            ++i;
        if (i >= q.size())
            break;
        const std::size_t word_start = i;
        while (i < q.size() && !is_space(q[i]) && q[i] != '=')
            ++i;
        std::string word(q.substr(word_start, i - word_start));
        if (i >= q.size() || q[i] != '=') {
            if (word.empty())
                return fail("unexpected '" + std::string(1, q[i]) + "'", i);
            action.flags.push_back(std::move(word));
            continue;
        }
        if (word.empty())
            return fail("expected a name before '='", i);
        ++i;
        std::string value;
        const std::size_t value_start = i;
        if (i < q.size() && q[i] == '"') {
            ++i;
            bool closed = false;
            while (i < q.size()) {
                char c = q[i];
                if (c == '\\' && i + 1 < q.size()) {
                    const char e = q[i + 1];
                    value += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                value += c;
                ++i;
            }
            if (!closed)
                return fail("unterminated quoted value", value_start);
        } else {
            while (i < q.size() && !is_space(q[i]))
                value += q[i++];
        }
        if (action.args.count(word))
            return fail("'" + word + "' given twice", word_start);
        action.args[word] = std::move(value);
    }
    return action;
}

namespace {

const char* toggle_flag(Toggle state) {
    return state == Toggle::Up ? "up" : "down";
}

void set_list(Action& action, const char* name, const std::vector<std::string>& items) {
    if (!items.empty())
        action.args[name] = join_list(items);
}

void set_text(Action& action, const char* name, const std::string& value) {
    if (!value.empty())
        action.args[name] = value;
}

} // namespace

Action to_action(const TypedAction& typed) {
    Action a;
    std::visit(Overloaded{
                   [&](const ComposeAction& c) {
                       a.verb = "compose";
                       a.args["from"] = c.from;
                       set_list(a, "to", c.to);
                       set_list(a, "cc", c.cc);
                       set_list(a, "bcc", c.bcc);
                       a.args["subject"] = c.subject;
                       a.args["body"] = c.body;
                       set_text(a, "attach", c.attach);
                       set_text(a, "encoding", c.encoding);
                   },
                   [&](const RetrieveAction& r) {
                       a.verb = "retrieve";
                       a.args["user"] = r.user;
                       a.args["proto"] = r.protocol == RetrieveProtocol::Imap ? "imap" : "pop3";
                       if (r.protocol != RetrieveProtocol::Imap)
                           a.args["mode"] =
                               r.protocol == RetrieveProtocol::Pop3Delete ? "delete" : "keep";
                   },
                   [&](const HostFault& f) {
                       a.verb = "fault";
                       a.args["host"] = f.host;
                       a.flags.push_back(toggle_flag(f.state));
                   },
                   [&](const LinkFault& f) {
                       a.verb = "fault";
                       a.args["link"] = f.a + "-" + f.b;
                       a.flags.push_back(toggle_flag(f.state));
                   },
                   [&](const ForceReply& f) {
                       a.verb = "force";
                       a.args["host"] = f.host;
                       a.args["at"] = f.at;
                       a.args["code"] = std::to_string(f.code);
                       if (f.count)
                           a.args["count"] = std::to_string(*f.count);
                   },
                   [&](const SetAlias& s) {
                       a.verb = "alias";
                       a.args["address"] = s.address;
                       a.args["members"] = join_list(s.members);
                   },
                   [&](const RemoveAlias& r) {
                       a.verb = "alias";
                       a.args["address"] = r.address;
                       a.flags.push_back("remove");
                   },
                   [&](const SetRelay& r) {
                       a.verb = "relay";
                       a.args["host"] = r.host;
                       if (r.change == RelayChange::Open)
                           a.flags.push_back("open");
                       else if (r.change == RelayChange::Closed)
                           a.flags.push_back("closed");
                       else
                           a.args[r.change == RelayChange::Allow ? "allow" : "deny"] = r.client;
                   },
                   [&](const SetMxRecords& d) {
                       a.verb = "dns";
                       a.args["domain"] = d.domain;
                       a.args["mx"] = d.records.empty() ? "none" : d.records;
                   },
                   [&](const SetARecords& d) {
                       a.verb = "dns";
                       a.args["name"] = d.name;
                       a.args["a"] = d.addresses.empty() ? "none" : d.addresses;
                   },
                   [&](const TelnetLine& t) {
                       a.verb = "telnet";
                       a.args["from"] = t.from;
                       a.args["host"] = t.host;
                       a.args["port"] = std::to_string(t.port);
                       if (t.send)
                           a.args["send"] = *t.send;
                   },
               },
               typed);
    return a;
}

Result<SimTime> parse_duration(std::string_view text) {
    std::size_t split = text.size();
    while (split > 0 && ((text[split - 1] >= 'a' && text[split - 1] <= 'z')))
        --split;
    const auto number = parse_number(text.substr(0, split));
    if (!number)
        return make_error("expected a duration like 30s, 5m, 2h, 5d or 250ms");
    const std::string_view unit = text.substr(split);
    double scale;
    if (unit.empty() || unit == "s")
        scale = kSecond;
    else if (unit == "ms")
        scale = kMillisecond;
    else if (unit == "us")
        scale = 1;
    else if (unit == "m" || unit == "min")
        scale = kMinute;
    else if (unit == "h")
        scale = kHour;
    else if (unit == "d")
        scale = kDay;
    else
        return make_error("unknown time unit '" + std::string(unit) + "' (ms, s, m, h, d)");
    return static_cast<SimTime>(*number * scale + 0.5);
}

Result<double> parse_bandwidth(std::string_view text) {
    std::size_t split = text.size();
    while (split > 0 &&
           ((text[split - 1] >= 'a' && text[split - 1] <= 'z') ||
            (text[split - 1] >= 'A' && text[split - 1] <= 'Z') || text[split - 1] == '/'))
        --split;
    const auto number = parse_number(text.substr(0, split));
    if (!number || *number <= 0)
        return make_error("expected a bandwidth like 10Mbit, 56kbit or 9600");
    const std::string unit = to_lower_ascii(text.substr(split));
    if (unit.empty() || unit == "bit" || unit == "bps")
        return *number;
    if (unit == "kbit" || unit == "kbps")
        return *number * 1e3;
    if (unit == "mbit" || unit == "mbps")
        return *number * 1e6;
    if (unit == "gbit" || unit == "gbps")
        return *number * 1e9;
    return make_error("unknown bandwidth unit '" + unit + "' (bit, kbit, Mbit, Gbit)");
}

} // namespace mailsim::world
