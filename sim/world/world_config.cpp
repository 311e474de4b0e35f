// World::act for the configuration a teacher changes while the world runs: the alias table
// (`alias`), an MTA's relay policy (`relay`), the DNS records (`dns`) and a gateway's route
// (`gateway`). Each change is one
// `config` event carrying the whole new value, so the UI's view at any trace position knows the
// table in force there.
#include "world.h"

#include "sim/agents/gateway.h"
#include "sim/agents/message_util.h"
#include "sim/agents/mta.h"
#include "sim/net/dns.h"
#include "sim/trace/event_kinds.h"

#include <algorithm>

namespace mailsim::world {
namespace {

constexpr std::size_t kMaxAliasMembers = 100;

Error bad(const Action& a, std::string message) {
    return make_error(a.verb + ": " + std::move(message));
}

bool looks_like_address(std::string_view address) {
    const auto at = address.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
           address.find('@', at + 1) == std::string_view::npos &&
           address.find_first_of(" \t<>,\"") == std::string_view::npos;
}

} // namespace

Status World::act_alias(const Action& a) {
    const std::string address = to_lower_ascii(a.get_or("address", ""));
    if (!looks_like_address(address))
        return bad(a, "address= must be a full address such as staff@hamburger.edu");
    const std::string domain = agents::domain_of(address);
    const HostSpec* server = nullptr;
    for (const auto& host : m_scenario.hosts)
        for (const auto& served : host.domains)
            if (equals_ci(served, domain) && mta(host.name))
                server = &host;
    if (!server)
        return bad(a, "no mail server of this world delivers for '" + domain + "'");
    if (user(address))
        return bad(a, address + " is a user's mailbox, not an alias");

    auto existing = std::find_if(m_aliases.begin(), m_aliases.end(),
                                 [&](const AliasSpec& alias) { return alias.address == address; });
    std::vector<std::string> members;
    if (a.has_flag("remove")) {
        if (existing == m_aliases.end())
            return bad(a, "there is no alias " + address);
        m_aliases.erase(existing);
    } else {
        const std::string* list = a.get("members");
        if (!list)
            return bad(a, "say members=\"a@x, b@y\" or remove");
        for (auto& member : split_list(*list)) {
            member = to_lower_ascii(member);
            if (!looks_like_address(member))
                return bad(a, "member '" + member + "' is not a full address");
            if (std::find(members.begin(), members.end(), member) == members.end())
                members.push_back(std::move(member));
        }
        if (members.empty())
            return bad(a, "an alias needs at least one member (or say remove)");
        if (members.size() > kMaxAliasMembers)
            return bad(a, "at most " + std::to_string(kMaxAliasMembers) + " members");
        // A loop (staff -> team -> staff) is allowed here on purpose: delivery detects it and
        // bounces, which is what a lesson on alias loops wants to show.
        if (existing != m_aliases.end())
            existing->members = members;
        else
            m_aliases.push_back(AliasSpec{address, members, 0});
    }
    record(trace::config(
        {.host = server->name, .what = "ALIAS", .name = address, .value = join_list(members)}));
    return Ok{};
}

Status World::act_relay(const Action& a) {
    const std::string host = to_lower_ascii(a.get_or("host", ""));
    agents::Mta* server = mta(host);
    if (!server)
        return bad(a, "no MTA on host '" + host + "'");
    const bool open = a.has_flag("open");
    const bool closed = a.has_flag("closed");
    const std::string* allow = a.get("allow");
    const std::string* deny = a.get("deny");
    if (open && closed)
        return bad(a, "say open or closed, not both");
    if (!open && !closed && !allow && !deny)
        return bad(a, "say open, closed, allow=CLIENT or deny=CLIENT");

    std::vector<std::string> relay_for = server->spec().relay_for;
    if (allow) {
        const std::string client = to_lower_ascii(*allow);
        if (!m_network->find_host(client))
            return bad(a, "unknown client host '" + client + "'");
        if (std::find(relay_for.begin(), relay_for.end(), client) == relay_for.end())
            relay_for.push_back(client);
    }
    if (deny) {
        const std::string client = to_lower_ascii(*deny);
        auto it = std::find(relay_for.begin(), relay_for.end(), client);
        if (it == relay_for.end())
            return bad(a, host + " does not relay for '" + client + "'");
        relay_for.erase(it);
    }
    const bool open_relay = open || (!closed && server->spec().open_relay);
    server->set_relay_policy(open_relay, relay_for);

    record(trace::config({.host = server->host_name(),
                          .what = "RELAY",
                          .state = open_relay ? "open" : "closed",
                          .value = join_list(relay_for)}));
    return Ok{};
}

// `gateway host=gw.x domain=lab.x site=lab`: the domain a gateway takes mail for and the UUCP
// site it rewrites recipients to (carol@lab.x -> lab!carol), from the next message on.
Status World::act_gateway(const Action& a) {
    const std::string host = to_lower_ascii(a.get_or("host", ""));
    agents::Mta* server = mta(host);
    agents::Gateway* gateway = server ? server->gateway() : nullptr;
    if (!gateway)
        return bad(a, "no gateway on host '" + host + "'");
    const std::string domain = to_lower_ascii(a.get_or("domain", gateway->uucp_domain()));
    const std::string site = to_lower_ascii(a.get_or("site", gateway->uucp_host()));
    if (domain.empty() || domain.find_first_of(" \t@,") != std::string::npos)
        return bad(a, "domain= must be a domain name such as lab.hamburger.edu");
    const bool is_site =
        std::any_of(m_scenario.hosts.begin(), m_scenario.hosts.end(),
                    [&](const HostSpec& h) { return h.name == site && has_role(h, "uucp"); });
    const bool linked =
        std::any_of(m_scenario.links.begin(), m_scenario.links.end(), [&](const LinkSpecData& l) {
            return (l.a == host && l.b == site) || (l.b == host && l.a == site);
        });
    if (!is_site || !linked)
        return bad(a, "site= must be a UUCP site linked to " + host);
    gateway->set_route(domain, site, m_scenario.links);
    record(trace::config({.host = host,
                          .what = "GATEWAY",
                          .name = domain,
                          .value = domain + " -> " + site + "!user"}));
    return Ok{};
}

// `dns domain=D mx="10 a, 20 b"` / `mx=none`, `dns name=N a="10.0.2.25"` / `a=none`: the
// whole record set of one name, used by the resolver from the next lookup on (mail already
// routed keeps its route, as with a real resolver's answer in hand).
Status World::act_dns(const Action& a) {
    const std::string* mx = a.get("mx");
    const std::string* addresses = a.get("a");
    if ((mx != nullptr) == (addresses != nullptr))
        return bad(a, "say domain=D mx=\"10 host, ...\" or name=N a=\"IP, ...\" (none clears)");
    trace::ConfigFields change{.host = "dns"};
    if (mx) {
        const std::string domain = to_lower_ascii(a.get_or("domain", ""));
        if (domain.empty() || domain.find_first_of(" \t@,") != std::string::npos)
            return bad(a, "domain= must be a domain name such as hamburger.edu");
        auto records = net::parse_mx_list(*mx);
        if (!records)
            return bad(a, records.error().message);
        for (const auto& r : *records)
            if (!m_network->find_host(r.exchange) && m_dns->lookup_a(r.exchange).addresses.empty())
                return bad(a, "MX " + std::to_string(r.preference) + " " + r.exchange +
                                  " names no host of this world");
        std::stable_sort(records->begin(), records->end(),
                         [](const auto& x, const auto& y) { return x.preference < y.preference; });
        m_dns->set_mx(domain, *records);
        change.what = "MX";
        change.name = domain;
        change.value = net::format_mx_list(*records);
    } else {
        const std::string name = to_lower_ascii(a.get_or("name", ""));
        if (name.empty() || name.find_first_of(" \t@,") != std::string::npos)
            return bad(a, "name= must be a host name such as mail.hamburger.edu");
        auto list = net::parse_address_list(*addresses);
        if (!list)
            return bad(a, list.error().message);
        m_dns->set_a(name, *list);
        change.what = "A";
        change.name = name;
        change.value = net::format_address_list(*list);
    }
    record(trace::config(std::move(change)));
    return Ok{};
}

} // namespace mailsim::world
