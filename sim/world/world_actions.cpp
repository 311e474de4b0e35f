// World::act: what each action verb does (action.h lists them). Faults live here too.
#include "world.h"

#include "sim/agents/mta.h"
#include "sim/agents/telnet.h"
#include "sim/agents/user_agent.h"
#include "sim/trace/event_kinds.h"

namespace mailsim::world {

namespace {
Error bad(const Action& a, std::string message) {
    return make_error(a.verb + ": " + std::move(message));
}
} // namespace

Status World::act(const Action& a) {
    if (a.verb == "fault")
        return act_fault(a);
    if (a.verb == "alias")
        return act_alias(a);
    if (a.verb == "relay")
        return act_relay(a);
    if (a.verb == "dns")
        return act_dns(a);
    if (a.verb == "gateway")
        return act_gateway(a);
    if (a.verb == "compose" || a.verb == "send") {
        const std::string from = to_lower_ascii(a.get_or("from", ""));
        agents::UserAgent* ua = user_agent(from);
        if (!ua)
            return bad(a, "no user agent for '" + from + "' in this scenario");
        return ua->compose(a);
    }
    if (a.verb == "retrieve") {
        const std::string user = to_lower_ascii(a.get_or("user", ""));
        agents::UserAgent* ua = user_agent(user);
        if (!ua)
            return bad(a, "no user agent for '" + user + "' in this scenario");
        return ua->retrieve(a);
    }
    if (a.verb == "force") {
        agents::Mta* m = mta(a.get_or("host", ""));
        if (!m)
            return bad(a, "no MTA on host '" + a.get_or("host", "") + "'");
        return m->add_forced_reply(a);
    }
    if (a.verb == "login" || a.verb == "logout") {
        const std::string user = to_lower_ascii(a.get_or("user", ""));
        const UserSpec* spec = m_scenario.user(user);
        if (!spec)
            return bad(a, "unknown user '" + user + "'");
        agents::Mta* m = mta(spec->host);
        if (!m)
            return bad(a, "no MTA holds " + user);
        m->set_terminal(user, a.verb == "login");
        return Ok{};
    }
    if (a.verb == "telnet") {
        const std::string host = to_lower_ascii(a.get_or("host", ""));
        auto target = m_network->find_host(host);
        if (!target)
            return bad(a, "unknown host '" + host + "'");
        const std::string from = to_lower_ascii(a.get_or("from", ""));
        std::optional<net::HostId> source;
        if (!from.empty())
            source = m_network->find_host(from);
        else if (!m_scenario.hosts.empty())
            source = m_network->find_host(m_scenario.hosts.front().name);
        if (!source)
            return bad(a, "unknown host '" + from + "'");
        const int port = std::atoi(a.get_or("port", "25").c_str());
        if (port < 1 || port > 65535)
            return bad(a, "port must be 1..65535");
        // One telnet session per (from, host, port): later sends type into the same one.
        for (auto& t : m_telnets)
            if (t->matches(*source, *target, static_cast<std::uint16_t>(port)) && t->open()) {
                if (auto* raw = a.get("raw"))
                    t->send_raw(*raw);
                else
                    t->type(a.get_or("send", ""));
                if (a.has_flag("close"))
                    t->close();
                return Ok{};
            }
        auto session = std::make_unique<agents::Telnet>(*this, *source, *target,
                                                        static_cast<std::uint16_t>(port));
        if (auto* raw = a.get("raw"))
            session->send_raw(*raw);
        else if (auto* line = a.get("send"))
            session->type(*line);
        m_telnets.push_back(std::move(session));
        return Ok{};
    }
    if (a.verb == "port") {
        agents::Mta* m = mta(a.get_or("host", ""));
        auto host = m_network->find_host(a.get_or("host", ""));
        if (!host)
            return bad(a, "unknown host");
        const int port = std::atoi(a.get_or("port", "0").c_str());
        if (a.has_flag("close")) {
            m_network->unlisten(*host, static_cast<std::uint16_t>(port));
        } else if (a.has_flag("open")) {
            if (m && port == 25)
                m->listen();
            else
                return bad(a, "only the SMTP port can be reopened");
        } else {
            return bad(a, "say open or close");
        }
        record(trace::fault(
            {.host = a.get_or("host", ""),
             .what = "port " + std::to_string(port) + (a.has_flag("close") ? " closed" : " opened"),
             .code = port}));
        return Ok{};
    }
    return bad(
        a, "unknown action (compose, retrieve, fault, force, alias, relay, telnet, port, login, "
           "logout)");
}

Status World::act_fault(const Action& a) {
    const bool down = a.has_flag("down");
    const bool up = a.has_flag("up");
    if (auto* host_name = a.get("host")) {
        auto host = m_network->find_host(*host_name);
        if (!host)
            return bad(a, "unknown host '" + *host_name + "'");
        if (down == up)
            return bad(a, "say down or up");
        m_network->set_host_up(*host, up);
        const std::string name = m_network->host(*host).name;
        record(up ? trace::host_up(name) : trace::host_down(name));
        if (up)
            if (agents::Mta* m = mta(name))
                m->on_host_up();
        return Ok{};
    }
    if (auto* link_name = a.get("link")) {
        // "a-b": host names contain dots and maybe dashes; try every split.
        for (std::size_t dash = link_name->find('-'); dash != std::string::npos;
             dash = link_name->find('-', dash + 1)) {
            auto ha = m_network->find_host(link_name->substr(0, dash));
            auto hb = m_network->find_host(link_name->substr(dash + 1));
            if (!ha || !hb)
                continue;
            if (down == up)
                return bad(a, "say down or up");
            if (!m_network->set_link_up(*ha, *hb, up))
                return bad(a, "no declared link " + *link_name);
            const std::string& a_name = m_network->host(*ha).name;
            const std::string& b_name = m_network->host(*hb).name;
            record(up ? trace::link_up(a_name, b_name) : trace::link_down(a_name, b_name));
            return Ok{};
        }
        return bad(a, "link must be HOST-HOST of declared hosts");
    }
    if (auto* name = a.get("dns")) {
        net::DnsStatus status = net::DnsStatus::Ok;
        if (a.has_flag("servfail"))
            status = net::DnsStatus::ServFail;
        else if (a.has_flag("nxdomain"))
            status = net::DnsStatus::NxDomain;
        else if (a.has_flag("timeout"))
            status = net::DnsStatus::Timeout;
        else if (!a.has_flag("ok"))
            return bad(a, "say servfail, nxdomain, timeout or ok");
        m_dns->set_failure(*name, status);
        record(trace::fault({.host = *name,
                             .proto = Proto::Dns,
                             .what = "dns " + *name + " " + std::string(net::to_string(status))}));
        return Ok{};
    }
    return bad(a, "say host=H, link=A-B or dns=NAME");
}

void World::schedule_random_faults() {
    const RandomFaults& rf = m_scenario.random_faults;
    if (rf.per_hour <= 0 || m_scenario.hosts.empty())
        return;
    // Draw the whole fault plan up front from its own stream: the faults do not depend on
    // what else the run draws, so a seed names one plan.
    Rng rng = make_rng("random-faults");
    const SimTime horizon = m_scenario.until > 0 ? m_scenario.until : 7 * kDay;
    SimTime t = 0;
    for (int n = 0; n < 10000; ++n) {
        t += static_cast<SimTime>(rng.exponential(static_cast<double>(kHour) / rf.per_hour));
        if (t >= horizon)
            break;
        const SimTime duration =
            1 + static_cast<SimTime>(rng.exponential(static_cast<double>(rf.mean_duration)));
        const int kind = static_cast<int>(rng.uniform_int(0, 2));
        Action down, up;
        down.verb = up.verb = "fault";
        if (kind == 0 || m_scenario.links.empty()) {
            const auto& h = m_scenario.hosts[static_cast<std::size_t>(
                rng.uniform_int(0, static_cast<std::int64_t>(m_scenario.hosts.size()) - 1))];
            down.args["host"] = up.args["host"] = h.name;
        } else if (kind == 1) {
            const auto& l = m_scenario.links[static_cast<std::size_t>(
                rng.uniform_int(0, static_cast<std::int64_t>(m_scenario.links.size()) - 1))];
            if (l.kind == LinkKind::StoreAndForward)
                continue;
            down.args["link"] = up.args["link"] = l.a + "-" + l.b;
        } else {
            const auto& h = m_scenario.hosts[static_cast<std::size_t>(
                rng.uniform_int(0, static_cast<std::int64_t>(m_scenario.hosts.size()) - 1))];
            if (h.domains.empty())
                continue;
            down.args["dns"] = up.args["dns"] = h.domains.front();
            down.flags = {"servfail"};
            up.flags = {"ok"};
        }
        if (down.flags.empty()) {
            down.flags = {"down"};
            up.flags = {"up"};
        }
        m_sim.schedule_at(t, [this, down] { (void)act(down); });
        m_sim.schedule_at(t + duration, [this, up] { (void)act(up); });
    }
}

} // namespace mailsim::world
