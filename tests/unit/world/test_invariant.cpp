// The reliability invariant over many random worlds: random topologies (direct, smarthost
// relays), aliases (lists, nesting, loops, remote members), unknown users and domains, and
// faults (hosts down, links cut, DNS failing, forced 4yz/5yz replies, random faults).
#include "sim/world/invariant.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

#include <string>

using namespace mailsim;
using namespace mailsim::world;

namespace {

std::string pick(Rng& rng, const std::vector<std::string>& from) {
    return from[static_cast<std::size_t>(rng.uniform_int(0, static_cast<long>(from.size()) - 1))];
}

Action action(std::string line) {
    return parse_action(line).value();
}

Scenario random_scenario(std::uint64_t seed) {
    Rng rng(seed, 99);
    Scenario s;
    s.name = "random-" + std::to_string(seed);
    s.seed = seed;
    const int domains = static_cast<int>(rng.uniform_int(2, 4));
    const bool relay = rng.chance(0.5);
    if (relay) {
        HostSpec r;
        r.name = "relay.net.test";
        r.roles = {"mta"};
        r.retry = {2 * kMinute, 10 * kMinute};
        r.give_up = 3 * kHour;
        s.hosts.push_back(r);
    }
    std::vector<std::string> addresses, hosts;
    for (int d = 0; d < domains; ++d) {
        const std::string domain = "d" + std::to_string(d) + ".test";
        HostSpec h;
        h.name = "mail." + domain;
        h.roles = {"mta", "pop3"};
        h.domains = {domain};
        h.queue_interval = static_cast<SimTime>(rng.uniform_int(10, 60)) * kSecond;
        h.retry = {static_cast<SimTime>(rng.uniform_int(1, 10)) * kMinute, 20 * kMinute};
        h.give_up = static_cast<SimTime>(rng.uniform_int(1, 4)) * kHour;
        if (relay && rng.chance(0.5)) {
            h.smarthost = "relay.net.test";
            s.hosts.front().relay_for.push_back(h.name);
        }
        hosts.push_back(h.name);
        s.hosts.push_back(h);
        const int users = static_cast<int>(rng.uniform_int(1, 3));
        for (int u = 0; u < users; ++u) {
            UserSpec user;
            user.address = "u" + std::to_string(u) + "@" + domain;
            user.login = "u" + std::to_string(u);
            user.host = h.name;
            if (rng.chance(0.1))
                user.quota_bytes = 600; // a small mailbox fills up: 552 and bounces
            addresses.push_back(user.address);
            s.users.push_back(user);
        }
        if (rng.chance(0.6)) {
            AliasSpec list;
            list.address = "list@" + domain;
            const int members = static_cast<int>(rng.uniform_int(1, 3));
            for (int m = 0; m < members; ++m)
                list.members.push_back(rng.chance(0.7) ? pick(rng, addresses)
                                                       : "list@" + domain); // a loop
            s.aliases.push_back(list);
        }
    }
    for (const auto& a : s.aliases)
        addresses.push_back(a.address);
    std::vector<std::string> targets = addresses;
    targets.push_back("nobody@d0.test");
    targets.push_back("someone@nowhere.invalid");
    const int messages = static_cast<int>(rng.uniform_int(2, 8));
    for (int m = 0; m < messages; ++m) {
        std::string from;
        do
            from = pick(rng, addresses);
        while (from.rfind("list@", 0) == 0);
        std::string to = pick(rng, targets);
        if (rng.chance(0.4))
            to += "," + pick(rng, targets);
        s.actions.push_back(
            TimedAction{static_cast<SimTime>(rng.uniform_int(0, 7200)) * kSecond,
                        action("compose from=" + from + " to=" + to + " subject=m" +
                               std::to_string(m) + " body=\"message " + std::to_string(m) + "\""),
                        0});
    }
    const int faults = static_cast<int>(rng.uniform_int(0, 4));
    for (int f = 0; f < faults; ++f) {
        const SimTime at = static_cast<SimTime>(rng.uniform_int(0, 7200)) * kSecond;
        const SimTime length = static_cast<SimTime>(rng.uniform_int(1, 180)) * kMinute;
        const std::string host = pick(rng, hosts);
        switch (rng.uniform_int(0, 3)) {
        case 0:
            s.actions.push_back({at, action("fault host=" + host + " down"), 0});
            s.actions.push_back({at + length, action("fault host=" + host + " up"), 0});
            break;
        case 1: {
            const std::string domain = host.substr(5);
            s.actions.push_back({at, action("fault dns=" + domain + " servfail"), 0});
            s.actions.push_back({at + length, action("fault dns=" + domain + " ok"), 0});
            break;
        }
        case 2: {
            static const char* kPoints[] = {"RCPT", "MAIL", "DATA", "DATA_END", "CONNECT"};
            static const char* kCodes[] = {"421", "450", "451", "452", "550", "552", "554"};
            s.actions.push_back(
                {at,
                 action("force host=" + host + " at=" + kPoints[rng.uniform_int(0, 4)] +
                        " code=" + kCodes[rng.uniform_int(0, 6)] +
                        " count=" + std::to_string(rng.uniform_int(1, 3))),
                 0});
            break;
        }
        default:
            if (s.hosts.size() >= 2) {
                LinkSpecData link;
                link.a = s.hosts[0].name;
                link.b = s.hosts[1].name;
                link.latency = 30 * kMillisecond;
                link.loss = rng.chance(0.5) ? 0.05 : 0.0;
                s.links.push_back(link);
                s.actions.push_back(
                    {at, action("fault link=" + link.a + "-" + link.b + " down"), 0});
                s.actions.push_back(
                    {at + length, action("fault link=" + link.a + "-" + link.b + " up"), 0});
            }
        }
    }
    if (rng.chance(0.3)) {
        s.random_faults.per_hour = 0.5;
        s.random_faults.mean_duration = 20 * kMinute;
        s.until = 3 * kHour;
    }
    return s;
}

} // namespace

TEST_CASE("reliability invariant over 1000 random worlds") {
    int worlds_with_bounces = 0, worlds_with_retries = 0, total_delivered = 0;
    for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
        const Scenario scenario = random_scenario(seed);
        auto created = World::create(scenario);
        REQUIRE_MESSAGE(created.ok(), "seed " << seed << ": " << created.error().message);
        World& w = **created;
        w.set_keep_packets(false);
        w.run_until_idle(3 * kDay);
        const auto problems = check_reliability(w.trace().events(), w.view());
        std::string all;
        for (const auto& p : problems)
            all += "\n  " + p;
        CHECK_MESSAGE(problems.empty(), "seed " << seed << ":" << all);
        const auto& c = w.view().counters;
        worlds_with_bounces += c.bounced > 0;
        total_delivered += static_cast<int>(c.delivered);
        for (const auto& e : w.trace().events())
            if (e.kind == EventKind::Retry) {
                ++worlds_with_retries;
                break;
            }
        // Idle means settled: with give-up times of hours, nothing can still wait after 3 days.
        CHECK_MESSAGE(w.view().queued_recipients() == 0, "seed " << seed);
    }
    // The generator must really exercise the hard paths, or this test proves little.
    CHECK(worlds_with_bounces > 100);
    CHECK(worlds_with_retries > 100);
    CHECK(total_delivered > 1000);
}

TEST_CASE("the invariant checker catches a lost and a duplicated recipient") {
    EventList events(3);
    events[0].kind = EventKind::Accepted;
    events[0].host = "mx";
    events[0].msg_id = "<m>";
    events[0].rcpt = "bob@x";
    events[1] = events[0];
    events[1].index = 1;
    events[1].kind = EventKind::Delivered;
    events[2] = events[1];
    events[2].index = 2;
    WorldView view;
    auto problems = check_reliability(events, view);
    CHECK(problems.size() == 2); // closed twice, and delivered twice without duplicate_risk
    events.resize(1);
    problems = check_reliability(events, view);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].rfind("lost:", 0) == 0);
}

TEST_CASE("queue runs that look at new arrivals only give the same trace as full scans") {
    // Mta::queue_run skips the spool's older waiting entries when nothing but arrivals changed
    // since the last run. Random worlds (faults, retries, bounces, relays) run both ways must
    // record the same events, byte for byte.
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
        const Scenario scenario = random_scenario(seed);
        std::string traces[2];
        for (int full = 0; full < 2; ++full) {
            auto created = World::create(scenario);
            REQUIRE(created.ok());
            World& w = **created;
            w.set_keep_packets(false);
            w.set_full_queue_scans(full == 1);
            w.run_until_idle(3 * kDay);
            for (const auto& e : w.trace().events())
                traces[full] += to_json_line(e) + "\n";
        }
        CHECK_MESSAGE(traces[0] == traces[1], "seed " << seed);
    }
}
