#include "scenario.h"

#include "sim/core/bytes.h"
#include "sim/core/toml_guard.h"
#include "sim/net/network.h"
#include "sim/proto/imap/imap_mutf7.h"

// toml++ 3.3 asserts (aborts) on a few malformed inputs such as a line that is only "=" before
// it reports the parse error; a broken lesson file must give file:line:col, never abort.
#ifndef TOML_ASSERT
#define TOML_ASSERT(expr) static_cast<void>(0)
#endif
#include <toml++/toml.h>

#include <initializer_list>
#include <set>

namespace mailsim::world {
namespace {

Error error_at(const toml::node* node, std::string message) {
    if (!node)
        return make_error(std::move(message), 1, 1);
    const auto& begin = node->source().begin;
    return make_error(std::move(message), static_cast<int>(begin.line),
                      static_cast<int>(begin.column));
}

// Reads one table, remembering the first error; unknown keys are errors (a typo in a lesson
// file should say so, not be ignored).
class TableReader {
public:
    TableReader(const toml::table& table, std::string what, std::optional<Error>& error)
        : m_table(table), m_what(std::move(what)), m_error(error) {}

    void allow(std::initializer_list<std::string_view> keys) {
        for (const auto& [key, node] : m_table) {
            bool known = false;
            for (auto k : keys)
                known = known || k == key.str();
            if (!known)
                fail(&node, "unknown key '" + std::string(key.str()) + "' in " + m_what);
        }
    }
    void fail(const toml::node* node, std::string message) {
        if (!m_error)
            m_error = error_at(node ? node : &m_table, std::move(message));
    }
    const toml::node* node(std::string_view key) const { return m_table.get(key); }
    int line() const { return static_cast<int>(m_table.source().begin.line); }

    std::string str(std::string_view key, std::string fallback = {}, bool required = false) {
        const toml::node* n = node(key);
        if (!n) {
            if (required)
                fail(&m_table, m_what + " needs '" + std::string(key) + "'");
            return fallback;
        }
        if (auto v = n->value<std::string>())
            return *v;
        fail(n, "'" + std::string(key) + "' must be a string");
        return fallback;
    }
    bool boolean(std::string_view key, bool fallback) {
        const toml::node* n = node(key);
        if (!n)
            return fallback;
        if (auto v = n->value<bool>())
            return *v;
        fail(n, "'" + std::string(key) + "' must be true or false");
        return fallback;
    }
    double number(std::string_view key, double fallback, double low, double high) {
        const toml::node* n = node(key);
        if (!n)
            return fallback;
        auto v = n->value<double>();
        if (!v) {
            fail(n, "'" + std::string(key) + "' must be a number");
            return fallback;
        }
        if (*v < low || *v > high) {
            fail(n, "'" + std::string(key) + "' out of range");
            return fallback;
        }
        return *v;
    }
    SimTime duration(std::string_view key, SimTime fallback) {
        const toml::node* n = node(key);
        if (!n)
            return fallback;
        return duration_of(n, key, fallback);
    }
    SimTime duration_of(const toml::node* n, std::string_view key, SimTime fallback) {
        if (auto v = n->value<double>()) {
            if (*v < 0 || *v > 1e9) {
                fail(n, "'" + std::string(key) + "' out of range");
                return fallback;
            }
            return static_cast<SimTime>(*v * kSecond);
        }
        if (auto s = n->value<std::string>()) {
            auto d = parse_duration(*s);
            if (d.ok())
                return *d;
            fail(n, "'" + std::string(key) + "': " + d.error().message);
            return fallback;
        }
        fail(n, "'" + std::string(key) + "' must be a duration (\"30s\", \"5m\", \"5d\")");
        return fallback;
    }
    std::vector<std::string> strings(std::string_view key) {
        std::vector<std::string> out;
        const toml::node* n = node(key);
        if (!n)
            return out;
        const toml::array* array = n->as_array();
        if (!array) {
            if (auto single = n->value<std::string>())
                return {*single};
            fail(n, "'" + std::string(key) + "' must be a list of strings");
            return out;
        }
        for (const auto& item : *array) {
            if (auto v = item.value<std::string>())
                out.push_back(*v);
            else
                fail(&item, "'" + std::string(key) + "' must hold strings only");
        }
        return out;
    }
    std::uint32_t ip(std::string_view key, bool required) {
        const std::string text = str(key, {}, required);
        if (text.empty())
            return 0;
        auto parsed = net::parse_ipv4(text);
        if (!parsed) {
            fail(node(key), "'" + text + "' is not an IPv4 address");
            return 0;
        }
        return *parsed;
    }

private:
    const toml::table& m_table;
    std::string m_what;
    std::optional<Error>& m_error;
};

template <class Fn>
void for_each_table(const toml::table& root, std::string_view key, std::optional<Error>& error,
                    Fn fn) {
    const toml::node* n = root.get(key);
    if (!n)
        return;
    const toml::array* array = n->as_array();
    if (!array) {
        if (!error)
            error = error_at(n, "'" + std::string(key) + "' must be an array of tables ([[" +
                                    std::string(key) + "]])");
        return;
    }
    for (const auto& item : *array) {
        const toml::table* table = item.as_table();
        if (!table) {
            if (!error)
                error = error_at(&item, "each '" + std::string(key) + "' must be a table");
            continue;
        }
        fn(*table);
    }
}

std::string domain_of(std::string_view address) {
    auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string() : to_lower_ascii(address.substr(at + 1));
}

void read_host(const toml::table& t, Scenario& s, std::optional<Error>& error) {
    TableReader r(t, "[[host]]", error);
    r.allow({"name", "ip", "roles", "domains", "relay_for", "open_relay", "smarthost",
             "queue_interval", "retry", "give_up", "delay_warning", "max_received", "expn", "vrfy",
             "closed_ports", "uucp_domain", "uucp_host", "uucp_interval"});
    HostSpec h;
    h.line = r.line();
    h.name = to_lower_ascii(r.str("name", {}, true));
    h.ip = r.ip("ip", false);
    h.roles = r.strings("roles");
    static const std::set<std::string> kRoles = {"mta",     "pop3", "imap",   "webmail", "dns",
                                                 "gateway", "uucp", "client", "browser"};
    for (const auto& role : h.roles)
        if (!kRoles.count(role))
            r.fail(r.node("roles"), "unknown role '" + role +
                                        "' (mta, pop3, imap, webmail, dns, gateway, uucp, client)");
    for (auto& d : r.strings("domains"))
        h.domains.push_back(to_lower_ascii(d));
    for (auto& c : r.strings("relay_for"))
        h.relay_for.push_back(to_lower_ascii(c));
    h.open_relay = r.boolean("open_relay", false);
    h.smarthost = to_lower_ascii(r.str("smarthost"));
    h.queue_interval = r.duration("queue_interval", h.queue_interval);
    if (const toml::node* retry = r.node("retry")) {
        h.retry.clear();
        if (const toml::array* array = retry->as_array()) {
            for (const auto& item : *array)
                h.retry.push_back(r.duration_of(&item, "retry", kMinute));
        } else {
            h.retry.push_back(r.duration_of(retry, "retry", 30 * kMinute));
        }
        if (h.retry.empty())
            r.fail(retry, "'retry' needs at least one interval");
    }
    h.give_up = r.duration("give_up", h.give_up);
    h.delay_warning = r.duration("delay_warning", 0);
    h.max_received = static_cast<int>(r.number("max_received", 25, 1, 1000));
    h.expn = r.boolean("expn", false);
    h.vrfy = r.boolean("vrfy", true);
    if (const toml::node* ports = r.node("closed_ports")) {
        if (const toml::array* array = ports->as_array()) {
            for (const auto& item : *array) {
                auto v = item.value<std::int64_t>();
                if (!v || *v < 1 || *v > 65535)
                    r.fail(&item, "a port is a number from 1 to 65535");
                else
                    h.closed_ports.push_back(static_cast<std::uint16_t>(*v));
            }
        } else {
            r.fail(ports, "'closed_ports' must be a list of numbers");
        }
    }
    h.uucp_domain = to_lower_ascii(r.str("uucp_domain"));
    h.uucp_host = to_lower_ascii(r.str("uucp_host"));
    h.uucp_interval = r.duration("uucp_interval", h.uucp_interval);
    if (s.host(h.name))
        r.fail(r.node("name"), "host '" + h.name + "' declared twice");
    s.hosts.push_back(std::move(h));
}

void read_user(const toml::table& t, Scenario& s, std::optional<Error>& error) {
    TableReader r(t, "[[user]]", error);
    r.allow({"address", "login", "password", "name", "host", "quota", "quota_messages", "folders",
             "terminal"});
    UserSpec u;
    u.line = r.line();
    u.address = to_lower_ascii(r.str("address", {}, true));
    if (u.address.find('@') == std::string::npos)
        r.fail(r.node("address"), "a user address needs a domain (bob@hamburger.edu)");
    u.login = r.str("login", u.address.substr(0, u.address.find('@')));
    u.password = r.str("password", "secret");
    u.name = r.str("name");
    u.host = to_lower_ascii(r.str("host"));
    u.quota_bytes = static_cast<std::uint64_t>(r.number("quota", 0, 0, 1e15));
    u.quota_messages = static_cast<std::uint64_t>(r.number("quota_messages", 0, 0, 1e9));
    // Folders are stored as IMAP sends their names (modified UTF-7): "보낸 편지함" written in
    // the scenario is the folder a Korean mail client knows as "&vPSwuA- &07jJwNVo-".
    for (const auto& folder : r.strings("folders"))
        u.folders.push_back(imap::mailbox_name_from_text(folder));
    u.terminal = r.boolean("terminal", false);
    if (s.user(u.address))
        r.fail(r.node("address"), "user '" + u.address + "' declared twice");
    s.users.push_back(std::move(u));
}

} // namespace

bool has_role(const HostSpec& host, std::string_view role) {
    for (const auto& r : host.roles)
        if (r == role)
            return true;
    return false;
}

const HostSpec* Scenario::host(std::string_view name) const {
    for (const auto& h : hosts)
        if (equals_ci(h.name, name))
            return &h;
    return nullptr;
}

const UserSpec* Scenario::user(std::string_view address) const {
    for (const auto& u : users)
        if (equals_ci(u.address, address))
            return &u;
    return nullptr;
}

Result<Scenario> parse_scenario(std::string_view text, std::string source_name) {
    // Shapes toml++ 3.3 would assert on (undefined behaviour in optimised builds) are
    // reported as ordinary errors before it sees them.
    if (auto hazard = find_toml_hazard(text))
        return *hazard;
    toml::parse_result parsed = toml::parse(text, source_name);
    if (!parsed) {
        const auto& e = parsed.error();
        return make_error(std::string(e.description()), static_cast<int>(e.source().begin.line),
                          static_cast<int>(e.source().begin.column));
    }
    const toml::table& root = parsed.table();
    std::optional<Error> error;
    Scenario s;
    s.file = std::move(source_name);
    TableReader r(root, "the scenario", error);
    r.allow({"name", "title", "seed", "until", "style", "trace_headers", "defaults", "dns", "host",
             "user", "alias", "mx", "a", "link", "ua", "message", "action", "random_faults"});
    s.name = r.str("name");
    if (const toml::node* title = r.node("title")) {
        if (const toml::table* tt = title->as_table()) {
            s.title_en = tt->get("en") ? tt->get("en")->value_or<std::string>("") : "";
            s.title_ko = tt->get("ko") ? tt->get("ko")->value_or<std::string>("") : "";
        } else if (auto single = title->value<std::string>()) {
            s.title_en = s.title_ko = *single;
        }
    }
    s.seed = static_cast<std::uint64_t>(r.number("seed", 1, 0, 9e15));
    s.until = r.duration("until", 0);
    const std::string style = r.str("style", "modern");
    if (style == "classic")
        s.style = TextStyle::Classic;
    else if (style != "modern")
        r.fail(r.node("style"), "style must be \"modern\" or \"classic\"");
    s.trace_headers = r.boolean("trace_headers", true);
    if (const toml::node* d = r.node("defaults")) {
        if (const toml::table* dt = d->as_table()) {
            TableReader dr(*dt, "[defaults]", error);
            dr.allow({"latency", "bandwidth"});
            s.default_latency = dr.duration("latency", s.default_latency);
            if (auto bw = dr.str("bandwidth"); !bw.empty()) {
                auto value = parse_bandwidth(bw);
                if (value.ok())
                    s.default_bandwidth = *value;
                else
                    dr.fail(dr.node("bandwidth"), value.error().message);
            }
        }
    }
    if (const toml::node* d = r.node("dns")) {
        if (const toml::table* dt = d->as_table()) {
            TableReader dr(*dt, "[dns]", error);
            dr.allow({"server", "default_mx"});
            s.dns_server = to_lower_ascii(dr.str("server"));
            s.default_mx = dr.boolean("default_mx", true);
        }
    }
    for_each_table(root, "host", error, [&](const toml::table& t) { read_host(t, s, error); });
    for_each_table(root, "user", error, [&](const toml::table& t) { read_user(t, s, error); });
    for_each_table(root, "alias", error, [&](const toml::table& t) {
        TableReader ar(t, "[[alias]]", error);
        ar.allow({"address", "members"});
        AliasSpec a;
        a.line = ar.line();
        a.address = to_lower_ascii(ar.str("address", {}, true));
        for (auto& m : ar.strings("members"))
            a.members.push_back(to_lower_ascii(m));
        if (a.members.empty())
            ar.fail(&t, "an alias needs at least one member");
        s.aliases.push_back(std::move(a));
    });
    for_each_table(root, "mx", error, [&](const toml::table& t) {
        TableReader mr(t, "[[mx]]", error);
        mr.allow({"domain", "host", "preference"});
        s.mx.push_back(MxSpec{to_lower_ascii(mr.str("domain", {}, true)),
                              to_lower_ascii(mr.str("host", {}, true)),
                              static_cast<int>(mr.number("preference", 10, 0, 65535))});
    });
    for_each_table(root, "a", error, [&](const toml::table& t) {
        TableReader ar(t, "[[a]]", error);
        ar.allow({"name", "ip"});
        s.a_records.push_back(
            ARecordSpec{to_lower_ascii(ar.str("name", {}, true)), ar.ip("ip", true)});
    });
    for_each_table(root, "link", error, [&](const toml::table& t) {
        TableReader lr(t, "[[link]]", error);
        lr.allow({"a", "b", "latency", "bandwidth", "loss", "kind"});
        LinkSpecData l;
        l.line = lr.line();
        l.a = to_lower_ascii(lr.str("a", {}, true));
        l.b = to_lower_ascii(lr.str("b", {}, true));
        l.latency = lr.duration("latency", s.default_latency);
        l.bandwidth_bps = s.default_bandwidth;
        if (auto bw = lr.str("bandwidth"); !bw.empty()) {
            auto value = parse_bandwidth(bw);
            if (value.ok())
                l.bandwidth_bps = *value;
            else
                lr.fail(lr.node("bandwidth"), value.error().message);
        }
        l.loss = lr.number("loss", 0, 0, 0.9);
        const std::string kind = lr.str("kind", "tcp");
        if (kind == "uucp" || kind == "store-and-forward")
            l.kind = LinkKind::StoreAndForward;
        else if (kind != "tcp")
            lr.fail(lr.node("kind"), "link kind must be \"tcp\" or \"uucp\"");
        for (const auto* end : {&l.a, &l.b})
            if (!end->empty() && !s.host(*end))
                lr.fail(&t, "link end '" + *end + "' is not a declared host");
        s.links.push_back(std::move(l));
    });
    for_each_table(root, "ua", error, [&](const toml::table& t) {
        TableReader ur(t, "[[ua]]", error);
        ur.allow({"address", "host", "server", "submit", "port", "webmail"});
        UaSpec u;
        u.line = ur.line();
        u.address = to_lower_ascii(ur.str("address", {}, true));
        u.host = to_lower_ascii(ur.str("host", {}, true));
        u.server = to_lower_ascii(ur.str("server"));
        const std::string submit = ur.str("submit", "smtp");
        if (submit == "direct")
            u.submit = Submission::Direct;
        else if (submit != "smtp")
            ur.fail(ur.node("submit"), "submit must be \"smtp\" or \"direct\"");
        u.submit_port = static_cast<std::uint16_t>(ur.number("port", 25, 1, 65535));
        u.webmail = to_lower_ascii(ur.str("webmail"));
        if (!s.host(u.host))
            ur.fail(ur.node("host"), "host '" + u.host + "' is not declared");
        if (!u.server.empty() && !s.host(u.server))
            ur.fail(ur.node("server"), "server '" + u.server + "' is not declared");
        if (!u.webmail.empty() && !s.host(u.webmail))
            ur.fail(ur.node("webmail"), "webmail host '" + u.webmail + "' is not declared");
        s.uas.push_back(std::move(u));
    });
    for_each_table(root, "message", error, [&](const toml::table& t) {
        TableReader mr(t, "[[message]]", error);
        mr.allow({"user", "folder", "from", "subject", "body", "flags"});
        MessageSpec m;
        m.line = mr.line();
        m.user = to_lower_ascii(mr.str("user", {}, true));
        m.folder = imap::mailbox_name_from_text(mr.str("folder", "INBOX"));
        m.from = mr.str("from", "someone@example.org");
        m.subject = mr.str("subject");
        m.body = mr.str("body");
        m.flags = mr.strings("flags");
        if (!m.user.empty() && !s.user(m.user))
            mr.fail(mr.node("user"), "user '" + m.user + "' is not declared");
        s.messages.push_back(std::move(m));
    });
    for_each_table(root, "action", error, [&](const toml::table& t) {
        TableReader ar(t, "[[action]]", error);
        ar.allow({"at", "do"});
        TimedAction a;
        a.line = ar.line();
        a.at = ar.duration("at", 0);
        const std::string line = ar.str("do", {}, true);
        auto parsed_action = parse_action(line);
        if (!parsed_action.ok()) {
            // Point into the string: the column of the value plus the offset inside it.
            const toml::node* n = ar.node("do");
            Error e = error_at(n, parsed_action.error().message);
            e.column += parsed_action.error().column; // past the opening quote
            if (!error)
                error = e;
            return;
        }
        a.action = std::move(parsed_action.value());
        s.actions.push_back(std::move(a));
    });
    if (const toml::node* rf = r.node("random_faults")) {
        if (const toml::table* rt = rf->as_table()) {
            TableReader fr(*rt, "[random_faults]", error);
            fr.allow({"per_hour", "mean_duration"});
            s.random_faults.per_hour = fr.number("per_hour", 0, 0, 1000);
            s.random_faults.mean_duration = fr.duration("mean_duration", 10 * kMinute);
        }
    }
    if (error)
        return *error;

    // Cross-references, checked once everything is read.
    for (const auto& h : s.hosts) {
        if (!h.smarthost.empty() && !s.host(h.smarthost))
            return make_error("smarthost '" + h.smarthost + "' is not a declared host", h.line, 1);
        if (has_role(h, "gateway") && (h.uucp_domain.empty() || !s.host(h.uucp_host)))
            return make_error("a gateway needs uucp_domain and a declared uucp_host", h.line, 1);
    }
    for (auto& u : s.users) {
        if (u.host.empty()) {
            // The mail server of the user's domain.
            const std::string domain = domain_of(u.address);
            for (const auto& h : s.hosts)
                for (const auto& d : h.domains)
                    if (d == domain && (has_role(h, "mta") || has_role(h, "uucp")))
                        u.host = h.name;
        }
        if (u.host.empty() || !s.host(u.host))
            return make_error("no mail server holds the domain of '" + u.address +
                                  "' (give the user a host, or a host these domains)",
                              u.line, 1);
    }
    if (!s.dns_server.empty() && !s.host(s.dns_server))
        return make_error("dns server '" + s.dns_server + "' is not a declared host", 1, 1);
    return s;
}

} // namespace mailsim::world
