#include "dns.h"

#include "sim/trace/event_kinds.h"

#include <algorithm>

namespace mailsim::net {

using trace::EventKind;

std::string_view to_string(DnsStatus status) {
    switch (status) {
    case DnsStatus::Ok:
        return "NOERROR";
    case DnsStatus::NxDomain:
        return "NXDOMAIN";
    case DnsStatus::NoData:
        return "NODATA";
    case DnsStatus::ServFail:
        return "SERVFAIL";
    case DnsStatus::Timeout:
        return "TIMEOUT";
    }
    return "?";
}

Result<std::vector<MxRecord>> parse_mx_list(std::string_view text) {
    std::vector<MxRecord> records;
    if (trim_ascii(text) == "none")
        return records;
    for (const auto& item : split_list(text)) {
        const auto space = item.find(' ');
        const std::string_view preference = space == std::string::npos
                                                ? std::string_view{}
                                                : std::string_view(item).substr(0, space);
        const std::string_view exchange =
            space == std::string::npos ? std::string_view{}
                                       : trim_ascii(std::string_view(item).substr(space + 1));
        int value = 0;
        const bool number = !preference.empty() && preference.size() <= 5 &&
                            std::all_of(preference.begin(), preference.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
        if (number)
            for (char c : preference)
                value = value * 10 + (c - '0');
        if (!number || value > 65535 || exchange.empty() ||
            exchange.find_first_of(" \t") != std::string_view::npos)
            return make_error("'" + item +
                              "' is not an MX record: write a preference (0-65535) and a host, "
                              "as in \"10 mail.hamburger.edu\"");
        records.push_back(MxRecord{value, to_lower_ascii(exchange)});
    }
    return records;
}

std::string format_mx_list(const std::vector<MxRecord>& records) {
    std::vector<std::string> items;
    for (const auto& r : records)
        items.push_back(std::to_string(r.preference) + " " + r.exchange);
    return join_list(items);
}

Result<std::vector<std::uint32_t>> parse_address_list(std::string_view text) {
    std::vector<std::uint32_t> addresses;
    if (trim_ascii(text) == "none")
        return addresses;
    for (const auto& item : split_list(text)) {
        auto ip = parse_ipv4(item);
        if (!ip)
            return make_error("'" + item + "' is not an IPv4 address such as 10.0.2.25");
        addresses.push_back(*ip);
    }
    return addresses;
}

std::string format_address_list(const std::vector<std::uint32_t>& addresses) {
    std::vector<std::string> items;
    for (auto ip : addresses)
        items.push_back(format_ipv4(ip));
    return join_list(items);
}

Dns::Dns(Network& network, std::uint64_t seed)
    : m_network(network), m_rng(stream_for(seed, "dns equal-preference order")) {}

void Dns::add_a(std::string name, std::uint32_t address) {
    m_a[to_lower_ascii(name)].push_back(address);
}

void Dns::add_mx(std::string domain, int preference, std::string exchange) {
    m_mx[to_lower_ascii(domain)].push_back(MxRecord{preference, to_lower_ascii(exchange)});
}

void Dns::set_mx(const std::string& domain, std::vector<MxRecord> records) {
    for (auto& r : records)
        r.exchange = to_lower_ascii(r.exchange);
    if (records.empty())
        m_mx.erase(to_lower_ascii(domain));
    else
        m_mx[to_lower_ascii(domain)] = std::move(records);
}

void Dns::set_a(const std::string& name, std::vector<std::uint32_t> addresses) {
    if (addresses.empty())
        m_a.erase(to_lower_ascii(name));
    else
        m_a[to_lower_ascii(name)] = std::move(addresses);
}

void Dns::set_failure(std::string name, DnsStatus status) {
    if (status == DnsStatus::Ok)
        m_failures.erase(to_lower_ascii(name));
    else
        m_failures[to_lower_ascii(name)] = status;
}

std::optional<DnsStatus> Dns::failure_for(const std::string& name) const {
    auto it = m_failures.find(to_lower_ascii(name));
    if (it == m_failures.end())
        return std::nullopt;
    return it->second;
}

AAnswer Dns::lookup_a(const std::string& name) const {
    if (auto failure = failure_for(name))
        return AAnswer{*failure, {}};
    auto it = m_a.find(to_lower_ascii(name));
    if (it == m_a.end())
        return AAnswer{m_mx.count(to_lower_ascii(name)) ? DnsStatus::NoData : DnsStatus::NxDomain,
                       {}};
    return AAnswer{DnsStatus::Ok, it->second};
}

MailRoute Dns::lookup_mail(const std::string& domain) {
    MailRoute route;
    if (auto failure = failure_for(domain)) {
        route.status = *failure;
        return route;
    }
    const std::string key = to_lower_ascii(domain);
    auto mx = m_mx.find(key);
    if (mx == m_mx.end() || mx->second.empty()) {
        auto a = m_a.find(key);
        if (a == m_a.end()) {
            route.status = DnsStatus::NxDomain;
            return route;
        }
        route.targets.push_back(MailTarget{key, 0, a->second.front(), true});
        return route;
    }
    std::vector<MxRecord> records = mx->second;
    // Sort by preference; records of equal preference are tried in a random order (5.1),
    // drawn from the seed so the run stays reproducible.
    for (std::size_t i = records.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(m_rng.uniform_int(0, static_cast<long>(i) - 1));
        std::swap(records[i - 1], records[j]);
    }
    std::stable_sort(records.begin(), records.end(), [](const MxRecord& a, const MxRecord& b) {
        return a.preference < b.preference;
    });
    for (const auto& record : records) {
        if (record.exchange == "." || record.exchange.empty()) {
            route.status = DnsStatus::NoData; // null MX (RFC 7505): the domain takes no mail
            route.targets.clear();
            return route;
        }
        MailTarget target{record.exchange, record.preference, std::nullopt, false};
        auto a = m_a.find(record.exchange);
        if (a != m_a.end() && !a->second.empty() && !failure_for(record.exchange))
            target.address = a->second.front();
        route.targets.push_back(std::move(target));
    }
    return route;
}

void Dns::ask(HostId asker, std::string question, std::function<void(std::string&)> answer) {
    Simulator& sim = m_network.sim();
    trace::Event query =
        trace::dns_query({.asker = m_network.host(asker).name,
                          .server = m_server ? m_network.host(*m_server).name : "resolver",
                          .question = question});
    query.t = sim.now();
    m_network.trace().add(trace::Event(query));

    SimTime delay = 2 * kMillisecond;
    bool answered = true;
    if (m_server) {
        auto out = m_network.datagram_delay(asker, *m_server, 40 + question.size());
        auto back = out ? m_network.datagram_delay(*m_server, asker, 120) : std::nullopt;
        answered = out && back;
        delay = answered ? *out + *back : 5 * kSecond;
    }
    sim.schedule_in(delay, [this, query, answered, answer = std::move(answer)]() mutable {
        std::string text = answered ? "" : "TIMEOUT";
        if (answered)
            answer(text);
        trace::Event reply = trace::dns_answer(query, text);
        reply.t = m_network.sim().now();
        m_network.trace().add(std::move(reply));
        if (!answered)
            answer(text); // lets the caller report the timeout
    });
}

void Dns::resolve_mail(HostId asker, const std::string& domain,
                       std::function<void(MailRoute)> done) {
    auto result = std::make_shared<MailRoute>();
    ask(asker, "MX " + domain + "?", [this, domain, result, done](std::string& text) {
        if (text == "TIMEOUT") {
            result->status = DnsStatus::Timeout;
            done(*result);
            return;
        }
        *result = lookup_mail(domain);
        // The callback runs after the answer event is recorded.
        m_network.sim().schedule_in(0, [done, result] { done(*result); });
        if (result->status != DnsStatus::Ok) {
            text = std::string(to_string(result->status)) + " " + domain;
            return;
        }
        for (const auto& target : result->targets) {
            if (!text.empty())
                text += ", ";
            text += target.implicit ? "A " : "MX " + std::to_string(target.preference) + " ";
            text += target.host;
            if (target.address)
                text += " (" + format_ipv4(*target.address) + ")";
        }
    });
}

void Dns::resolve_a(HostId asker, const std::string& name, std::function<void(AAnswer)> done) {
    auto result = std::make_shared<AAnswer>();
    ask(asker, "A " + name + "?", [this, name, result, done](std::string& text) {
        if (text == "TIMEOUT") {
            result->status = DnsStatus::Timeout;
            done(*result);
            return;
        }
        *result = lookup_a(name);
        if (result->status != DnsStatus::Ok) {
            text = std::string(to_string(result->status)) + " " + name;
        } else {
            for (auto address : result->addresses)
                text += (text.empty() ? "A " : ", ") + format_ipv4(address);
        }
        m_network.sim().schedule_in(0, [done, result] { done(*result); });
    });
}

} // namespace mailsim::net
