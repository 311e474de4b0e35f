// A step's `expect` claims: the parser rejects what lint could not check, and the evaluator
// reads the same world view the app draws, at the step's point in the real alice-bob trace.
#include "sim/lesson/expectation.h"
#include "sim/lesson/lesson_player.h"

#include "tests/helpers/data_files.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace mailsim;
using namespace mailsim::lesson;
using mailsim::test::read_file;

namespace {

std::unique_ptr<world::World> alice_bob() {
    const auto path =
        std::filesystem::path(MAILSIM_SOURCE_DIR) / "lessons" / "scenarios" / "alice-bob.toml";
    auto scenario = world::parse_scenario(read_file(path), path.string());
    REQUIRE(scenario.ok());
    auto created = world::World::create(*scenario, 1);
    REQUIRE(created.ok());
    return std::move(*created);
}

// The world run to `match`, and each expectation judged there as lint judges it.
struct At {
    std::unique_ptr<world::World> world = alice_bob();
    std::size_t event = 0;

    explicit At(std::string_view match) {
        auto found = run_to_event(*world, match, 0);
        REQUIRE(found.ok());
        event = *found;
    }
    ExpectOutcome check(std::string_view spec) {
        const world::WorldView view = world->view_at(event + 1);
        auto outcome =
            evaluate_expectation({view, world->trace().events(), event + 1, event}, spec);
        REQUIRE_MESSAGE(outcome.ok(), spec);
        return *outcome;
    }
    bool holds(std::string_view spec) { return check(spec).holds; }
};

int column_of_error(std::string_view spec) {
    const Status status = check_expectation(spec);
    REQUIRE_FALSE(status.ok());
    return status.error().column;
}

} // namespace

TEST_CASE("expectation syntax: every kind parses, mistakes point at their column") {
    for (const char* good :
         {"state proto=smtp host=mail.hamburger.edu is=Ready", "state conn=step is=Data",
          "tcp conn=1 segments>=3", "tcp conn=step kind=synack segments=0",
          "queue host=mail.crepes.fr messages=0", "mailbox user=bob@hamburger.edu messages<=2",
          "mailbox user=bob@hamburger.edu folder=Sent messages=1", "connections proto=smtp open=1",
          "happened reply proto=smtp code=221", "inspector has-message"})
        CHECK_MESSAGE(check_expectation(good).ok(), good);
    CHECK(column_of_error("mailbox user=bob@hamburger.edu count=1") == 32);
    CHECK(column_of_error("queue host=mail.crepes.fr") == 1); // needs messages=
    CHECK(column_of_error("tcp conn=x segments=1") == 5);
    CHECK(column_of_error("tcp kind=push segments=1") == 5);
    CHECK(column_of_error("state is>=Ready") == 7);
    CHECK(column_of_error("connections proto=smpt open=1") == 13);
    CHECK(column_of_error("inspector empty") == 1);
    CHECK(column_of_error("happened reply colour=red") == 16);
    CHECK(column_of_error("weather sunny") == 1);
    CHECK(column_of_error("queue host=a host=b messages=1") == 14);
}

TEST_CASE("at the SYN only the SYN is on screen") {
    At at("tcp_syn host=mail.crepes.fr");
    CHECK(at.holds("tcp conn=step segments=1"));
    CHECK(at.holds("tcp conn=step kind=synack segments=0"));
    CHECK_FALSE(at.holds("tcp conn=step segments>=3"));
    CHECK(at.check("tcp conn=step segments>=3").actual == "1");
    CHECK(at.holds("connections proto=smtp open=0")); // not open before the handshake ends
}

TEST_CASE("the server's state and the queues at the step's reply") {
    At helo("reply proto=smtp code=250 text=Hello");
    // The state change is recorded right after the reply: the 250 itself still shows Greeting.
    CHECK(helo.holds("state conn=step is=Greeting"));
    CHECK(helo.holds("connections proto=smtp open=1"));
    At ready("state_change state=Ready");
    CHECK(ready.holds("state conn=step is=Ready"));
    CHECK(ready.holds("state proto=smtp host=mail.hamburger.edu is=Ready"));
    CHECK(ready.check("state proto=smtp is=Data").actual == "Ready");
    CHECK(ready.holds("queue host=mail.crepes.fr messages=1"));
    CHECK(ready.holds("mailbox user=bob@hamburger.edu messages=0"));
    CHECK(ready.holds("happened reply code=220"));
    CHECK_FALSE(ready.holds("happened reply code=221"));
}

TEST_CASE("the inspector has a message once DATA lines crossed, or once one is stored") {
    At before("reply proto=smtp code=354");
    CHECK_FALSE(before.holds("inspector has-message"));
    CHECK(before.check("inspector has-message").actual == "no message to show");
    At after("data text=.");
    CHECK(after.holds("inspector has-message"));
    const auto target =
        inspector_target(after.world->view_at(after.event + 1), after.world->trace().events(),
                         after.event + 1, after.event);
    CHECK(target.conn == after.world->trace().events()[after.event].conn);
    At stored("mailbox_add user=bob@hamburger.edu");
    CHECK(stored.holds("mailbox user=bob@hamburger.edu messages=1"));
    const auto mailbox =
        inspector_target(stored.world->view_at(stored.event + 1), stored.world->trace().events(),
                         stored.event + 1, std::nullopt);
    CHECK(mailbox.mailbox == "bob@hamburger.edu/INBOX");
    CHECK(mailbox.uid == 1);
}

TEST_CASE("lint reports an expectation that does not hold at its file:line") {
    LessonSources sources;
    sources.toml = SourceFile{"x/lesson.toml", R"(id = "x"
topic = 2
scenario = "alice-bob"
title = { ko = "x", en = "x" }
summary = { ko = "x", en = "x" }
minutes = 5

[[step]]
id = "syn"
run_to = "tcp_syn host=mail.crepes.fr"
expect = ["tcp conn=step segments=1",
          "tcp conn=step segments>=3"]
)"};
    sources.markdown_ko = SourceFile{"x/lesson.ko.md", "## 연결 {#syn}\n\n본문\n"};
    sources.markdown_en = SourceFile{"x/lesson.en.md", "## Connect {#syn}\n\nBody\n"};
    auto loaded = load_lesson(sources);
    REQUIRE(loaded.ok());
    const auto path =
        std::filesystem::path(MAILSIM_SOURCE_DIR) / "lessons" / "scenarios" / "alice-bob.toml";
    auto scenario = world::parse_scenario(read_file(path), path.string());
    REQUIRE(scenario.ok());
    const auto report = play_lesson(loaded.value, *scenario, "x/lesson.toml", 1);
    REQUIRE(report.diagnostics.size() == 1);
    CHECK(report.diagnostics[0].line == 12);
    CHECK(report.diagnostics[0].message.find("segments>=3' does not hold (the screen shows: 1)") !=
          std::string::npos);
}
