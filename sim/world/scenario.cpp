#include "scenario.h"

#include "sim/core/bytes.h"
#include "sim/core/toml_guard.h"
#include "sim/core/toml_reader.h"
#include "sim/net/network.h"
#include "sim/proto/imap/imap_mutf7.h"

#include <set>

namespace mailsim::world {
namespace {

// The reads of one scenario file: the one TOML reader, keeping the first problem (a scenario
// is fixed one error at a time), and the value types only scenarios have.
class ScenarioReader {
public:
    ScenarioReader()
        : m_reader([this](SourcePos where, std::string message) {
              if (!m_error)
                  m_error = make_error(std::move(message), where.line, where.column);
          }) {}
    ScenarioReader(const ScenarioReader&) = delete;
    ScenarioReader& operator=(const ScenarioReader&) = delete;

    TomlReader& toml() { return m_reader; }
    std::optional<Error>& error() { return m_error; }
    void fail(const toml::node& node, std::string message) {
        m_reader.report(node.source(), std::move(message));
    }
    // `key`'s node, or the table itself when the key is absent: where to point a problem.
    static const toml::node& at(const toml::table& table, std::string_view key) {
        const toml::node* node = table.get(key);
        return node ? *node : table;
    }
    static int line(const toml::table& table) { return TomlReader::pos(table.source()).line; }

    std::string str(const toml::table& table, std::string_view key, std::string fallback = {}) {
        return m_reader.string(table, key, Need::Optional).value_or(std::move(fallback));
    }
    std::string required(const toml::table& table, std::string_view key) {
        return m_reader.string(table, key, Need::Required).value_or("");
    }
    std::string lower(const toml::table& table, std::string_view key, Need need = Need::Optional) {
        return to_lower_ascii(m_reader.string(table, key, need).value_or(""));
    }
    std::vector<std::string> strings(const toml::table& table, std::string_view key) {
        std::vector<std::string> out;
        for (auto& item : m_reader.strings(table, key))
            out.push_back(std::move(item.text));
        return out;
    }
    std::vector<std::string> lower_strings(const toml::table& table, std::string_view key) {
        std::vector<std::string> out = strings(table, key);
        for (auto& item : out)
            item = to_lower_ascii(item);
        return out;
    }
    bool boolean(const toml::table& table, std::string_view key, bool fallback) {
        return m_reader.boolean(table, key).value_or(fallback);
    }
    double number(const toml::table& table, std::string_view key, double fallback, double low,
                  double high) {
        return m_reader.number(table, key, low, high).value_or(fallback);
    }
    SimTime duration(const toml::table& table, std::string_view key, SimTime fallback) {
        const toml::node* node = table.get(key);
        return node ? duration_of(*node, key, fallback) : fallback;
    }
    // Seconds as a number, or "30s", "5m", "5d".
    SimTime duration_of(const toml::node& node, std::string_view key, SimTime fallback) {
        if (auto v = node.value<double>()) {
            if (*v < 0 || *v > 1e9) {
                fail(node, "'" + std::string(key) + "' out of range");
                return fallback;
            }
            return static_cast<SimTime>(*v * kSecond);
        }
        if (auto text = node.value<std::string>()) {
            auto d = parse_duration(*text);
            if (d.ok())
                return *d;
            fail(node, "'" + std::string(key) + "': " + d.error().message);
            return fallback;
        }
        fail(node, "'" + std::string(key) + "' must be a duration (\"30s\", \"5m\", \"5d\")");
        return fallback;
    }
    double bandwidth(const toml::table& table, std::string_view key, double fallback) {
        const std::string text = str(table, key);
        if (text.empty())
            return fallback;
        auto value = parse_bandwidth(text);
        if (value.ok())
            return *value;
        fail(at(table, key), value.error().message);
        return fallback;
    }
    std::uint32_t ip(const toml::table& table, std::string_view key, Need need) {
        const std::string text = m_reader.string(table, key, need).value_or("");
        if (text.empty())
            return 0;
        auto parsed = net::parse_ipv4(text);
        if (!parsed) {
            fail(at(table, key), "'" + text + "' is not an IPv4 address");
            return 0;
        }
        return *parsed;
    }
    // Calls `read` for each [[key]] table.
    template <class Fn>
    void for_each_table(const toml::table& root, std::string_view key, Fn read) {
        if (const toml::array* array = m_reader.tables(root, key))
            for (const auto& item : *array)
                read(*item.as_table());
    }
    // The table under `key` ([defaults], [dns], ...), or nullptr.
    const toml::table* table(const toml::table& root, std::string_view key) {
        const toml::node* node = root.get(key);
        if (!node)
            return nullptr;
        if (const toml::table* t = node->as_table())
            return t;
        fail(*node, "'" + std::string(key) + "' must be a table ([" + std::string(key) + "])");
        return nullptr;
    }

private:
    std::optional<Error> m_error;
    TomlReader m_reader;
};

std::string domain_of(std::string_view address) {
    auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string() : to_lower_ascii(address.substr(at + 1));
}

void read_top(ScenarioReader& r, const toml::table& root, Scenario& s) {
    r.toml().only_keys(root,
                       {"name", "title", "seed", "until", "style", "trace_headers", "defaults",
                        "dns", "host", "user", "alias", "mx", "a", "link", "ua", "message",
                        "action", "random_faults"},
                       "the scenario");
    s.name = r.str(root, "name");
    if (const toml::node* title = root.get("title")) {
        if (const toml::table* tt = title->as_table()) {
            s.title_en = tt->get("en") ? tt->get("en")->value_or<std::string>("") : "";
            s.title_ko = tt->get("ko") ? tt->get("ko")->value_or<std::string>("") : "";
        } else if (auto single = title->value<std::string>()) {
            s.title_en = s.title_ko = *single;
        }
    }
    s.seed = static_cast<std::uint64_t>(r.number(root, "seed", 1, 0, 9e15));
    s.until = r.duration(root, "until", 0);
    const std::string style = r.str(root, "style", "modern");
    if (style == "classic")
        s.style = TextStyle::Classic;
    else if (style != "modern")
        r.fail(ScenarioReader::at(root, "style"), "style must be \"modern\" or \"classic\"");
    s.trace_headers = r.boolean(root, "trace_headers", true);
}

void read_defaults(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"latency", "bandwidth"}, "[defaults]");
    s.default_latency = r.duration(t, "latency", s.default_latency);
    s.default_bandwidth = r.bandwidth(t, "bandwidth", s.default_bandwidth);
}

void read_dns(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"server", "default_mx"}, "[dns]");
    s.dns_server = r.lower(t, "server");
    s.default_mx = r.boolean(t, "default_mx", true);
}

void read_host(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(
        t, {"name",          "ip",           "roles",          "domains", "relay_for",
            "open_relay",    "smarthost",    "queue_interval", "retry",   "give_up",
            "delay_warning", "max_received", "expn",           "vrfy",    "closed_ports",
            "uucp_domain",   "uucp_host",    "uucp_interval",  "x",       "y"},
        "[[host]]");
    HostSpec h;
    h.line = ScenarioReader::line(t);
    h.name = r.lower(t, "name", Need::Required);
    h.ip = r.ip(t, "ip", Need::Optional);
    h.roles = r.strings(t, "roles");
    static const std::set<std::string> kRoles = {"mta",     "pop3", "imap",   "webmail", "dns",
                                                 "gateway", "uucp", "client", "browser"};
    for (const auto& role : h.roles)
        if (!kRoles.count(role))
            r.fail(ScenarioReader::at(t, "roles"),
                   "unknown role '" + role +
                       "' (mta, pop3, imap, webmail, dns, gateway, uucp, client)");
    h.domains = r.lower_strings(t, "domains");
    h.relay_for = r.lower_strings(t, "relay_for");
    h.open_relay = r.boolean(t, "open_relay", false);
    h.smarthost = r.lower(t, "smarthost");
    h.queue_interval = r.duration(t, "queue_interval", h.queue_interval);
    if (const toml::node* retry = t.get("retry")) {
        h.retry.clear();
        if (const toml::array* array = retry->as_array()) {
            for (const auto& item : *array)
                h.retry.push_back(r.duration_of(item, "retry", kMinute));
        } else {
            h.retry.push_back(r.duration_of(*retry, "retry", 30 * kMinute));
        }
        if (h.retry.empty())
            r.fail(*retry, "'retry' needs at least one interval");
    }
    h.give_up = r.duration(t, "give_up", h.give_up);
    h.delay_warning = r.duration(t, "delay_warning", 0);
    h.max_received = static_cast<int>(r.number(t, "max_received", 25, 1, 1000));
    h.expn = r.boolean(t, "expn", false);
    h.vrfy = r.boolean(t, "vrfy", true);
    if (const toml::node* ports = t.get("closed_ports")) {
        if (const toml::array* array = ports->as_array()) {
            for (const auto& item : *array) {
                auto v = item.value<std::int64_t>();
                if (!v || *v < 1 || *v > 65535)
                    r.fail(item, "a port is a number from 1 to 65535");
                else
                    h.closed_ports.push_back(static_cast<std::uint16_t>(*v));
            }
        } else {
            r.fail(*ports, "'closed_ports' must be a list of numbers");
        }
    }
    h.uucp_domain = r.lower(t, "uucp_domain");
    h.uucp_host = r.lower(t, "uucp_host");
    h.uucp_interval = r.duration(t, "uucp_interval", h.uucp_interval);
    if (t.get("x") || t.get("y")) {
        h.x = r.number(t, "x", 0.5, 0, 1);
        h.y = r.number(t, "y", 0.5, 0, 1);
    }
    if (s.host(h.name))
        r.fail(ScenarioReader::at(t, "name"), "host '" + h.name + "' declared twice");
    s.hosts.push_back(std::move(h));
}

void read_user(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t,
                       {"address", "login", "password", "name", "host", "quota", "quota_messages",
                        "folders", "terminal"},
                       "[[user]]");
    UserSpec u;
    u.line = ScenarioReader::line(t);
    u.address = r.lower(t, "address", Need::Required);
    if (u.address.find('@') == std::string::npos)
        r.fail(ScenarioReader::at(t, "address"),
               "a user address needs a domain (bob@hamburger.edu)");
    u.login = r.str(t, "login", u.address.substr(0, u.address.find('@')));
    u.password = r.str(t, "password", "secret");
    u.name = r.str(t, "name");
    u.host = r.lower(t, "host");
    u.quota_bytes = static_cast<std::uint64_t>(r.number(t, "quota", 0, 0, 1e15));
    u.quota_messages = static_cast<std::uint64_t>(r.number(t, "quota_messages", 0, 0, 1e9));
    // Folders are stored as IMAP sends their names (modified UTF-7): "보낸 편지함" written in
    // the scenario is the folder a Korean mail client knows as "&vPSwuA- &07jJwNVo-".
    for (const auto& folder : r.strings(t, "folders"))
        u.folders.push_back(imap::mailbox_name_from_text(folder));
    u.terminal = r.boolean(t, "terminal", false);
    if (s.user(u.address))
        r.fail(ScenarioReader::at(t, "address"), "user '" + u.address + "' declared twice");
    s.users.push_back(std::move(u));
}

void read_alias(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"address", "members"}, "[[alias]]");
    AliasSpec a;
    a.line = ScenarioReader::line(t);
    a.address = r.lower(t, "address", Need::Required);
    a.members = r.lower_strings(t, "members");
    if (a.members.empty())
        r.fail(t, "an alias needs at least one member");
    s.aliases.push_back(std::move(a));
}

void read_mx(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"domain", "host", "preference"}, "[[mx]]");
    MxSpec mx;
    mx.domain = r.lower(t, "domain", Need::Required);
    mx.exchange = r.lower(t, "host", Need::Required);
    mx.preference = static_cast<int>(r.number(t, "preference", 10, 0, 65535));
    s.mx.push_back(std::move(mx));
}

void read_a_record(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"name", "ip"}, "[[a]]");
    ARecordSpec a;
    a.name = r.lower(t, "name", Need::Required);
    a.ip = r.ip(t, "ip", Need::Required);
    s.a_records.push_back(std::move(a));
}

void read_link(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"a", "b", "latency", "bandwidth", "loss", "kind"}, "[[link]]");
    LinkSpecData l;
    l.line = ScenarioReader::line(t);
    l.a = r.lower(t, "a", Need::Required);
    l.b = r.lower(t, "b", Need::Required);
    l.latency = r.duration(t, "latency", s.default_latency);
    l.bandwidth_bps = r.bandwidth(t, "bandwidth", s.default_bandwidth);
    l.loss = r.number(t, "loss", 0, 0, 0.9);
    const std::string kind = r.str(t, "kind", "tcp");
    if (kind == "uucp" || kind == "store-and-forward")
        l.kind = LinkKind::StoreAndForward;
    else if (kind != "tcp")
        r.fail(ScenarioReader::at(t, "kind"), "link kind must be \"tcp\" or \"uucp\"");
    for (const auto* end : {&l.a, &l.b})
        if (!end->empty() && !s.host(*end))
            r.fail(t, "link end '" + *end + "' is not a declared host");
    s.links.push_back(std::move(l));
}

void read_ua(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"address", "host", "server", "submit", "port", "webmail"}, "[[ua]]");
    UaSpec u;
    u.line = ScenarioReader::line(t);
    u.address = r.lower(t, "address", Need::Required);
    u.host = r.lower(t, "host", Need::Required);
    u.server = r.lower(t, "server");
    const std::string submit = r.str(t, "submit", "smtp");
    if (submit == "direct")
        u.submit = Submission::Direct;
    else if (submit != "smtp")
        r.fail(ScenarioReader::at(t, "submit"), "submit must be \"smtp\" or \"direct\"");
    u.submit_port = static_cast<std::uint16_t>(r.number(t, "port", 25, 1, 65535));
    u.webmail = r.lower(t, "webmail");
    if (!s.host(u.host))
        r.fail(ScenarioReader::at(t, "host"), "host '" + u.host + "' is not declared");
    if (!u.server.empty() && !s.host(u.server))
        r.fail(ScenarioReader::at(t, "server"), "server '" + u.server + "' is not declared");
    if (!u.webmail.empty() && !s.host(u.webmail))
        r.fail(ScenarioReader::at(t, "webmail"),
               "webmail host '" + u.webmail + "' is not declared");
    s.uas.push_back(std::move(u));
}

void read_message(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"user", "folder", "from", "subject", "body", "flags"}, "[[message]]");
    MessageSpec m;
    m.line = ScenarioReader::line(t);
    m.user = r.lower(t, "user", Need::Required);
    m.folder = imap::mailbox_name_from_text(r.str(t, "folder", "INBOX"));
    m.from = r.str(t, "from", "someone@example.org");
    m.subject = r.str(t, "subject");
    m.body = r.str(t, "body");
    m.flags = r.strings(t, "flags");
    if (!m.user.empty() && !s.user(m.user))
        r.fail(ScenarioReader::at(t, "user"), "user '" + m.user + "' is not declared");
    s.messages.push_back(std::move(m));
}

void read_action(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"at", "do"}, "[[action]]");
    TimedAction a;
    a.line = ScenarioReader::line(t);
    a.at = r.duration(t, "at", 0);
    const auto line = r.toml().located(t, "do", Need::Required);
    if (!line)
        return;
    auto parsed_action = parse_action(line->text);
    if (!parsed_action.ok()) {
        // Point into the string: the column of the value plus the offset inside it (past the
        // opening quote).
        SourcePos where = line->pos;
        where.column += parsed_action.error().column;
        r.toml().report(where, parsed_action.error().message);
        return;
    }
    a.action = std::move(parsed_action.value());
    s.actions.push_back(std::move(a));
}

void read_random_faults(ScenarioReader& r, const toml::table& t, Scenario& s) {
    r.toml().only_keys(t, {"per_hour", "mean_duration"}, "[random_faults]");
    s.random_faults.per_hour = r.number(t, "per_hour", 0, 0, 1000);
    s.random_faults.mean_duration = r.duration(t, "mean_duration", 10 * kMinute);
}

// Cross-references, checked once everything is read.
std::optional<Error> check_references(Scenario& s) {
    for (const auto& h : s.hosts) {
        if (!h.smarthost.empty() && !s.host(h.smarthost))
            return make_error("smarthost '" + h.smarthost + "' is not a declared host", h.line, 1);
        if (has_role(h, "gateway") && (h.uucp_domain.empty() || !s.host(h.uucp_host)))
            return make_error("a gateway needs uucp_domain and a declared uucp_host", h.line, 1);
    }
    for (auto& u : s.users) {
        if (u.host.empty())
            u.host = default_mail_host(s, u.address);
        if (u.host.empty() || !s.host(u.host))
            return make_error("no mail server holds the domain of '" + u.address +
                                  "' (give the user a host, or a host these domains)",
                              u.line, 1);
    }
    if (!s.dns_server.empty() && !s.host(s.dns_server))
        return make_error("dns server '" + s.dns_server + "' is not a declared host", 1, 1);
    return std::nullopt;
}

} // namespace

std::string default_mail_host(const Scenario& scenario, std::string_view address) {
    const std::string domain = domain_of(address);
    std::string found;
    for (const auto& h : scenario.hosts)
        for (const auto& d : h.domains)
            if (d == domain && (has_role(h, "mta") || has_role(h, "uucp")))
                found = h.name;
    return found;
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
    ScenarioReader r;
    Scenario s;
    s.file = std::move(source_name);
    read_top(r, root, s);
    if (const toml::table* t = r.table(root, "defaults"))
        read_defaults(r, *t, s);
    if (const toml::table* t = r.table(root, "dns"))
        read_dns(r, *t, s);
    // In this order: links and user agents refer to the hosts, messages to the users.
    const auto each = [&](std::string_view key,
                          void (*read)(ScenarioReader&, const toml::table&, Scenario&)) {
        r.for_each_table(root, key, [&](const toml::table& t) { read(r, t, s); });
    };
    each("host", read_host);
    each("user", read_user);
    each("alias", read_alias);
    each("mx", read_mx);
    each("a", read_a_record);
    each("link", read_link);
    each("ua", read_ua);
    each("message", read_message);
    each("action", read_action);
    if (const toml::table* t = r.table(root, "random_faults"))
        read_random_faults(r, *t, s);
    if (r.error())
        return *r.error();
    if (auto error = check_references(s))
        return *error;
    return s;
}

} // namespace mailsim::world
