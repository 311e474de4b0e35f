#include "world_edit_live.h"

#include "sim/net/dns.h"
#include "sim/net/network.h"

#include <algorithm>
#include <map>
#include <set>

namespace mailsim::world {
namespace {

using MxSet = std::vector<net::MxRecord>;

// The MX records a world made from `s` starts with, by domain (World::build and
// build_agents): the file's, then MX 10 for a served domain without any, then each gateway's.
std::map<std::string, MxSet> effective_mx(const Scenario& s) {
    std::map<std::string, MxSet> out;
    for (const auto& mx : s.mx)
        out[mx.domain].push_back(net::MxRecord{mx.preference, mx.exchange});
    if (s.default_mx) {
        std::set<std::string> explicit_domains;
        for (const auto& [domain, records] : out)
            explicit_domains.insert(domain);
        for (const auto& h : s.hosts)
            for (const auto& d : h.domains)
                if (!out.count(d) && (has_role(h, "mta") || has_role(h, "gateway")))
                    out[d].push_back(net::MxRecord{10, h.name});
        for (const auto& h : s.hosts)
            if (has_role(h, "gateway"))
                out[h.uucp_domain].push_back(net::MxRecord{10, h.name});
    }
    for (auto& [domain, records] : out)
        std::stable_sort(records.begin(), records.end(),
                         [](const auto& x, const auto& y) { return x.preference < y.preference; });
    return out;
}

std::map<std::string, std::vector<std::uint32_t>> effective_a(const Scenario& s) {
    std::map<std::string, std::vector<std::uint32_t>> out;
    for (const auto& a : s.a_records)
        out[a.name].push_back(a.ip);
    return out;
}

bool same_mx(const MxSet& x, const MxSet& y) {
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), [](auto& a, auto& b) {
               return a.preference == b.preference && a.exchange == b.exchange;
           });
}

// `after` with what the live actions can change put back as `before` has it, and where
// hosts are drawn: equal to `before` exactly when nothing structural changed.
Scenario structure_of(Scenario s, const Scenario& like) {
    s.aliases = like.aliases;
    s.mx = like.mx;
    s.a_records = like.a_records;
    s.default_mx = like.default_mx; // only which MX records there are: dns actions
    s.file = like.file;
    // The titles name the world; nothing in it runs differently.
    s.title_en = like.title_en;
    s.title_ko = like.title_ko;
    for (auto& h : s.hosts) {
        if (const HostSpec* other = like.host(h.name)) {
            h.open_relay = other->open_relay;
            h.relay_for = other->relay_for;
            // A gateway's route (and so its site's domain) is a `gateway` action.
            if (has_role(h, "gateway") && has_role(*other, "gateway")) {
                h.uucp_domain = other->uucp_domain;
                h.uucp_host = other->uucp_host;
            }
            if (has_role(h, "uucp") && has_role(*other, "uucp"))
                h.domains = other->domains;
            h.x = other->x;
            h.y = other->y;
            h.line = other->line;
        }
    }
    return s;
}

Scenario with_lines_of(Scenario s, const Scenario& like) {
    // Source lines say nothing about the world: compare without them.
    for (std::size_t i = 0; i < s.users.size() && i < like.users.size(); ++i)
        s.users[i].line = like.users[i].line;
    for (std::size_t i = 0; i < s.links.size() && i < like.links.size(); ++i)
        s.links[i].line = like.links[i].line;
    for (std::size_t i = 0; i < s.uas.size() && i < like.uas.size(); ++i)
        s.uas[i].line = like.uas[i].line;
    for (std::size_t i = 0; i < s.messages.size() && i < like.messages.size(); ++i)
        s.messages[i].line = like.messages[i].line;
    for (std::size_t i = 0; i < s.actions.size() && i < like.actions.size(); ++i)
        s.actions[i].line = like.actions[i].line;
    return s;
}

void alias_actions(const Scenario& before, const Scenario& after, std::vector<Action>& out) {
    for (const auto& old : before.aliases) {
        const bool kept = std::any_of(after.aliases.begin(), after.aliases.end(),
                                      [&](const AliasSpec& a) { return a.address == old.address; });
        if (!kept)
            out.push_back(to_action(RemoveAlias{old.address}));
    }
    for (const auto& now : after.aliases) {
        auto old = std::find_if(before.aliases.begin(), before.aliases.end(),
                                [&](const AliasSpec& a) { return a.address == now.address; });
        if (old == before.aliases.end() || old->members != now.members)
            out.push_back(to_action(SetAlias{now.address, now.members}));
    }
}

void relay_actions(const Scenario& before, const Scenario& after, std::vector<Action>& out) {
    for (const auto& now : after.hosts) {
        const HostSpec* old = before.host(now.name);
        if (!old || (old->open_relay == now.open_relay && old->relay_for == now.relay_for))
            continue;
        for (const auto& client : old->relay_for)
            if (std::find(now.relay_for.begin(), now.relay_for.end(), client) ==
                now.relay_for.end())
                out.push_back(to_action(SetRelay{now.name, RelayChange::Deny, client}));
        for (const auto& client : now.relay_for)
            if (std::find(old->relay_for.begin(), old->relay_for.end(), client) ==
                old->relay_for.end())
                out.push_back(to_action(SetRelay{now.name, RelayChange::Allow, client}));
        if (old->open_relay != now.open_relay)
            out.push_back(to_action(
                SetRelay{now.name, now.open_relay ? RelayChange::Open : RelayChange::Closed, {}}));
    }
}

void gateway_actions(const Scenario& before, const Scenario& after, std::vector<Action>& out) {
    for (const auto& now : after.hosts) {
        const HostSpec* old = before.host(now.name);
        if (!old || !has_role(now, "gateway") ||
            (old->uucp_domain == now.uucp_domain && old->uucp_host == now.uucp_host))
            continue;
        Action a;
        a.verb = "gateway";
        a.args["host"] = now.name;
        a.args["domain"] = now.uucp_domain;
        a.args["site"] = now.uucp_host;
        out.push_back(std::move(a));
    }
}

void dns_actions(const Scenario& before, const Scenario& after, std::vector<Action>& out) {
    const auto mx_before = effective_mx(before), mx_after = effective_mx(after);
    std::set<std::string> domains;
    for (const auto& [domain, records] : mx_before)
        domains.insert(domain);
    for (const auto& [domain, records] : mx_after)
        domains.insert(domain);
    for (const auto& domain : domains) {
        const auto b = mx_before.find(domain), a = mx_after.find(domain);
        const MxSet none;
        const MxSet& old_set = b == mx_before.end() ? none : b->second;
        const MxSet& new_set = a == mx_after.end() ? none : a->second;
        if (!same_mx(old_set, new_set))
            out.push_back(to_action(SetMxRecords{domain, net::format_mx_list(new_set)}));
    }
    const auto a_before = effective_a(before), a_after = effective_a(after);
    std::set<std::string> names;
    for (const auto& [name, ips] : a_before)
        names.insert(name);
    for (const auto& [name, ips] : a_after)
        names.insert(name);
    for (const auto& name : names) {
        const auto b = a_before.find(name), a = a_after.find(name);
        const std::vector<std::uint32_t> none;
        const auto& old_ips = b == a_before.end() ? none : b->second;
        auto new_ips = a == a_after.end() ? none : a->second;
        if (old_ips == new_ips)
            continue;
        // A host's own address stays in its name's set (the world made it from the host).
        if (const HostSpec* h = after.host(name); h && h->ip != 0)
            new_ips.insert(new_ips.begin(), h->ip);
        out.push_back(to_action(SetARecords{name, net::format_address_list(new_ips)}));
    }
}

} // namespace

std::optional<std::vector<Action>> live_actions(const Scenario& before, const Scenario& after) {
    if (!(with_lines_of(structure_of(after, before), before) == before))
        return std::nullopt;
    std::vector<Action> out;
    alias_actions(before, after, out);
    relay_actions(before, after, out);
    gateway_actions(before, after, out);
    dns_actions(before, after, out);
    return out;
}

} // namespace mailsim::world
