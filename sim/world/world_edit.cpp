#include "world_edit.h"

#include "sim/core/bytes.h"
#include "sim/core/overloaded.h"
#include "sim/net/network.h"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace mailsim::world {
namespace {

FieldError problem(std::string item, std::string key, std::string field, std::string message) {
    return FieldError{std::move(item), std::move(key), std::move(field), std::move(message)};
}

std::string clean(std::string_view text) {
    return to_lower_ascii(trim_ascii(text));
}

HostSpec* find_host(Scenario& s, std::string_view name) {
    for (auto& h : s.hosts)
        if (equals_ci(h.name, name))
            return &h;
    return nullptr;
}

std::string fresh_name(const Scenario& s, std::string_view prefix) {
    for (int n = 1;; ++n) {
        std::string name = std::string(prefix) + std::to_string(n);
        if (!s.host(name))
            return name;
    }
}

// 10.0.0.1, 10.0.0.2, ...: the first address no host or A record has.
std::uint32_t fresh_ip(const Scenario& s) {
    std::set<std::uint32_t> used;
    for (const auto& h : s.hosts)
        used.insert(h.ip);
    for (const auto& a : s.a_records)
        used.insert(a.ip);
    std::uint32_t ip = 0x0a000001;
    while (used.count(ip) || (ip & 0xff) == 0 || (ip & 0xff) == 0xff)
        ++ip;
    return ip;
}

struct KindNames {
    HostKind kind;
    const char* id;     // string keys and bridge ids
    const char* prefix; // fresh host names: pc1, mail1, ...
};
constexpr KindNames kKindNames[] = {
    {HostKind::Client, "client", "pc"},        {HostKind::Mta, "mta", "mail"},
    {HostKind::Relay, "relay", "relay"},       {HostKind::Gateway, "gateway", "gw"},
    {HostKind::Webmail, "webmail", "webmail"}, {HostKind::Dns, "dns", "dns"},
    {HostKind::Browser, "browser", "browser"},
};

const KindNames& names_of(HostKind kind) {
    for (const auto& names : kKindNames)
        if (names.kind == kind)
            return names;
    return kKindNames[0];
}

std::optional<FieldError> add_host(Scenario& s, const AddHost& e) {
    HostSpec h;
    h.name = e.name.empty() ? fresh_name(s, names_of(e.kind).prefix) : clean(e.name);
    if (s.host(h.name))
        return problem("host", h.name, "name", "two hosts are named '" + h.name + "'");
    h.ip = fresh_ip(s);
    h.x = e.x;
    h.y = e.y;
    const std::string domain = clean(e.domain);
    switch (e.kind) {
    case HostKind::Client:
        h.roles = {"client"};
        break;
    case HostKind::Browser:
        h.roles = {"browser"};
        break;
    case HostKind::Webmail:
        h.roles = {"webmail"};
        break;
    case HostKind::Relay:
        h.roles = {"mta"};
        break;
    case HostKind::Dns:
        h.roles = {"dns"};
        if (s.dns_server.empty())
            s.dns_server = h.name;
        break;
    case HostKind::Mta:
        h.roles = {"mta", "pop3", "imap"};
        if (!domain.empty())
            h.domains = {domain};
        break;
    case HostKind::Gateway: {
        // A gateway forwards a domain over a store-and-forward link to its UUCP site: the
        // site comes with it, or the gateway would name a host that is not there.
        h.roles = {"mta", "gateway"};
        h.uucp_domain = domain.empty() ? "lab.test" : domain;
        h.uucp_host = fresh_name(s, "site");
        HostSpec site;
        site.name = h.uucp_host;
        site.roles = {"uucp"};
        site.domains = {h.uucp_domain};
        s.hosts.push_back(h);
        site.ip = 0; // UUCP sites are not on the TCP/IP network
        if (h.x && h.y) {
            site.x = std::min(*h.x + 0.1, 1.0);
            site.y = *h.y;
        }
        s.hosts.push_back(std::move(site));
        LinkSpecData link;
        link.a = h.name;
        link.b = h.uucp_host;
        link.kind = LinkKind::StoreAndForward;
        link.latency = 3 * kSecond;
        link.bandwidth_bps = 2400;
        s.links.push_back(std::move(link));
        return std::nullopt;
    }
    }
    s.hosts.push_back(std::move(h));
    return std::nullopt;
}

void rename_in(std::string& value, const std::string& from, const std::string& to) {
    if (equals_ci(value, from))
        value = to;
}

std::optional<FieldError> rename_host(Scenario& s, const RenameHost& e) {
    const std::string from = clean(e.from), to = clean(e.to);
    HostSpec* host = find_host(s, from);
    if (!host)
        return problem("host", from, "name", "no host is named '" + from + "'");
    if (!is_host_name(to))
        return problem("host", from, "name", "'" + to + "' is not a host name");
    if (!equals_ci(from, to) && s.host(to))
        return problem("host", from, "name", "two hosts are named '" + to + "'");
    host->name = to;
    // Every place that names it follows.
    for (auto& h : s.hosts) {
        rename_in(h.smarthost, from, to);
        rename_in(h.uucp_host, from, to);
        for (auto& client : h.relay_for)
            rename_in(client, from, to);
    }
    for (auto& l : s.links) {
        rename_in(l.a, from, to);
        rename_in(l.b, from, to);
    }
    for (auto& u : s.users)
        rename_in(u.host, from, to);
    for (auto& ua : s.uas) {
        rename_in(ua.host, from, to);
        rename_in(ua.server, from, to);
        rename_in(ua.webmail, from, to);
    }
    for (auto& mx : s.mx)
        rename_in(mx.exchange, from, to);
    rename_in(s.dns_server, from, to);
    for (auto& a : s.actions)
        for (const char* key : {"host", "from", "allow", "deny"})
            if (auto it = a.action.args.find(key); it != a.action.args.end())
                rename_in(it->second, from, to);
    return std::nullopt;
}

std::optional<FieldError> remove_host(Scenario& s, const RemoveHost& e) {
    const std::string name = clean(e.name);
    if (!s.host(name))
        return problem("host", name, "name", "no host is named '" + name + "'");
    for (const auto& h : s.hosts)
        if (has_role(h, "gateway") && equals_ci(h.uucp_host, name) && !equals_ci(h.name, name))
            return problem("host", name, "name",
                           h.name + " forwards to it (its UUCP site): remove the gateway first");
    // Removing a gateway removes its site too, as adding one added it.
    std::set<std::string> gone = {name};
    if (const HostSpec* h = s.host(name); h && has_role(*h, "gateway"))
        gone.insert(h->uucp_host);
    const auto is_gone = [&](const std::string& host) {
        return gone.count(to_lower_ascii(host)) > 0;
    };
    std::set<std::string> gone_users;
    for (const auto& u : s.users)
        if (is_gone(u.host))
            gone_users.insert(u.address);
    std::erase_if(s.hosts, [&](const HostSpec& h) { return is_gone(h.name); });
    std::erase_if(s.links, [&](const LinkSpecData& l) { return is_gone(l.a) || is_gone(l.b); });
    std::erase_if(s.users, [&](const UserSpec& u) { return gone_users.count(u.address) > 0; });
    std::erase_if(s.messages, [&](const MessageSpec& m) { return gone_users.count(m.user) > 0; });
    std::erase_if(s.uas, [&](const UaSpec& ua) {
        return is_gone(ua.host) || gone_users.count(ua.address) > 0;
    });
    for (auto& ua : s.uas) {
        if (is_gone(ua.server))
            ua.server.clear();
        if (is_gone(ua.webmail))
            ua.webmail.clear();
    }
    std::erase_if(s.mx, [&](const MxSpec& mx) { return is_gone(mx.exchange); });
    for (auto& h : s.hosts) {
        std::erase_if(h.relay_for, is_gone);
        if (is_gone(h.smarthost))
            h.smarthost.clear();
    }
    if (is_gone(s.dns_server))
        s.dns_server.clear();
    return std::nullopt;
}

LinkSpecData* find_link(Scenario& s, std::string_view a, std::string_view b) {
    for (auto& l : s.links)
        if ((equals_ci(l.a, a) && equals_ci(l.b, b)) || (equals_ci(l.a, b) && equals_ci(l.b, a)))
            return &l;
    return nullptr;
}

std::optional<FieldError> need_host(const Scenario& s, std::string_view name,
                                    std::string_view field = "name") {
    if (s.host(name))
        return std::nullopt;
    return problem("host", std::string(name), std::string(field),
                   "no host is named '" + std::string(name) + "'");
}

std::optional<FieldError> need_mta(Scenario& s, std::string_view name, HostSpec*& out) {
    out = find_host(s, name);
    if (!out)
        return problem("host", std::string(name), "name",
                       "no host is named '" + std::string(name) + "'");
    if (!has_role(*out, "mta"))
        return problem("host", out->name, "roles", out->name + " is not a mail server (MTA)");
    return std::nullopt;
}

std::optional<FieldError> set_gateway(Scenario& s, const SetGateway& e) {
    HostSpec* h = find_host(s, e.host);
    if (!h)
        return need_host(s, e.host);
    if (!has_role(*h, "gateway"))
        return problem("host", h->name, "roles", h->name + " is not a gateway");
    if (e.uucp_interval <= 0)
        return problem("host", h->name, "uucp_interval", "the line is dialled every so often (5m)");
    const std::string domain = clean(e.uucp_domain), site = clean(e.uucp_host);
    // The site holds the domain's mailboxes: it follows the gateway's domain, and a user of
    // the old domain there keeps living on the site.
    if (HostSpec* old_site = find_host(s, h->uucp_host); old_site && equals_ci(site, h->uucp_host))
        for (auto& d : old_site->domains)
            if (equals_ci(d, h->uucp_domain))
                d = domain;
    h->uucp_domain = domain;
    h->uucp_host = site; // the check names a missing site
    h->uucp_interval = e.uucp_interval;
    return std::nullopt;
}

bool is_override_of(const TimedAction& a, std::string_view host) {
    return a.at == 0 && a.action.verb == "force" && equals_ci(a.action.get_or("host", ""), host);
}

std::optional<FieldError> set_reply_overrides(Scenario& s, const SetReplyOverrides& e) {
    HostSpec* h = nullptr;
    if (auto bad = need_mta(s, clean(e.host), h))
        return bad;
    std::vector<TimedAction> overrides;
    for (const auto& o : e.overrides) {
        const std::string at = to_upper_ascii(trim_ascii(o.at));
        if (at.empty() || at.find_first_of(" \t=\"") != std::string::npos)
            return problem("host", h->name, "force",
                           "say where: CONNECT, a command (MAIL, RCPT, DATA) or DATA_END");
        if (o.code < 200 || o.code > 599)
            return problem("host", h->name, "force", "a reply code is from 200 to 599");
        if (o.count && *o.count < 1)
            return problem("host", h->name, "force", "count is how many times: 1 or more");
        overrides.push_back(TimedAction{0, to_action(ForceReply{h->name, at, o.code, o.count}), 0});
    }
    // In the place of the old ones, so the file keeps its order.
    auto first = std::find_if(s.actions.begin(), s.actions.end(),
                              [&](const TimedAction& a) { return is_override_of(a, h->name); });
    const auto at = first - s.actions.begin();
    std::erase_if(s.actions, [&](const TimedAction& a) { return is_override_of(a, h->name); });
    s.actions.insert(s.actions.begin() + std::min<std::ptrdiff_t>(at, s.actions.size()),
                     overrides.begin(), overrides.end());
    return std::nullopt;
}

std::optional<FieldError> change(Scenario& s, const WorldEdit& edit) {
    return std::visit(
        Overloaded{
            [&](const AddHost& e) { return add_host(s, e); },
            [&](const MoveHost& e) -> std::optional<FieldError> {
                HostSpec* h = find_host(s, e.name);
                if (!h)
                    return need_host(s, e.name);
                h->x = std::clamp(e.x, 0.0, 1.0);
                h->y = std::clamp(e.y, 0.0, 1.0);
                return std::nullopt;
            },
            [&](const RenameHost& e) { return rename_host(s, e); },
            [&](const RemoveHost& e) { return remove_host(s, e); },
            [&](const SetHostIp& e) -> std::optional<FieldError> {
                HostSpec* h = find_host(s, e.name);
                if (!h)
                    return need_host(s, e.name);
                auto ip = net::parse_ipv4(trim_ascii(e.ip));
                if (!ip)
                    return problem("host", h->name, "ip",
                                   "'" + e.ip + "' is not an IPv4 address (10.0.1.25)");
                h->ip = *ip;
                return std::nullopt;
            },
            [&](const Connect& e) -> std::optional<FieldError> {
                LinkSpecData l;
                l.a = clean(e.a);
                l.b = clean(e.b);
                l.latency = e.latency;
                l.loss = e.loss;
                l.bandwidth_bps = s.default_bandwidth;
                s.links.push_back(std::move(l)); // the check names a missing end
                return std::nullopt;
            },
            [&](const Disconnect& e) -> std::optional<FieldError> {
                LinkSpecData* l = find_link(s, e.a, e.b);
                if (!l)
                    return problem("link", e.a + "-" + e.b, "b",
                                   e.a + " and " + e.b + " are not linked");
                s.links.erase(s.links.begin() + (l - s.links.data()));
                return std::nullopt;
            },
            [&](const SetLinkQuality& e) -> std::optional<FieldError> {
                LinkSpecData* l = find_link(s, e.a, e.b);
                if (!l)
                    return problem("link", e.a + "-" + e.b, "b",
                                   e.a + " and " + e.b + " are not linked");
                l->latency = e.latency;
                l->loss = e.loss;
                if (e.bandwidth_bps) {
                    if (!(*e.bandwidth_bps > 0))
                        return problem("link", l->a + "-" + l->b, "bandwidth",
                                       "the bandwidth must be positive (10Mbit, 56kbit)");
                    l->bandwidth_bps = *e.bandwidth_bps;
                }
                return std::nullopt;
            },
            [&](const SetDomains& e) -> std::optional<FieldError> {
                HostSpec* h = find_host(s, e.host);
                if (!h)
                    return need_host(s, e.host);
                h->domains.clear();
                for (const auto& d : e.domains)
                    if (!clean(d).empty())
                        h->domains.push_back(clean(d));
                return std::nullopt;
            },
            [&](const AddUser& e) -> std::optional<FieldError> {
                UserSpec u;
                u.address = clean(e.address);
                if (!is_mail_address(u.address))
                    return problem("user", u.address, "address",
                                   "'" + e.address + "' is not a mail address (bob@hamburger.edu)");
                if (s.user(u.address))
                    return problem("user", u.address, "address",
                                   "two users have the address " + u.address);
                u.login = u.address.substr(0, u.address.find('@'));
                u.name = e.name;
                u.password = e.password.empty() ? "secret" : e.password;
                u.host = e.host.empty() ? default_mail_host(s, u.address) : clean(e.host);
                s.users.push_back(std::move(u));
                return std::nullopt;
            },
            [&](const RemoveUser& e) -> std::optional<FieldError> {
                const std::string address = clean(e.address);
                if (!s.user(address))
                    return problem("user", address, "address",
                                   "no user has the address " + address);
                std::erase_if(s.users, [&](const UserSpec& u) { return u.address == address; });
                std::erase_if(s.uas, [&](const UaSpec& ua) { return ua.address == address; });
                std::erase_if(s.messages, [&](const MessageSpec& m) { return m.user == address; });
                return std::nullopt;
            },
            [&](const SetUserAgent& e) -> std::optional<FieldError> {
                UaSpec ua;
                ua.address = clean(e.address);
                ua.host = clean(e.host);
                ua.server = clean(e.server);
                ua.submit = e.submit;
                if (e.port < 1 || e.port > 65535)
                    return problem("ua", ua.address, "port", "a port is from 1 to 65535");
                ua.submit_port = static_cast<std::uint16_t>(e.port);
                if (!is_mail_address(ua.address))
                    return problem("ua", ua.address, "address",
                                   "'" + e.address + "' is not a mail address");
                auto existing = std::find_if(s.uas.begin(), s.uas.end(), [&](const UaSpec& x) {
                    return x.address == ua.address;
                });
                if (e.webmail)
                    ua.webmail = clean(*e.webmail);
                if (existing != s.uas.end()) {
                    if (!e.webmail)
                        ua.webmail = existing->webmail;
                    *existing = std::move(ua);
                } else {
                    s.uas.push_back(std::move(ua));
                }
                return std::nullopt;
            },
            [&](const RemoveUserAgent& e) -> std::optional<FieldError> {
                const std::string address = clean(e.address);
                const auto before = s.uas.size();
                std::erase_if(s.uas, [&](const UaSpec& ua) { return ua.address == address; });
                if (s.uas.size() == before)
                    return problem("ua", address, "address", address + " has no user agent");
                return std::nullopt;
            },
            [&](const SetAliasMembers& e) -> std::optional<FieldError> {
                const std::string address = clean(e.address);
                auto existing =
                    std::find_if(s.aliases.begin(), s.aliases.end(),
                                 [&](const AliasSpec& a) { return a.address == address; });
                if (e.members.empty()) {
                    if (existing == s.aliases.end())
                        return problem("alias", address, "address", "there is no alias " + address);
                    s.aliases.erase(existing);
                    return std::nullopt;
                }
                std::vector<std::string> members;
                for (const auto& m : e.members)
                    if (!clean(m).empty() &&
                        std::find(members.begin(), members.end(), clean(m)) == members.end())
                        members.push_back(clean(m));
                if (existing != s.aliases.end())
                    existing->members = std::move(members);
                else
                    s.aliases.push_back(AliasSpec{address, std::move(members), 0});
                return std::nullopt;
            },
            [&](const SetRelayPolicy& e) -> std::optional<FieldError> {
                HostSpec* h = nullptr;
                if (auto bad = need_mta(s, clean(e.host), h))
                    return bad;
                h->open_relay = e.open;
                h->relay_for.clear();
                for (const auto& c : e.relay_for)
                    if (!clean(c).empty())
                        h->relay_for.push_back(clean(c));
                return std::nullopt;
            },
            [&](const SetQueue& e) -> std::optional<FieldError> {
                HostSpec* h = nullptr;
                if (auto bad = need_mta(s, clean(e.host), h))
                    return bad;
                h->queue_interval = e.interval;
                h->retry = e.retry;
                h->give_up = e.give_up;
                if (e.give_up <= 0)
                    return problem("host", h->name, "give_up", "the give-up time must be positive");
                return std::nullopt;
            },
            [&](const SetMx& e) -> std::optional<FieldError> {
                const std::string domain = clean(e.domain);
                std::erase_if(s.mx, [&](const MxSpec& mx) { return mx.domain == domain; });
                for (auto mx : e.records) {
                    mx.domain = domain;
                    mx.exchange = clean(mx.exchange);
                    s.mx.push_back(std::move(mx));
                }
                return std::nullopt;
            },
            [&](const SetDnsServer& e) -> std::optional<FieldError> {
                s.dns_server = clean(e.host);
                return std::nullopt;
            },
            [&](const SetGateway& e) { return set_gateway(s, e); },
            [&](const SetMtaOptions& e) -> std::optional<FieldError> {
                HostSpec* h = nullptr;
                if (auto bad = need_mta(s, clean(e.host), h))
                    return bad;
                if (e.max_received < 1)
                    return problem("host", h->name, "max_received",
                                   "the hop limit is at least 1 Received field");
                if (e.delay_warning < 0)
                    return problem("host", h->name, "delay_warning",
                                   "the delay warning cannot be negative (0 = none)");
                h->smarthost = clean(e.smarthost); // the check names a missing host
                h->max_received = e.max_received;
                h->delay_warning = e.delay_warning;
                h->vrfy = e.vrfy;
                h->expn = e.expn;
                return std::nullopt;
            },
            [&](const SetUserDetails& e) -> std::optional<FieldError> {
                const std::string address = clean(e.address);
                for (auto& u : s.users)
                    if (u.address == address) {
                        if (e.password.empty())
                            return problem("user", address, "password",
                                           "a user needs a password (POP3 and IMAP ask for it)");
                        u.name = e.name;
                        u.password = e.password;
                        return std::nullopt;
                    }
                return problem("user", address, "address", "no user has the address " + address);
            },
            [&](const SetReplyOverrides& e) { return set_reply_overrides(s, e); },
            [&](const SetAddressRecords& e) -> std::optional<FieldError> {
                const std::string name = clean(e.name);
                if (!is_host_name(name))
                    return problem("a", name, "name", "'" + e.name + "' is not a host name");
                std::erase_if(s.a_records, [&](const ARecordSpec& a) { return a.name == name; });
                for (std::uint32_t ip : e.addresses)
                    s.a_records.push_back(ARecordSpec{name, ip});
                return std::nullopt;
            },
            [&](const SetWorldOptions& e) -> std::optional<FieldError> {
                s.title_en = trim_ascii(e.title_en);
                s.title_ko = trim_ascii(e.title_ko);
                s.default_mx = e.default_mx;
                return std::nullopt;
            },
        },
        edit);
}

} // namespace

const char* host_kind_id(HostKind kind) {
    return names_of(kind).id;
}

HostKind host_kind_of(const HostSpec& h) {
    if (has_role(h, "gateway"))
        return HostKind::Gateway;
    if (has_role(h, "mta"))
        return h.domains.empty() ? HostKind::Relay : HostKind::Mta;
    if (has_role(h, "webmail"))
        return HostKind::Webmail;
    if (has_role(h, "dns"))
        return HostKind::Dns;
    if (has_role(h, "browser"))
        return HostKind::Browser;
    return HostKind::Client;
}

std::vector<ReplyOverride> reply_overrides(const Scenario& s, std::string_view host) {
    std::vector<ReplyOverride> out;
    for (const auto& a : s.actions) {
        if (!is_override_of(a, host))
            continue;
        ReplyOverride o;
        o.at = a.action.get_or("at", "");
        o.code = std::atoi(a.action.get_or("code", "0").c_str());
        if (const std::string* count = a.action.get("count"))
            o.count = std::atoi(count->c_str());
        out.push_back(std::move(o));
    }
    return out;
}

EditResult apply_edit(Scenario& scenario, const WorldEdit& edit) {
    // A move changes only where the topology draws a host (clamped to the canvas), and it
    // either fails before changing anything or sets x and y: no copy, nothing to check. A drag
    // applies one per frame.
    if (std::holds_alternative<MoveHost>(edit))
        return change(scenario, edit);
    Scenario changed = scenario;
    if (auto bad = change(changed, edit))
        return bad;
    if (auto bad = check_scenario(changed))
        return bad;
    scenario = std::move(changed);
    return std::nullopt;
}

Scenario empty_scenario() {
    Scenario s;
    s.name = "new-world";
    s.title_en = "A new world";
    s.title_ko = "새 시뮬레이션";
    return s;
}

void WorldEditor::reset(Scenario scenario) {
    m_scenario = std::move(scenario);
    m_undo.clear();
    m_redo.clear();
    m_dirty = false;
}

EditResult WorldEditor::apply(const WorldEdit& edit) {
    const auto* move = std::get_if<MoveHost>(&edit);
    // The frames of one drag are one step: only its first move keeps the design before it.
    const bool continues_drag = move && !m_undo.empty() && !m_undo.back().moved.empty() &&
                                m_undo.back().moved == move->name;
    std::optional<Scenario> before;
    if (!continues_drag)
        before = m_scenario;
    if (auto bad = apply_edit(m_scenario, edit))
        return bad;
    if (before) {
        m_undo.push_back(Step{std::move(*before), move ? move->name : std::string()});
        if (m_undo.size() > kMaxHistory)
            m_undo.erase(m_undo.begin());
    }
    m_redo.clear();
    m_dirty = true;
    return std::nullopt;
}

bool WorldEditor::undo() {
    if (m_undo.empty())
        return false;
    m_redo.push_back(std::move(m_scenario));
    m_scenario = std::move(m_undo.back().before);
    m_undo.pop_back();
    m_dirty = true;
    return true;
}

bool WorldEditor::redo() {
    if (m_redo.empty())
        return false;
    m_undo.push_back(Step{std::move(m_scenario), {}});
    m_scenario = std::move(m_redo.back());
    m_redo.pop_back();
    m_dirty = true;
    return true;
}

} // namespace mailsim::world
