// Mta: the spool and its queue runner: routes, delivery attempts, retries, give-up and delay
// warnings (bounces: mta_bounce.cpp; local delivery: mta_local_delivery.cpp; aliases:
// mta_aliases.cpp).
#include "mta.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/dsn.h"
#include "sim/agents/gateway.h"
#include "sim/agents/message_util.h"
#include "sim/agents/mta_connections.h"

#include <algorithm>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

void Mta::schedule_queue_run(SimTime delay) {
    auto& sim = m_context.sim();
    const SimTime when = sim.now() + delay;
    if (sim.is_pending(m_run_event)) {
        if (m_next_run <= when)
            return;
        sim.cancel(m_run_event);
    }
    m_next_run = when;
    m_run_event = sim.schedule_at(when, [this] { queue_run(); });
}

SimTime Mta::retry_wait(int attempts) const {
    const auto& schedule = m_spec.retry;
    const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(std::max(attempts, 1) - 1),
                                                schedule.size() - 1);
    return std::max<SimTime>(schedule[i], kSecond);
}

const std::string& Mta::route_key(const std::string& rcpt) const {
    // Every queue run asks again for each waiting recipient (most of them wait for a busy
    // destination), so the answer is remembered: it depends only on the address and on the
    // host's fixed configuration. Bounded, so a long `serve` run with many addresses cannot
    // grow it without limit.
    auto cached = m_route_keys.find(rcpt);
    if (cached != m_route_keys.end())
        return cached->second;
    if (m_route_keys.size() >= 4096)
        m_route_keys.clear();
    return m_route_keys.emplace(rcpt, compute_route_key(rcpt)).first->second;
}

std::string Mta::compute_route_key(const std::string& rcpt) const {
    const std::string domain = domain_of(rcpt);
    if (m_gateway && m_gateway->handles(domain))
        return "gateway:" + domain;
    if (!m_spec.smarthost.empty() && !is_local_domain(domain))
        return "smarthost:" + m_spec.smarthost;
    return domain;
}

void Mta::queue_run() {
    const SimTime now = m_context.now();
    auto host = m_context.network().find_host(m_spec.name);
    if (host && !m_context.network().host_up(*host)) {
        // A machine that is down runs nothing; it catches up when it comes back.
        return;
    }
    // Give-up and delay warnings first, FCFS. The spool is in arrival order, so queued_at
    // never decreases along it: past the first entry too young for either deadline, none is
    // old enough, and a run (one per arriving message) need not look at the whole spool.
    SimTime first_deadline = m_spec.give_up;
    if (m_spec.delay_warning > 0)
        first_deadline = std::min(first_deadline, m_spec.delay_warning);
    bool emptied = false;
    for (std::size_t i = 0; i < m_spool.size(); ++i) {
        SpoolEntry& entry = m_spool[i];
        if (now - entry.queued_at < first_deadline)
            break;
        if (entry.in_flight || entry.rcpts.empty())
            continue;
        if (now - entry.queued_at >= m_spec.give_up) {
            const std::vector<std::string> rcpts = entry.rcpts;
            const std::string error = entry.last_error.empty() ? "no answer" : entry.last_error;
            for (const auto& rcpt : rcpts) {
                m_context.record(trace::gave_up(
                    {.host = m_spec.name,
                     .msg_id = entry.msg_id,
                     .from = entry.from,
                     .rcpt = rcpt,
                     .why = "in the queue for " + format_sim_time(now - entry.queued_at, false) +
                            "; last error: " + error}));
            }
            const std::string msg_id = entry.msg_id, from = entry.from;
            const Bytes data = entry.data;
            entry.rcpts.clear();
            emptied = true;
            m_queue_changed = true;
            for (const auto& rcpt : rcpts)
                bounce(msg_id, from, rcpt,
                       "gave up after " + format_sim_time(now - entry.queued_at, false) + ": " +
                           error,
                       data);
            continue;
        }
        if (m_spec.delay_warning > 0 && !entry.warned && !entry.from.empty() &&
            now - entry.queued_at >= m_spec.delay_warning) {
            entry.warned = true;
            m_queue_changed = true;
            for (const auto& rcpt : entry.rcpts) {
                m_context.record(trace::delay_warning({.host = m_spec.name,
                                                       .msg_id = entry.msg_id,
                                                       .from = entry.from,
                                                       .rcpt = rcpt,
                                                       .error = entry.last_error}));
            }
            const Bytes warning = build_mta_dsn(
                DsnInput{m_spec.name, entry.from, entry.rcpts, DsnKind::Delayed, entry.last_error,
                         entry.data, m_context.next_message_id(m_spec.name),
                         kEpochUnixSeconds + now / kSecond});
            submit("", {entry.from}, warning, "delay warning");
        }
    }
    if (emptied)
        m_spool.erase(
            std::remove_if(m_spool.begin(), m_spool.end(),
                           [](const SpoolEntry& e) { return e.rcpts.empty() && !e.in_flight; }),
            m_spool.end());

    // Which entries to look at. Since the last run, if no entry came back from an attempt, no
    // destination was freed, nothing was given up or warned and no retry time has come, every
    // older waiting entry is still waiting for the same reason (its destination busy, or its
    // retry time ahead): only the messages that arrived since can start. A relay's spool
    // holds hundreds of messages waiting for its one busy connection, and a run comes with
    // every arriving message, so looking at the arrivals alone keeps a run small; the outcome
    // is the same as scanning the whole spool.
    const bool arrivals_only = !m_queue_changed && (m_next_retry < 0 || now < m_next_retry) &&
                               !m_context.full_queue_scans();
    m_queue_changed = false; // anything that changes from here on asks for a full look again
    std::vector<std::uint64_t> arrived;
    arrived.swap(m_arrived);
    const auto for_each_candidate = [&](bool all, auto&& visit) {
        if (all) {
            for (const auto& entry : m_spool)
                visit(entry);
            return;
        }
        for (const std::uint64_t seq : arrived)
            if (const SpoolEntry* entry = entry_by_seq(seq))
                visit(*entry);
    };

    // Group due recipients by destination, in spool order (first come, first served).
    // Recipients repeat from entry to entry (a relay's spool is mostly one destination, busy
    // while its connection runs, and a run comes with every arriving message): the last
    // recipient's route and busy state are remembered instead of looked up for each entry.
    std::vector<Destination> destinations;
    std::string last_rcpt, key;
    bool have_last = false, busy = false;
    for_each_candidate(!arrivals_only, [&](const SpoolEntry& entry) {
        if (entry.in_flight || entry.next_attempt > now || entry.rcpts.empty())
            return;
        for (const auto& rcpt : entry.rcpts) {
            if (!have_last || rcpt != last_rcpt) {
                last_rcpt = rcpt;
                key = route_key(rcpt);
                busy = m_busy_destinations.count(key) > 0;
                have_last = true;
            }
            if (busy)
                continue;
            auto it = std::find_if(destinations.begin(), destinations.end(),
                                   [&](const Destination& d) { return d.key == key; });
            if (it == destinations.end()) {
                Destination d;
                d.key = key;
                d.domain = domain_of(rcpt);
                destinations.push_back(d);
                it = destinations.end() - 1;
            }
            // Entries are visited in order: a repeat can only be the last one added.
            if (it->queue_ids.empty() || it->queue_ids.back() != entry.queue_id)
                it->queue_ids.push_back(entry.queue_id);
        }
    });
    for (auto& d : destinations)
        start_delivery(std::move(d));

    // The next run: the first grid point of the queue interval at or after the earliest due
    // time, so the trace shows the "every N seconds" rhythm without idle runs. The older
    // waiting entries' share is remembered from the run that last looked at them all.
    const bool scan_all = !arrivals_only || m_queue_changed;
    SimTime earliest = scan_all ? -1 : m_settled_earliest;
    SimTime next_retry = scan_all ? -1 : m_next_retry;
    for_each_candidate(scan_all, [&](const SpoolEntry& entry) {
        if (entry.in_flight || entry.rcpts.empty())
            return;
        SimTime due = std::min(entry.next_attempt, entry.queued_at + m_spec.give_up);
        if (m_spec.delay_warning > 0 && !entry.warned && !entry.from.empty())
            due = std::min(due, entry.queued_at + m_spec.delay_warning);
        if (earliest < 0 || due < earliest)
            earliest = due;
        if (entry.next_attempt > now && (next_retry < 0 || entry.next_attempt < next_retry))
            next_retry = entry.next_attempt;
    });
    m_settled_earliest = earliest;
    m_next_retry = next_retry;
    if (earliest >= 0) {
        const SimTime interval = std::max<SimTime>(m_spec.queue_interval, kMillisecond);
        SimTime next = now + interval;
        if (earliest > next)
            next = now + ((earliest - now + interval - 1) / interval) * interval;
        schedule_queue_run(next - now);
    }
}

void Mta::start_delivery(Destination destination) {
    std::vector<std::string> queue_ids;
    for (const auto& id : destination.queue_ids) {
        SpoolEntry* entry = find_entry(id);
        if (!entry)
            continue;
        ++entry->attempts;
        entry->in_flight = true;
        queue_ids.push_back(id);
    }
    if (queue_ids.empty())
        return;
    destination.queue_ids = queue_ids;
    const std::string key = destination.key;

    if (key.rfind("gateway:", 0) == 0) {
        for (const auto& id : queue_ids) {
            SpoolEntry* entry = find_entry(id);
            std::vector<std::string> mine;
            for (const auto& rcpt : entry->rcpts)
                if (route_key(rcpt) == key)
                    mine.push_back(rcpt);
            m_gateway->take(entry->msg_id, entry->from, mine, entry->data);
            for (const auto& rcpt : mine)
                relayed(*entry, rcpt, m_gateway->uucp_host());
            entry->in_flight = false;
            after_attempt(id);
        }
        return;
    }

    m_busy_destinations.insert(key);
    auto host = *m_context.network().find_host(m_spec.name);
    auto on_route = [this, destination](net::MailRoute route) {
        if (route.status != net::DnsStatus::Ok || route.targets.empty()) {
            const bool temporary = net::is_temporary(route.status);
            const std::string error = std::string(temporary ? "451 4.4.3 " : "550 5.1.2 ") +
                                      "DNS " + std::string(net::to_string(route.status)) + " for " +
                                      destination.domain;
            for (const auto& id : destination.queue_ids) {
                SpoolEntry* entry = find_entry(id);
                if (!entry)
                    continue;
                const std::vector<std::string> rcpts = entry->rcpts;
                for (const auto& rcpt : rcpts) {
                    if (route_key(rcpt) != destination.key)
                        continue;
                    if (temporary)
                        defer(*entry, rcpt, error);
                    else
                        fail_permanently(*entry, rcpt, error);
                }
            }
            destination_free(destination.key);
            for (const auto& id : destination.queue_ids)
                after_attempt(id);
            return;
        }
        // Never send to ourselves: drop our own name and everything less preferred (5.1).
        std::vector<net::MailTarget> targets;
        for (const auto& t : route.targets) {
            if (equals_ci(t.host, m_spec.name))
                break;
            targets.push_back(t);
        }
        drop_finished(m_outbound);
        m_outbound.push_back(std::make_unique<MtaOutbound>(
            *this, m_context, destination.key, destination.queue_ids, std::move(targets)));
        m_outbound.back()->start();
    };
    if (key.rfind("smarthost:", 0) == 0) {
        const std::string smarthost = key.substr(10);
        m_context.dns().resolve_a(host, smarthost, [on_route, smarthost](net::AAnswer a) {
            net::MailRoute route;
            route.status = a.status;
            for (auto address : a.addresses)
                route.targets.push_back(net::MailTarget{smarthost, 0, address, true});
            on_route(route);
        });
    } else {
        m_context.dns().resolve_mail(host, destination.domain, on_route);
    }
}

void Mta::defer(SpoolEntry& entry, const std::string& rcpt, const std::string& error) {
    entry.last_error = error;
    SimTime next = m_context.now() + retry_wait(entry.attempts);
    next = std::min(next, entry.queued_at + m_spec.give_up);
    entry.next_attempt = next;
    m_context.record(
        trace::retry({.host = m_spec.name,
                      .msg_id = entry.msg_id,
                      .from = entry.from,
                      .rcpt = rcpt,
                      .error = error,
                      .next_try = next,
                      .summary = "attempt " + std::to_string(entry.attempts) +
                                 " failed; next try at " + format_sim_time(next, false)}));
}

void Mta::relayed(SpoolEntry& entry, const std::string& rcpt, const std::string& peer) {
    entry.rcpts.erase(std::remove(entry.rcpts.begin(), entry.rcpts.end(), rcpt), entry.rcpts.end());
    m_context.record(trace::relayed({.host = m_spec.name,
                                     .next_hop = peer,
                                     .msg_id = entry.msg_id,
                                     .from = entry.from,
                                     .rcpt = rcpt}));
}

void Mta::after_attempt(const std::string& queue_id) {
    m_queue_changed = true; // back from an attempt: waiting again, or gone
    if (SpoolEntry* entry = find_entry(queue_id)) {
        entry->in_flight = false;
        // Only this entry goes: erasing it in place (usually near the front, FCFS) moves no
        // other entry, where a remove_if over the whole spool moved every one after it.
        if (entry->rcpts.empty()) {
            auto it = std::lower_bound(
                m_spool.begin(), m_spool.end(), entry->seq,
                [](const SpoolEntry& e, std::uint64_t seq) { return e.seq < seq; });
            m_spool.erase(it);
        }
    }
    if (!m_spool.empty())
        schedule_queue_run(m_spec.queue_interval);
}

} // namespace mailsim::agents
