// A challenge saved from the world editor: the world as it was made (broken: no MX for
// hamburger.edu) and the teacher's repair of the running world (the MX record, the mail sent
// again) as its scripted solution. The files load as a lesson, and lint's proof holds: broken
// untouched, solved by the repair.
#include "sim/lesson/challenge.h"
#include "sim/world/world_edit.h"
#include "sim/world/world_edit_challenge.h"

#include "tests/helpers/data_files.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::lesson;

TEST_CASE("a challenge saved from the editor loads and lint proves it broken and solved") {
    const auto path = mailsim::test::kLessonsDir / "scenarios" / "alice-bob.toml";
    auto base = world::parse_scenario(mailsim::test::read_file(path), path.string());
    REQUIRE(base.ok());
    // Broken in the editor: no MX record is made for a served domain.
    world::WorldEditor editor(*base);
    REQUIRE(!editor.apply(world::SetWorldOptions{base->title_en, base->title_ko, false}));
    auto created = world::World::create(editor.scenario());
    REQUIRE(created.ok());
    world::World& running = **created;
    // The teacher's repair, as a student would make it, while the world runs.
    running.run_until(40 * kSecond);
    REQUIRE(running.perform("dns domain=hamburger.edu mx=\"10 mail.hamburger.edu\"").ok());
    running.run_until(45 * kSecond);
    REQUIRE(running
                .perform("compose from=alice@crepes.fr to=bob@hamburger.edu subject=Again "
                         "body=\"Once more\"")
                .ok());
    CHECK(
        world::solution_lines(running.inputs(), 0) ==
        std::vector<std::string>{
            "run for=40", "dns domain=hamburger.edu mx=\"10 mail.hamburger.edu\"", "run for=5",
            "compose body=\"Once more\" from=alice@crepes.fr subject=Again to=bob@hamburger.edu"});

    world::ChallengeDraft draft;
    draft.name = "saved-missing-mx";
    draft.title_ko = "MX가 없는 도메인";
    draft.title_en = "A domain without MX";
    draft.goal_ko = "앨리스의 메일이 밥의 INBOX에 도착해야 합니다.";
    draft.goal_en = "Alice's mail must arrive in Bob's INBOX.";
    draft.checks = {"mailbox user=bob@hamburger.edu count>=1"};
    const auto files = world::write_challenge(running.scenario(), running.inputs(), draft);
    CHECK(files.folder == "challenge-saved-missing-mx");
    CHECK(files.scenario_path == "scenarios/saved-missing-mx.toml");

    LessonSources sources;
    sources.toml = SourceFile{files.folder + "/lesson.toml", files.lesson_toml};
    sources.markdown_ko = SourceFile{files.folder + "/lesson.ko.md", files.lesson_ko};
    sources.markdown_en = SourceFile{files.folder + "/lesson.en.md", files.lesson_en};
    auto lesson = load_lesson(sources);
    for (const auto& d : lesson.diagnostics)
        FAIL_CHECK(d.to_string());
    REQUIRE(lesson.value.kind == LessonKind::Challenge);
    auto scenario = world::parse_scenario(files.scenario, files.scenario_path);
    REQUIRE(scenario.ok());
    CHECK(scenario->name == "saved-missing-mx");
    const auto proof = prove_challenge(lesson.value, *scenario, sources.toml.name, 1);
    for (const auto& d : proof.diagnostics)
        FAIL_CHECK(d.to_string());
    CHECK_FALSE(proof.broken_because.empty());
    CHECK(proof.solved_at > 45 * kSecond);
}
