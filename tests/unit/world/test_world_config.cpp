// Changing the alias table and the relay policy while the world runs (the `alias` and `relay`
// actions behind the faults panel's editor): the mail that follows obeys the new table, the
// view at each trace position shows the table in force there, and a rewind starts again from
// the scenario's own table.
#include "sim/world/invariant.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::world;

namespace {

const char* kWorld = R"(
name = "config"
[[host]]
name = "mail.a.test"
roles = ["mta"]
domains = ["a.test"]
[[host]]
name = "mail.b.test"
roles = ["mta", "pop3"]
domains = ["b.test"]
[[host]]
name = "pc.c.test"
roles = ["client"]
[[link]]
a = "mail.a.test"
b = "mail.b.test"
[[link]]
a = "pc.c.test"
b = "mail.a.test"
[[user]]
address = "ann@a.test"
[[user]]
address = "ben@b.test"
[[user]]
address = "bea@b.test"
[[alias]]
address = "office@b.test"
members = ["ben@b.test"]
)";

std::unique_ptr<World> make() {
    auto scenario = parse_scenario(kWorld, "config.toml");
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().message);
    auto world = World::create(*scenario, 1);
    REQUIRE(world.ok());
    return std::move(world.value());
}

std::size_t inbox_size(World& w, const std::string& user) {
    return w.view().mailboxes.at(user).folders.at("INBOX").size();
}

// The reply codes the server sent in one hand-typed session from pc.c.test.
std::vector<int> relay_attempt(World& w) {
    const std::size_t start = w.trace().size();
    for (const char* line :
         {"HELO pc.c.test", "MAIL FROM:<carl@c.test>", "RCPT TO:<ben@b.test>", "QUIT"}) {
        REQUIRE(w.perform(std::string("telnet from=pc.c.test host=mail.a.test port=25 send=\"") +
                          line + "\"")
                    .ok());
        w.run_until(w.now() + kSecond);
    }
    w.run_until_idle(w.now() + kMinute);
    std::vector<int> codes;
    for (std::size_t i = start; i < w.trace().size(); ++i) {
        const Event& e = w.trace().events()[i];
        if (e.kind == EventKind::Reply && e.host == "mail.a.test")
            codes.push_back(e.code);
    }
    return codes;
}

} // namespace

TEST_CASE("alias: a new list fans out, a removed one bounces, the view follows the trace") {
    auto w = make();
    const std::size_t before = w->trace().size();
    REQUIRE(w->perform("alias address=Team@b.test members=\"ben@b.test, bea@b.test\"").ok());
    const std::size_t after = w->trace().size();
    REQUIRE(w->perform("compose from=ann@a.test to=team@b.test subject=list body=x").ok());
    w->run_until_idle(kDay);
    CHECK(inbox_size(*w, "ben@b.test") == 1);
    CHECK(inbox_size(*w, "bea@b.test") == 1);

    // One config event with the whole new value; the view before it has no such alias.
    const Event& config = w->trace().events()[after - 1];
    CHECK(config.kind == EventKind::Config);
    CHECK(config.verb == "ALIAS");
    CHECK(config.host == "mail.b.test");
    CHECK(config.user == "team@b.test");
    CHECK(config.text == "ben@b.test, bea@b.test");
    CHECK(w->view_at(before).aliases.count("team@b.test") == 0);
    CHECK(w->view_at(after).aliases.at("team@b.test") ==
          std::vector<std::string>{"ben@b.test", "bea@b.test"});

    // Changing an existing alias (many-to-one becomes one-to-many), then removing it.
    REQUIRE(w->perform("alias address=office@b.test members=\"bea@b.test\"").ok());
    REQUIRE(w->perform("compose from=ann@a.test to=office@b.test subject=o body=x").ok());
    w->run_until_idle(w->now() + kDay);
    CHECK(inbox_size(*w, "ben@b.test") == 1);
    CHECK(inbox_size(*w, "bea@b.test") == 2);
    REQUIRE(w->perform("alias address=team@b.test remove").ok());
    CHECK(w->view().aliases.count("team@b.test") == 0);
    REQUIRE(w->perform("compose from=ann@a.test to=team@b.test subject=gone body=x").ok());
    w->run_until_idle(w->now() + kDay);
    CHECK(w->view().counters.bounced == 1);
    CHECK(inbox_size(*w, "ann@a.test") == 1); // the bounce
    CHECK(check_reliability(w->trace().events(), w->view()).empty());

    // A rewind to before the first change starts again from the scenario's table.
    auto fresh = w->rewind(before);
    REQUIRE(fresh.ok());
    REQUIRE((*fresh)->aliases().size() == 1);
    CHECK((*fresh)->aliases()[0].address == "office@b.test");
    CHECK((*fresh)->aliases()[0].members == std::vector<std::string>{"ben@b.test"});
}

TEST_CASE("alias: bad requests are refused with a reason and change nothing") {
    auto w = make();
    const std::size_t size = w->trace().size();
    CHECK_FALSE(w->perform("alias address=x@nowhere.test members=ben@b.test").ok());
    CHECK_FALSE(w->perform("alias address=ben@b.test members=bea@b.test").ok()); // a mailbox
    CHECK_FALSE(w->perform("alias address=team@b.test remove").ok());            // no such alias
    CHECK_FALSE(w->perform("alias address=team@b.test members=\"bea\"").ok());   // not an address
    CHECK_FALSE(w->perform("alias address=team@b.test members=\" , \"").ok());
    CHECK_FALSE(w->perform("alias address=team@b.test").ok());
    const auto status = w->perform("alias address=x@nowhere.test members=ben@b.test");
    CHECK(status.error().message ==
          "alias: no mail server of this world delivers for 'nowhere.test'");
    for (std::size_t i = size; i < w->trace().size(); ++i)
        CHECK(w->trace().events()[i].kind != EventKind::Config);
    CHECK(w->aliases().size() == 1);
}

TEST_CASE("relay: denied, then allowed for one client, then open to all, then closed again") {
    auto w = make();
    CHECK(relay_attempt(*w) == std::vector<int>{220, 250, 250, 550, 221});

    REQUIRE(w->perform("relay host=mail.a.test allow=pc.c.test").ok());
    CHECK(w->view().hosts[0].relay_for == std::vector<std::string>{"pc.c.test"});
    CHECK(relay_attempt(*w) == std::vector<int>{220, 250, 250, 250, 221});

    REQUIRE(w->perform("relay host=mail.a.test deny=pc.c.test").ok());
    CHECK(relay_attempt(*w) == std::vector<int>{220, 250, 250, 550, 221});

    REQUIRE(w->perform("relay host=mail.a.test open").ok());
    CHECK(w->view().hosts[0].open_relay);
    CHECK(relay_attempt(*w) == std::vector<int>{220, 250, 250, 250, 221});

    REQUIRE(w->perform("relay host=mail.a.test closed").ok());
    CHECK_FALSE(w->view().hosts[0].open_relay);
    CHECK(relay_attempt(*w) == std::vector<int>{220, 250, 250, 550, 221});

    CHECK_FALSE(w->perform("relay host=pc.c.test open").ok()); // not an MTA
    CHECK_FALSE(w->perform("relay host=mail.a.test").ok());
    CHECK_FALSE(w->perform("relay host=mail.a.test open closed").ok());
    CHECK_FALSE(w->perform("relay host=mail.a.test allow=nobody.test").ok());
    CHECK_FALSE(w->perform("relay host=mail.a.test deny=pc.c.test").ok()); // not listed
}
