// Changing DNS records while the world runs (the `dns` action behind the faults panel's DNS
// tab and challenge repairs): the next lookup uses the new records, mail already queued finds
// the new route at its retry, the view at each trace position shows the records in force
// there, and a rewind starts again from the scenario's own records.
#include "sim/net/dns.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::world;

namespace {

const char* kWorld = R"(
name = "dns-config"
[dns]
default_mx = false
[[host]]
name = "mail.a.test"
roles = ["mta"]
domains = ["a.test"]
retry = ["1m"]
[[host]]
name = "mail.b.test"
ip = "10.0.2.25"
roles = ["mta", "pop3"]
domains = ["b.test"]
[[host]]
name = "web.b.test"
roles = ["client"]
[[link]]
a = "mail.a.test"
b = "mail.b.test"
[[link]]
a = "mail.a.test"
b = "web.b.test"
[[mx]]
domain = "a.test"
host = "mail.a.test"
[[user]]
address = "ann@a.test"
[[user]]
address = "ben@b.test"
)";

std::unique_ptr<World> make(const std::string& extra = "") {
    auto scenario = parse_scenario(std::string(kWorld) + extra, "dns.toml");
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().message);
    auto world = World::create(*scenario, 1);
    REQUIRE(world.ok());
    return std::move(world.value());
}

std::size_t inbox_size(World& w, const std::string& user) {
    return w.view().mailboxes.at(user).folders.at("INBOX").size();
}

} // namespace

TEST_CASE("dns: default_mx = false leaves a served domain without MX, and its mail bounces") {
    auto w = make();
    CHECK(w->view().mx.count("b.test") == 0);
    CHECK(w->view().mx.at("a.test").front().exchange == "mail.a.test");
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=s body=x").ok());
    w->run_until_idle(kDay);
    CHECK(w->view().counters.bounced == 1);
    CHECK(inbox_size(*w, "ben@b.test") == 0);
}

TEST_CASE("dns: an MX added live routes the next mail, and the view follows the trace") {
    auto w = make();
    const std::size_t before = w->trace().size();
    REQUIRE(w->perform("dns domain=B.test mx=\"20 web.b.test, 10 mail.b.test\"").ok());
    const std::size_t after = w->trace().size();
    const Event& config = w->trace().events()[after - 1];
    CHECK(config.kind == EventKind::Config);
    CHECK(config.verb == "MX");
    CHECK(config.user == "b.test");
    CHECK(config.text == "10 mail.b.test, 20 web.b.test"); // sorted by preference
    CHECK(w->view_at(before).mx.count("b.test") == 0);
    REQUIRE(w->view_at(after).mx.at("b.test").size() == 2);
    CHECK(w->view_at(after).mx.at("b.test")[0].exchange == "mail.b.test");

    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=s body=x").ok());
    w->run_until_idle(w->now() + kDay);
    CHECK(inbox_size(*w, "ben@b.test") == 1);

    // A rewind to before the change starts again from the scenario's records.
    auto fresh = w->rewind(before);
    REQUIRE(fresh.ok());
    CHECK((*fresh)->view().mx.count("b.test") == 0);
}

TEST_CASE("dns: a queued mail takes the corrected MX at its next retry") {
    auto w = make("[[mx]]\ndomain = \"b.test\"\nhost = \"web.b.test\"\n");
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=s body=x").ok());
    w->run_until(w->now() + 10 * kSecond);
    CHECK(w->view().queued_recipients() == 1); // web.b.test refuses port 25: a temporary failure
    REQUIRE(w->perform("dns domain=b.test mx=\"10 mail.b.test\"").ok());
    w->run_until_idle(w->now() + kDay);
    CHECK(inbox_size(*w, "ben@b.test") == 1);
    CHECK(w->view().counters.bounced == 0);
}

TEST_CASE("dns: A records are replaced whole; none clears") {
    auto w = make();
    REQUIRE(w->perform("dns name=mail.b.test a=\"10.0.2.26, 10.0.2.27\"").ok());
    CHECK(net::format_address_list(w->view().a.at("mail.b.test")) == "10.0.2.26, 10.0.2.27");
    REQUIRE(w->perform("dns name=mail.b.test a=none").ok());
    CHECK(w->view().a.count("mail.b.test") == 0);
    CHECK(w->dns().lookup_a("mail.b.test").addresses.empty());
}

TEST_CASE("dns: bad records are refused with the reason, and nothing changes") {
    auto w = make();
    const std::size_t before = w->trace().size();
    struct Case {
        const char* action;
        const char* says;
    };
    for (const Case c : {Case{"dns domain=b.test mx=\"mail.b.test\"", "not an MX record"},
                         Case{"dns domain=b.test mx=\"70000 mail.b.test\"", "0-65535"},
                         Case{"dns domain=b.test mx=\"10 nowhere.b.test\"", "names no host"},
                         Case{"dns domain=b.test", "say domain=D"},
                         Case{"dns domain=b.test mx=none a=none", "say domain=D"},
                         Case{"dns name=mail.b.test a=\"10.0.2\"", "not an IPv4 address"},
                         Case{"dns domain=\"b test\" mx=\"10 mail.b.test\"", "domain name"}}) {
        INFO(c.action);
        auto status = w->perform(c.action);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().message.find(c.says) != std::string::npos);
    }
    // A refused action leaves no config event (perform records the refusal as a fault).
    for (std::size_t i = before; i < w->trace().size(); ++i)
        CHECK(w->trace().events()[i].kind != EventKind::Config);
    CHECK(w->view().mx.count("b.test") == 0);
    CHECK(w->dns().lookup_mail("b.test").status != net::DnsStatus::Ok);
}

TEST_CASE("dns record lists: parse and format round trip") {
    auto mx = net::parse_mx_list(" 10 Mail.B.test ,20 web.b.test");
    REQUIRE(mx.ok());
    CHECK(net::format_mx_list(*mx) == "10 mail.b.test, 20 web.b.test");
    CHECK(net::parse_mx_list("none")->empty());
    CHECK(net::parse_mx_list("")->empty());
    CHECK_FALSE(net::parse_mx_list("10").ok());
    CHECK_FALSE(net::parse_mx_list("ten mail.b.test").ok());
    CHECK_FALSE(net::parse_mx_list("10 a b").ok());
    auto a = net::parse_address_list("10.0.0.1,10.0.0.2");
    REQUIRE(a.ok());
    CHECK(net::format_address_list(*a) == "10.0.0.1, 10.0.0.2");
    CHECK_FALSE(net::parse_address_list("10.0.0.256").ok());
}
