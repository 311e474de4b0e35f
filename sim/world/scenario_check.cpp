#include "scenario_check.h"

#include "sim/core/bytes.h"
#include "sim/net/network.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world.h"

#include <map>
#include <set>

namespace mailsim::world {
namespace {

FieldError at(std::string item, std::string key, std::string field, std::string message) {
    return FieldError{std::move(item), std::move(key), std::move(field), std::move(message)};
}

std::string link_key(const LinkSpecData& l) {
    return l.a + "-" + l.b;
}

std::string domain_part(std::string_view address) {
    const auto sign = address.rfind('@');
    return sign == std::string_view::npos ? std::string()
                                          : to_lower_ascii(address.substr(sign + 1));
}

bool is_mail_server(const HostSpec& h) {
    return has_role(h, "mta") || has_role(h, "uucp") || has_role(h, "gateway");
}

std::optional<FieldError> check_hosts(const Scenario& s) {
    std::set<std::string> names;
    std::map<std::uint32_t, std::string> by_ip;
    for (const auto& h : s.hosts) {
        if (!is_host_name(h.name))
            return at("host", h.name, "name",
                      "'" + h.name + "' is not a host name (letters, digits, '.' and '-')");
        if (!names.insert(to_lower_ascii(h.name)).second)
            return at("host", h.name, "name", "two hosts are named '" + h.name + "'");
        if (h.ip != 0) {
            auto [it, fresh] = by_ip.emplace(h.ip, h.name);
            if (!fresh)
                return at("host", h.name, "ip",
                          net::format_ipv4(h.ip) + " is already the address of " + it->second);
        }
        if (h.roles.empty())
            return at("host", h.name, "roles", "a host needs at least one role");
        if (!h.smarthost.empty() && !s.host(h.smarthost))
            return at("host", h.name, "smarthost", "no host is named '" + h.smarthost + "'");
        for (const auto& client : h.relay_for)
            if (!s.host(client))
                return at("host", h.name, "relay_for", "no host is named '" + client + "'");
        if (has_role(h, "gateway")) {
            if (h.uucp_domain.empty())
                return at("host", h.name, "uucp_domain", "a gateway needs the UUCP site's domain");
            if (!s.host(h.uucp_host))
                return at("host", h.name, "uucp_host", "no host is named '" + h.uucp_host + "'");
        }
        for (const auto& d : h.domains)
            if (!is_host_name(d))
                return at("host", h.name, "domains", "'" + d + "' is not a domain name");
        if (h.retry.empty())
            return at("host", h.name, "retry", "the retry schedule needs at least one wait");
        if (h.queue_interval <= 0)
            return at("host", h.name, "queue_interval", "the queue interval must be positive");
    }
    return std::nullopt;
}

std::optional<FieldError> check_links(const Scenario& s) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& l : s.links) {
        if (!s.host(l.a))
            return at("link", link_key(l), "a", "no host is named '" + l.a + "'");
        if (!s.host(l.b))
            return at("link", link_key(l), "b", "no host is named '" + l.b + "'");
        if (equals_ci(l.a, l.b))
            return at("link", link_key(l), "b", "a link joins two different hosts");
        const auto pair = l.a < l.b ? std::make_pair(l.a, l.b) : std::make_pair(l.b, l.a);
        if (!seen.insert(pair).second)
            return at("link", link_key(l), "b", l.a + " and " + l.b + " are already linked");
        if (l.loss < 0 || l.loss > 0.9)
            return at("link", link_key(l), "loss", "loss is a fraction from 0 to 0.9");
        if (l.latency < 0)
            return at("link", link_key(l), "latency", "latency cannot be negative");
    }
    return std::nullopt;
}

std::optional<FieldError> check_people(const Scenario& s) {
    std::set<std::string> addresses;
    std::map<std::string, std::set<std::string>> logins; // by host
    for (const auto& u : s.users) {
        if (!is_mail_address(u.address))
            return at("user", u.address, "address",
                      "'" + u.address + "' is not a mail address (bob@hamburger.edu)");
        if (!addresses.insert(u.address).second)
            return at("user", u.address, "address", "two users have the address " + u.address);
        const HostSpec* server = s.host(u.host);
        if (!server || !is_mail_server(*server))
            return at("user", u.address, "host",
                      u.host.empty() ? "no mail server serves " + domain_part(u.address)
                                     : "'" + u.host + "' is not a mail server of this world");
        if (!logins[u.host].insert(u.login).second)
            return at("user", u.address, "login",
                      "login '" + u.login + "' is used twice on " + u.host);
    }
    for (const auto& ua : s.uas) {
        if (!s.host(ua.host))
            return at("ua", ua.address, "host", "no host is named '" + ua.host + "'");
        if (!ua.server.empty() && !s.host(ua.server))
            return at("ua", ua.address, "server", "no host is named '" + ua.server + "'");
        if (!ua.webmail.empty() && !s.host(ua.webmail))
            return at("ua", ua.address, "webmail", "no host is named '" + ua.webmail + "'");
        if (ua.server.empty() && !s.user(ua.address))
            return at("ua", ua.address, "server",
                      "give the user agent a mail server (" + ua.address + " has no mailbox here)");
    }
    for (const auto& a : s.aliases) {
        if (!is_mail_address(a.address))
            return at("alias", a.address, "address", "'" + a.address + "' is not a mail address");
        if (s.user(a.address))
            return at("alias", a.address, "address", a.address + " is a user's mailbox");
        if (a.members.empty())
            return at("alias", a.address, "members", "an alias needs at least one member");
        for (const auto& m : a.members)
            if (!is_mail_address(m))
                return at("alias", a.address, "members", "'" + m + "' is not a mail address");
    }
    for (const auto& m : s.messages)
        if (!s.user(m.user))
            return at("message", m.user, "user", "no user has the address " + m.user);
    return std::nullopt;
}

std::optional<FieldError> check_dns(const Scenario& s) {
    std::set<std::string> a_names;
    for (const auto& a : s.a_records) {
        if (!is_host_name(a.name))
            return at("a", a.name, "name", "'" + a.name + "' is not a host name");
        if (a.ip == 0)
            return at("a", a.name, "ip", "an A record needs an address");
        a_names.insert(a.name);
    }
    for (const auto& mx : s.mx) {
        if (!is_host_name(mx.domain))
            return at("mx", mx.domain, "domain", "'" + mx.domain + "' is not a domain name");
        if (!s.host(mx.exchange) && !a_names.count(mx.exchange))
            return at("mx", mx.domain, "host",
                      "MX " + std::to_string(mx.preference) + " " + mx.exchange +
                          " names no host of this world");
        if (mx.preference < 0 || mx.preference > 65535)
            return at("mx", mx.domain, "preference", "a preference is from 0 to 65535");
    }
    if (!s.dns_server.empty() && !s.host(s.dns_server))
        return at("dns", "", "server", "no host is named '" + s.dns_server + "'");
    return std::nullopt;
}

} // namespace

bool is_host_name(std::string_view name) {
    if (name.empty() || name.size() > 253 || name.front() == '.' || name.front() == '-' ||
        name.back() == '.')
        return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-'))
            return false;
    return true;
}

bool is_mail_address(std::string_view address) {
    const auto sign = address.find('@');
    if (sign == std::string_view::npos || sign == 0 || address.find('@', sign + 1) != address.npos)
        return false;
    if (address.find_first_of(" \t<>,\"()[];:\\") != std::string_view::npos)
        return false;
    return is_host_name(address.substr(sign + 1));
}

std::optional<FieldError> check_scenario(const Scenario& s) {
    for (auto check : {check_hosts, check_links, check_people, check_dns})
        if (auto problem = check(s))
            return problem;
    // What the checks above do not know the loader and the world do: the written file must
    // load and build, or the change is refused as a whole.
    auto loaded = parse_scenario(write_scenario(s), "edited.toml");
    if (!loaded.ok())
        return at("world", "", "", loaded.error().message);
    auto built = World::create(*loaded);
    if (!built.ok())
        return at("world", "", "", built.error().message);
    return std::nullopt;
}

} // namespace mailsim::world
