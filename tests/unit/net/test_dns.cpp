#include "sim/net/dns.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::net;

namespace {
struct DnsFixture {
    Simulator sim;
    world::Trace trace;
    Network net{sim, trace, 1};
    Dns dns{net, 1};
    HostId relay = net.add_host("mail.crepes.fr", 1);
    HostId resolver = net.add_host("ns.example", 2);
};
} // namespace

TEST_CASE("MX by preference with addresses; backup after primary") {
    DnsFixture f;
    f.dns.add_mx("hamburger.edu", 20, "backup.hamburger.edu");
    f.dns.add_mx("hamburger.edu", 10, "mail.hamburger.edu");
    f.dns.add_a("mail.hamburger.edu", 0x0a000005);
    f.dns.add_a("backup.hamburger.edu", 0x0a000006);
    auto route = f.dns.lookup_mail("Hamburger.EDU");
    REQUIRE(route.status == DnsStatus::Ok);
    REQUIRE(route.targets.size() == 2);
    CHECK(route.targets[0].host == "mail.hamburger.edu");
    CHECK(route.targets[0].address == 0x0a000005u);
    CHECK(route.targets[1].host == "backup.hamburger.edu");
}

TEST_CASE("no MX: the A record is an implicit MX; nothing at all: NXDOMAIN") {
    DnsFixture f;
    f.dns.add_a("tiny.org", 0x0a000009);
    auto route = f.dns.lookup_mail("tiny.org");
    REQUIRE(route.status == DnsStatus::Ok);
    REQUIRE(route.targets.size() == 1);
    CHECK(route.targets[0].implicit);
    CHECK(route.targets[0].address == 0x0a000009u);
    CHECK(f.dns.lookup_mail("nowhere.invalid").status == DnsStatus::NxDomain);
}

TEST_CASE("a timed query records query and answer with the resolver's round trip") {
    DnsFixture f;
    f.net.add_link(f.relay, f.resolver, LinkSpec{15 * kMillisecond, 1e9, 0});
    f.dns.set_server(f.resolver);
    f.dns.add_mx("hamburger.edu", 10, "mail.hamburger.edu");
    f.dns.add_a("mail.hamburger.edu", 0x0a000005);
    std::optional<MailRoute> got;
    f.dns.resolve_mail(f.relay, "hamburger.edu", [&](MailRoute r) { got = r; });
    f.sim.run();
    REQUIRE(got);
    CHECK(got->status == DnsStatus::Ok);
    REQUIRE(f.trace.size() == 2);
    CHECK(f.trace[0].kind == world::EventKind::DnsQuery);
    CHECK(f.trace[0].text == "MX hamburger.edu?");
    CHECK(f.trace[1].kind == world::EventKind::DnsAnswer);
    CHECK(f.trace[1].text == "MX 10 mail.hamburger.edu (10.0.0.5)");
    CHECK(f.trace[1].t >= 30 * kMillisecond);
}

TEST_CASE("failures: SERVFAIL is temporary, an unreachable resolver times out") {
    DnsFixture f;
    f.dns.add_mx("hamburger.edu", 10, "mail.hamburger.edu");
    f.dns.set_failure("hamburger.edu", DnsStatus::ServFail);
    CHECK(f.dns.lookup_mail("hamburger.edu").status == DnsStatus::ServFail);
    CHECK(is_temporary(DnsStatus::ServFail));
    f.dns.set_failure("hamburger.edu", DnsStatus::Ok);
    CHECK(f.dns.lookup_mail("hamburger.edu").status == DnsStatus::Ok);

    f.net.add_link(f.relay, f.resolver, LinkSpec{});
    f.net.set_link_up(f.relay, f.resolver, false);
    f.dns.set_server(f.resolver);
    std::optional<MailRoute> got;
    f.dns.resolve_mail(f.relay, "hamburger.edu", [&](MailRoute r) { got = r; });
    f.sim.run();
    REQUIRE(got);
    CHECK(got->status == DnsStatus::Timeout);
    CHECK(f.trace.events().back().text == "TIMEOUT");
}
