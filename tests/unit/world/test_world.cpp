// The world as the UI uses it: scenarios from text, actions at run time, seeking backwards,
// re-running with recorded inputs, and the same trace from the same seed.
#include "sim/mail/dsn.h"
#include "sim/store/store.h"
#include "sim/world/invariant.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::world;

namespace {

const char* kTwoDomains = R"(
name = "two"
[[host]]
name = "mail.a.test"
roles = ["mta", "pop3"]
domains = ["a.test"]
retry = ["1m"]
give_up = "1h"
[[host]]
name = "mail.b.test"
roles = ["mta", "pop3"]
domains = ["b.test"]
[[link]]
a = "mail.a.test"
b = "mail.b.test"
latency = "25ms"
[[user]]
address = "ann@a.test"
[[user]]
address = "ben@b.test"
password = "pw"
)";

std::unique_ptr<World> make(const char* text, std::uint64_t seed = 1) {
    auto scenario = parse_scenario(text, "test.toml");
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().message);
    auto world = World::create(*scenario, seed);
    REQUIRE(world.ok());
    return std::move(world.value());
}

std::string trace_text(const World& w) {
    std::string out;
    for (const auto& e : w.trace().events())
        out += to_json_line(e) + "\n";
    return out;
}

} // namespace

TEST_CASE("compose at run time, deliver, and read the view") {
    auto w = make(kTwoDomains);
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=Hi body=\"Hello Ben\"").ok());
    w->run_until_idle(kDay);
    const WorldView& view = w->view();
    CHECK(view.counters.accepted == 1);
    CHECK(view.counters.delivered == 1);
    REQUIRE(view.mailboxes.count("ben@b.test"));
    const auto& inbox = view.mailboxes.at("ben@b.test").folders.at("INBOX");
    REQUIRE(inbox.size() == 1);
    CHECK(inbox[0].subject == "Hi");
    CHECK(view.queues.empty());
    CHECK(check_reliability(w->trace().events(), view).empty());
    REQUIRE(w->inputs().size() == 1);
    CHECK(w->inputs()[0].action.verb == "compose");
}

TEST_CASE("a down server: queued, retried, then delivered when it is back") {
    auto w = make(kTwoDomains);
    REQUIRE(w->perform("fault host=mail.b.test down").ok());
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=Later body=x").ok());
    w->run_until(10 * kMinute);
    const WorldView& mid = w->view();
    REQUIRE(mid.queues.count("mail.a.test"));
    const auto& entry = mid.queues.at("mail.a.test").front();
    CHECK(entry.rcpts.front().attempts >= 2);
    CHECK(entry.give_up_at == entry.queued_at + kHour);
    REQUIRE(w->perform("fault host=mail.b.test up").ok());
    w->run_until_idle(kDay);
    CHECK(w->view().counters.delivered == 1);
    CHECK(w->view().queues.empty());
}

TEST_CASE("give-up bounces to the sender with a DSN from <>") {
    auto w = make(kTwoDomains);
    REQUIRE(w->perform("fault host=mail.b.test down").ok());
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=Never body=x").ok());
    w->run_until_idle(2 * kDay);
    const WorldView& view = w->view();
    CHECK(view.counters.gave_up == 1);
    CHECK(view.counters.bounced == 1);
    const auto& inbox = view.mailboxes.at("ann@a.test").folders.at("INBOX");
    REQUIRE(inbox.size() == 1);
    CHECK(inbox[0].subject == "Undelivered Mail Returned to Sender");
    CHECK(check_reliability(w->trace().events(), view).empty());
    // The bounce is an RFC 3464 report a program can read back (the one builder, mail::build_dsn).
    const store::Store* store = w->store_of("mail.a.test");
    REQUIRE(store);
    const auto& stored = store->mailbox("ann")->inbox().messages();
    REQUIRE(stored.size() == 1);
    const mail::Message bounce = mail::parse_message(stored.front().bytes());
    auto status = mail::parse_delivery_status(bounce);
    REQUIRE(status.ok());
    CHECK(status->per_message.get("Reporting-MTA").value_or("") == "dns; mail.a.test");
    REQUIRE(status->per_recipient.size() == 1);
    CHECK(status->per_recipient[0].get("Final-Recipient").value_or("") == "rfc822; ben@b.test");
    CHECK(status->per_recipient[0].get("Action").value_or("") == "failed");
    CHECK(status->per_recipient[0].get("Status").value_or("") == "5.0.0");
}

TEST_CASE("seeking backwards gives the same view as folding from the start") {
    auto w = make(kTwoDomains);
    for (int i = 0; i < 30; ++i)
        REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=m" + std::to_string(i) +
                           " body=x")
                    .ok());
    w->run_until_idle(kDay);
    const auto& events = w->trace().events();
    REQUIRE(events.size() > 600);
    for (std::size_t position : {events.size(), std::size_t{517}, std::size_t{3}, std::size_t{300},
                                 std::size_t{0}, std::size_t{599}, events.size() - 1}) {
        const WorldView seen = w->view_at(position);
        WorldView fresh = initial_view(w->scenario());
        for (std::size_t i = 0; i < position; ++i)
            apply(fresh, events[i]);
        CHECK(seen.position == position);
        CHECK(seen.counters.delivered == fresh.counters.delivered);
        CHECK(seen.queued_recipients() == fresh.queued_recipients());
        CHECK(seen.mailboxes.at("ben@b.test").folders.at("INBOX").size() ==
              fresh.mailboxes.at("ben@b.test").folders.at("INBOX").size());
        CHECK(seen.connections.size() == fresh.connections.size());
    }
}

TEST_CASE("rewind replays recorded inputs: the same trace up to the cut, then a new branch") {
    auto w = make(kTwoDomains, 5);
    w->run_until(kSecond);
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=one body=1").ok());
    w->run_until(2 * kMinute);
    REQUIRE(
        w->perform("telnet from=mail.a.test host=mail.b.test port=25 send=\"HELO a.test\"").ok());
    w->run_until(3 * kMinute);
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=two body=2").ok());
    w->run_until_idle(kDay);

    auto full = w->rewind(w->trace().size());
    REQUIRE(full.ok());
    (*full)->run_until_idle(kDay);
    CHECK(trace_text(**full) == trace_text(*w)); // inputs replay at the same points

    const std::size_t cut = w->inputs()[2].trace_size; // before the second compose
    auto branch = w->rewind(cut);
    REQUIRE(branch.ok());
    World& b = **branch;
    CHECK(b.trace().size() >= cut);
    for (std::size_t i = 0; i < cut; ++i)
        CHECK(to_json_line(b.trace()[i]) == to_json_line(w->trace()[i]));
    REQUIRE(b.perform("fault host=mail.b.test down").ok());
    b.run_until_idle(kDay);
    CHECK(b.view().counters.delivered == 1); // only the first message; the second never went
}

TEST_CASE("scenarios are read by the one TOML reader: the lessons' messages, every table checked") {
    auto unknown = parse_scenario("[[host]]\nname = \"a\"\ncolour = 1\n", "f.toml");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.rfind("unknown key 'colour' in [[host]] (known: name, ip, ", 0) ==
          0);
    CHECK(unknown.error().line == 3);
    CHECK(unknown.error().column == 1);
    auto missing = parse_scenario("[[host]]\nip = \"10.0.0.1\"\n", "f.toml");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "missing 'name'");
    // A section that is not a table was silently ignored before.
    auto defaults = parse_scenario("defaults = 5\n", "f.toml");
    REQUIRE_FALSE(defaults.ok());
    CHECK(defaults.error().message == "'defaults' must be a table ([defaults])");
}

TEST_CASE("scenario errors carry line and column; nothing crashes on junk") {
    auto bad = parse_scenario("[[host]]\nname = \"x\"\nretry = [\"5 parsecs\"]\n", "f.toml");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().line == 3);
    auto unknown = parse_scenario("[[user]]\naddress = \"a@b\"\ncolour = 1\n", "f.toml");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().line == 3);
    CHECK(unknown.error().message.find("colour") != std::string::npos);
    // A table header toml++ 3.3 would assert on is an ordinary error with its position.
    auto hazard = parse_scenario("name = \"x\"\n[|host]\n", "f.toml");
    REQUIRE_FALSE(hazard.ok());
    CHECK(hazard.error().line == 2);
    CHECK(hazard.error().column == 2);
    for (const char* junk :
         {"", "=", "[[[", "host = 5", "[[link]]\na=\"x\"", "\xff\xfe", "[[action]]\ndo = 3",
          "until = \"-5s\"", "[[host]]\nname=\"a\"\nip=\"1.2.3\"", "[|host]", "[[}", "[\n"}) {
        auto r = parse_scenario(junk, "junk.toml");
        if (r.ok()) // an empty world is fine; it must also run
            CHECK(World::create(*r).ok());
    }
}

TEST_CASE("forced replies: 550 at RCPT bounces to the sender, 450 makes the MTA retry") {
    auto w = make(kTwoDomains);
    REQUIRE(w->perform("force host=mail.b.test at=RCPT code=550 count=1").ok());
    REQUIRE(w->perform("compose from=ann@a.test to=ben@b.test subject=refused body=x").ok());
    w->run_until_idle(kDay);
    CHECK(w->view().counters.bounced == 1);
    CHECK(w->view().mailboxes.at("ann@a.test").folders.at("INBOX").size() == 1);

    auto w2 = make(kTwoDomains);
    REQUIRE(w2->perform("force host=mail.b.test at=RCPT code=450 count=2").ok());
    REQUIRE(w2->perform("compose from=ann@a.test to=ben@b.test subject=later body=x").ok());
    w2->run_until_idle(kDay);
    int retries = 0;
    for (const auto& e : w2->trace().events())
        retries += e.kind == EventKind::Retry;
    CHECK(retries == 2);
    CHECK(w2->view().counters.delivered == 1);
    CHECK(check_reliability(w2->trace().events(), w2->view()).empty());
    CHECK_FALSE(w2->perform("force host=mail.b.test at=RCPT code=250").ok());
}

TEST_CASE("a hand-typed session: typed lines and the server's answers are one dialogue") {
    auto w = make(kTwoDomains);
    REQUIRE(
        w->perform("telnet from=mail.a.test host=mail.b.test port=25 send=\"HELO a.test\"").ok());
    w->run_until(kSecond);
    REQUIRE(w->perform("telnet from=mail.a.test host=mail.b.test port=25 send=\"VRFY ben\"").ok());
    w->run_until(2 * kSecond);
    REQUIRE(w->perform("telnet from=mail.a.test host=mail.b.test port=25 send=QUIT").ok());
    w->run_until_idle(kDay);
    std::vector<std::string> lines;
    for (const auto& e : w->trace().events())
        if ((e.kind == EventKind::Command || e.kind == EventKind::Reply) && e.proto == Proto::Smtp)
            lines.push_back((e.dir == Direction::C2S ? "C: " : "S: ") + e.text);
    REQUIRE(lines.size() == 7);
    CHECK(lines[0].rfind("S: 220 ", 0) == 0); // the banner comes before the first typed line
    CHECK(lines[1] == "C: HELO a.test");
    CHECK(lines[3] == "C: VRFY ben");
    CHECK(lines[4].rfind("S: 25", 0) == 0);
    CHECK(lines[5] == "C: QUIT");
    CHECK(lines[6].rfind("S: 221 ", 0) == 0);
    CHECK(w->inputs().size() == 3);
}
