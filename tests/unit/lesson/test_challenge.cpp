// Challenges: the loader's [challenge] table, lint's proof (broken untouched, fixed by the
// scripted repair) and the "check" verdict with the world's own evidence, against the real
// challenge lessons and against small broken and not-broken variants.
#include "sim/lesson/challenge.h"
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

const std::filesystem::path& kLessons = mailsim::test::kLessonsDir;

world::Scenario scenario_named(const std::string& name) {
    const auto path = kLessons / "scenarios" / (name + ".toml");
    auto scenario = world::parse_scenario(read_file(path), path.string());
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().message);
    return *scenario;
}

const char* kStory = "## Story {#story}\n\nSomething is broken.\n";

Loaded<Lesson> load(const std::string& toml) {
    LessonSources sources;
    sources.toml = SourceFile{"c/lesson.toml", toml};
    sources.markdown_ko = SourceFile{"c/lesson.ko.md", kStory};
    sources.markdown_en = SourceFile{"c/lesson.en.md", kStory};
    return load_lesson(sources);
}

std::string challenge_toml(const std::string& challenge_table) {
    return "id = \"fix-it\"\nkind = \"challenge\"\ntopic = 14\nscenario = "
           "\"challenge-missing-mx\"\n"
           "title = { ko = \"t\", en = \"t\" }\nsummary = { ko = \"s\", en = \"s\" }\n"
           "minutes = 5\n" +
           challenge_table + "\n[[step]]\nid = \"story\"\n";
}

const char* kGoodTable = R"([challenge]
goal = { ko = "g", en = "g" }
check = ["mailbox user=bob@hamburger.edu count>=1"]
solution = ["run for=30", "dns domain=hamburger.edu mx=\"10 mail.hamburger.edu\"", "compose from=alice@crepes.fr to=bob@hamburger.edu subject=\"x\" body=\"y\"", "run for=120"]
[[challenge.hint]]
after = "90s"
text = { ko = "h1", en = "h1" }
[[challenge.hint]]
after = "3m"
text = { ko = "h2", en = "h2" }
)";

bool mentions(const std::vector<Diagnostic>& diagnostics, const std::string& text) {
    for (const auto& d : diagnostics)
        if (d.message.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_CASE("challenge: the loader reads goal, checks, solution and hints in order") {
    auto loaded = load(challenge_toml(kGoodTable));
    REQUIRE_MESSAGE(loaded.ok(), loaded.diagnostics.front().to_string());
    const Lesson& l = loaded.value;
    CHECK(l.kind == LessonKind::Challenge);
    REQUIRE(l.challenge);
    CHECK(l.challenge->check.size() == 1);
    CHECK(l.challenge->solution.size() == 4);
    REQUIRE(l.challenge->hints.size() == 2);
    CHECK(l.challenge->hints[0].after_seconds == 90);
    CHECK(l.challenge->hints[1].after_seconds == 180);
}

TEST_CASE("challenge: a malformed challenge is reported where it is written") {
    CHECK(mentions(load(challenge_toml("")).diagnostics, "needs a [challenge] table"));
    auto plain = challenge_toml(kGoodTable);
    plain.replace(plain.find("kind = \"challenge\""), 18, "kind = \"lesson\"");
    CHECK(mentions(load(plain).diagnostics, "[challenge] belongs in a lesson with kind"));
    auto odd_kind = challenge_toml(kGoodTable);
    odd_kind.replace(odd_kind.find("\"challenge\""), 11, "\"puzzle\"");
    CHECK(mentions(load(odd_kind).diagnostics, "kind is \"lesson\""));
    CHECK(mentions(load(challenge_toml("[challenge]\ngoal = { ko = \"g\", en = \"g\" }\n"
                                       "solution = [\"run for=1\"]\n"))
                       .diagnostics,
                   "needs check"));
    CHECK(mentions(load(challenge_toml("[challenge]\ngoal = { ko = \"g\", en = \"g\" }\n"
                                       "check = [\"mailbox user=bob@hamburger.edu\"]\n"
                                       "solution = [\"run for=1\"]\n"))
                       .diagnostics,
                   "check"));
    std::string bad_hint = kGoodTable;
    bad_hint.replace(bad_hint.find("\"90s\""), 5, "\"soon\"");
    CHECK(mentions(load(challenge_toml(bad_hint)).diagnostics, "after is a delay"));
    std::string order = kGoodTable;
    order.replace(order.find("\"3m\""), 4, "\"1m\"");
    CHECK(mentions(load(challenge_toml(order)).diagnostics, "hints unlock in order"));
}

TEST_CASE("challenge: every built-in challenge is broken untouched and fixed by its solution") {
    int challenges = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kLessons)) {
        if (!std::filesystem::exists(entry.path() / "lesson.toml"))
            continue;
        const std::string folder = entry.path().filename().string();
        LessonSources sources;
        sources.toml = SourceFile{folder + "/lesson.toml", read_file(entry.path() / "lesson.toml")};
        sources.markdown_ko =
            SourceFile{folder + "/lesson.ko.md", read_file(entry.path() / "lesson.ko.md")};
        sources.markdown_en =
            SourceFile{folder + "/lesson.en.md", read_file(entry.path() / "lesson.en.md")};
        auto loaded = load_lesson(sources);
        REQUIRE(loaded.ok());
        if (loaded.value.kind != LessonKind::Challenge)
            continue;
        ++challenges;
        INFO(folder);
        auto proof = prove_challenge(loaded.value, scenario_named(loaded.value.scenario.text),
                                     sources.toml.name, 1);
        for (const auto& d : proof.diagnostics)
            FAIL_CHECK(d.to_string());
        CHECK_FALSE(proof.broken_because.empty());
        CHECK(proof.solved_at > 0);
    }
    CHECK(challenges >= 10);
}

TEST_CASE("challenge: lint catches a challenge that is not broken and a repair that fails") {
    // "the queue is empty" holds at time 0: not a challenge at all.
    std::string table = kGoodTable;
    const std::string check = "mailbox user=bob@hamburger.edu count>=1";
    table.replace(table.find(check), check.size(), "queue host=mail.crepes.fr count=0");
    auto loaded = load(challenge_toml(table));
    REQUIRE(loaded.ok());
    auto proof = prove_challenge(loaded.value, scenario_named("challenge-missing-mx"), "c", 1);
    CHECK(mentions(proof.diagnostics, "challenge is not broken"));

    // Resending without repairing the DNS bounces again.
    std::string no_fix = kGoodTable;
    const std::string repair = "\"dns domain=hamburger.edu mx=\\\"10 mail.hamburger.edu\\\"\", ";
    REQUIRE(no_fix.find(repair) != std::string::npos);
    no_fix.erase(no_fix.find(repair), repair.size());
    loaded = load(challenge_toml(no_fix));
    REQUIRE(loaded.ok());
    REQUIRE(loaded.value.challenge->solution.size() == 3);
    proof = prove_challenge(loaded.value, scenario_named("challenge-missing-mx"), "c", 1);
    CHECK(mentions(proof.diagnostics, "challenge solution does not make"));
}

TEST_CASE("challenge: the verdict names the failing check and the world's evidence") {
    auto loaded = load(challenge_toml(kGoodTable));
    REQUIRE(loaded.ok());
    auto created = world::World::create(scenario_named("challenge-missing-mx"), 1);
    REQUIRE(created.ok());
    world::World& w = **created;
    w.run_until_idle(kMinute);
    Verdict verdict = judge_challenge(w, *loaded.value.challenge);
    CHECK_FALSE(verdict.solved);
    REQUIRE(verdict.checks.size() == 1);
    CHECK_FALSE(verdict.checks[0].holds);
    bool bounce = false;
    for (const auto& e : verdict.evidence)
        if (e.kind == Evidence::Kind::Bounce && e.text.find("NXDOMAIN") != std::string::npos) {
            bounce = true;
            REQUIRE(e.event);
            CHECK(w.trace().events()[*e.event].kind == world::EventKind::Bounced);
        }
    CHECK(bounce);

    // The repair, then the verdict again: solved, no evidence.
    std::size_t position = w.trace().size();
    for (const auto& action : loaded.value.challenge->solution)
        REQUIRE(run_solution_action(w, action.text, position).ok());
    verdict = judge_challenge(w, *loaded.value.challenge);
    CHECK(verdict.solved);
    CHECK(verdict.evidence.empty());
}

TEST_CASE("challenge: a stuck queue entry and a host that is down are evidence") {
    LessonSources sources;
    const auto dir = kLessons / "challenge-server-down";
    sources.toml = SourceFile{"lesson.toml", read_file(dir / "lesson.toml")};
    sources.markdown_ko = SourceFile{"lesson.ko.md", read_file(dir / "lesson.ko.md")};
    sources.markdown_en = SourceFile{"lesson.en.md", read_file(dir / "lesson.en.md")};
    auto loaded = load_lesson(sources);
    REQUIRE(loaded.ok());
    auto created = world::World::create(scenario_named("challenge-server-down"), 1);
    REQUIRE(created.ok());
    (*created)->run_until(5 * kMinute);
    Verdict verdict = judge_challenge(**created, *loaded.value.challenge);
    bool queued = false, down = false;
    for (const auto& e : verdict.evidence) {
        queued = queued || (e.kind == Evidence::Kind::StillQueued && e.host == "mail.crepes.fr" &&
                            e.text.find("bob@hamburger.edu") != std::string::npos);
        down = down || (e.kind == Evidence::Kind::Fault && e.host == "mail.hamburger.edu");
    }
    CHECK(queued);
    CHECK(down);
}
