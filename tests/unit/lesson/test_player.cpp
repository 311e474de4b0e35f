// The lesson player against the real world and the real alice-bob scenario: run_to stops at
// the event, task checks read the world's state, solutions complete tasks, and a whole lesson
// plays headless. These are the same calls lint and the app's lesson runner make.
#include "sim/lesson/lesson_player.h"

#include "tests/helpers/data_files.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace mailsim;
using namespace mailsim::lesson;
using mailsim::test::read_file;

namespace {

const std::filesystem::path& kLessons = mailsim::test::kLessonsDir;

world::Scenario alice_bob() {
    const auto path = kLessons / "scenarios" / "alice-bob.toml";
    auto scenario = world::parse_scenario(read_file(path), path.string());
    REQUIRE(scenario.ok());
    return *scenario;
}

std::unique_ptr<world::World> make_world() {
    auto created = world::World::create(alice_bob(), 1);
    REQUIRE(created.ok());
    return std::move(*created);
}

LessonSources lesson_sources(const std::string& folder) {
    const auto dir = kLessons / folder;
    LessonSources sources;
    sources.toml = SourceFile{folder + "/lesson.toml", read_file(dir / "lesson.toml")};
    sources.markdown_ko = SourceFile{folder + "/lesson.ko.md", read_file(dir / "lesson.ko.md")};
    sources.markdown_en = SourceFile{folder + "/lesson.en.md", read_file(dir / "lesson.en.md")};
    return sources;
}

} // namespace

TEST_CASE("run_to stops at the matching event, not later") {
    auto world = make_world();
    auto found = run_to_event(*world, "reply proto=smtp code=354", 0);
    REQUIRE(found.ok());
    const auto& events = world->trace().events();
    CHECK(events[*found].kind == world::EventKind::Reply);
    CHECK(events[*found].code == 354);
    // The message has not been accepted yet: the world stopped right after 354.
    for (const auto& event : events)
        CHECK(event.kind != world::EventKind::Delivered);
    // From past that point, the next 250 is the one after the final dot.
    auto accepted = run_to_event(*world, "reply proto=smtp code=250", *found + 1);
    REQUIRE(accepted.ok());
    CHECK(world->trace().events()[*accepted].text == "250 Message accepted for delivery");
}

TEST_CASE("run_to reports an event that never comes") {
    auto world = make_world();
    auto missing = run_to_event(*world, "reply proto=smtp code=599", 0);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("never happens") != std::string::npos);
    CHECK_FALSE(run_to_event(*world, "replay code=1", 0).ok());
}

TEST_CASE("task checks read mailboxes, queues and the trace since the task began") {
    auto world = make_world();
    CHECK_FALSE(*task_check_holds(*world, "mailbox user=bob@hamburger.edu count>=1", 0));
    CHECK(*task_check_holds(*world, "mailbox user=bob@hamburger.edu count=0", 0));
    REQUIRE(run_to_event(*world, "queued host=mail.crepes.fr", 0).ok());
    CHECK(*task_check_holds(*world, "queue host=mail.crepes.fr count=1", 0));
    REQUIRE(run_to_event(*world, "mailbox_add user=bob@hamburger.edu", 0).ok());
    CHECK(*task_check_holds(*world, "mailbox user=bob@hamburger.edu count>=1", 0));
    REQUIRE(run_to_event(*world, "relayed host=mail.crepes.fr", 0).ok());
    CHECK(*task_check_holds(*world, "queue host=mail.crepes.fr count=0", 0));
    CHECK(*task_check_holds(*world, "delivered rcpt=bob@hamburger.edu", 0));
    CHECK(*task_check_holds(*world, "event reply proto=smtp code=354", 0));

    // A task's checks only count what happened after it was offered.
    const std::size_t since = world->trace().size();
    CHECK_FALSE(*task_check_holds(*world, "delivered rcpt=bob@hamburger.edu", since));
    std::size_t position = since;
    REQUIRE(run_solution_action(*world,
                                "compose from=alice@crepes.fr to=nobody@hamburger.edu "
                                "subject=\"x\" body=\"y\"",
                                position)
                .ok());
    REQUIRE(run_solution_action(*world, "run for=120", position).ok());
    CHECK(*task_check_holds(*world, "event reply proto=smtp code=550", since));
    CHECK(*task_check_holds(*world, "bounced to=alice@crepes.fr", since));
    CHECK(*task_check_holds(*world, "mailbox user=alice@crepes.fr count=1", since));
    CHECK_FALSE(*task_check_holds(*world, "bounced to=bob@hamburger.edu", since));
    CHECK_FALSE(task_check_holds(*world, "mailbox user=bob", 0).ok());
}

TEST_CASE("run until= moves the lesson position past the event") {
    auto world = make_world();
    std::size_t position = 0;
    REQUIRE(run_solution_action(*world, "run until=\"command verb=DATA\"", position).ok());
    CHECK(world->trace().events()[position - 1].verb == "DATA");
    CHECK_FALSE(run_solution_action(*world, "run until=\"reply code=599\"", position).ok());
    CHECK_FALSE(run_solution_action(*world, "dance now", position).ok());
}

TEST_CASE("predict_reply: the answer comes from the engine, for every seed") {
    Question question;
    question.type = QuestionType::PredictReply;
    for (auto [pause, code] : {std::pair{"command verb=DATA", "354"},
                               {"command verb=QUIT", "221"},
                               {"command verb=MAIL", "250"},
                               {"conn_open proto=smtp", "220"}}) {
        question.pause_at = Located{pause, {}};
        for (std::uint64_t seed : {1u, 7u, 12345u}) {
            auto answer = predict_reply_answer(question, alice_bob(), seed);
            REQUIRE(answer.ok());
            CHECK(*answer == code);
        }
    }
    question.pause_at = Located{"command verb=EXPN", {3, 12}};
    question.id = "never";
    auto problems = check_predict_reply(question, alice_bob(), "q.toml", 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].to_string().starts_with("q.toml:3:12: question 'never': pause_at "));
}

TEST_CASE("lessons 01-05 play headless from first step to last") {
    for (const char* folder : {"01-parts-of-email", "02-smtp-session", "03-smtp-commands",
                               "04-reply-codes", "05-message-format"}) {
        INFO(folder);
        auto loaded = load_lesson(lesson_sources(folder));
        REQUIRE(loaded.ok());
        // 01-04 play the lecture's alice-bob; 05 a variant whose mail has a whole header.
        const std::string name = loaded.value.scenario.text;
        REQUIRE((name == "alice-bob" || name == "message-format"));
        const auto path = kLessons / "scenarios" / (name + ".toml");
        auto scenario = world::parse_scenario(read_file(path), path.string());
        REQUIRE(scenario.ok());
        const PlayReport report = play_lesson(loaded.value, *scenario, "lesson.toml", 1);
        for (const auto& d : report.diagnostics)
            INFO(d.to_string());
        CHECK(report.diagnostics.empty());
        CHECK(report.events > 30);
    }
}

TEST_CASE("a broken lesson is reported at the run_to or check that fails") {
    auto sources = lesson_sources("02-smtp-session");
    auto& text = sources.toml.text;
    const std::string data_step = "state_change proto=smtp state=Data\"";
    text.replace(text.find(data_step), data_step.size(), "reply proto=smtp code=599\"");
    text.replace(text.find("count>=3"), 8, "count>=9");
    auto loaded = load_lesson(sources);
    REQUIRE(loaded.ok());
    const PlayReport report = play_lesson(loaded.value, alice_bob(), "l.toml", 1);
    // The run_to fails and play stops there: later steps depend on where it would have stopped.
    REQUIRE(report.diagnostics.size() == 1);
    CHECK(report.diagnostics[0].message.starts_with(
        "step 'data': run_to 'reply proto=smtp code=599' never happens"));
    CHECK(report.diagnostics[0].line == loaded.value.steps[5].run_to->pos.line);

    auto second = lesson_sources("02-smtp-session");
    second.toml.text.replace(second.toml.text.find("count>=3"), 8, "count>=9");
    auto reloaded = load_lesson(second);
    REQUIRE(reloaded.ok());
    const PlayReport task_report = play_lesson(reloaded.value, alice_bob(), "l.toml", 1);
    REQUIRE(task_report.diagnostics.size() == 1);
    CHECK(task_report.diagnostics[0].message ==
          "task 'two-in-one': the solution does not make 'mailbox user=bob@hamburger.edu "
          "count>=9' true");
}

TEST_CASE("a task is done once its checks hold while the world keeps running") {
    // No `run for` in the solution: like the app, the player keeps the world running.
    auto world = make_world();
    Task task;
    task.id = "noop";
    task.done_when = {Located{"event reply proto=smtp code=250", {}},
                      Located{"event command verb=NOOP", {}}};
    const std::size_t since = world->trace().size();
    std::size_t position = 0;
    REQUIRE(run_solution_action(*world, "telnet host=mail.hamburger.edu port=25 send=\"NOOP\"",
                                position)
                .ok());
    CHECK_FALSE(*task_done(*world, task, since)); // nothing has travelled yet
    auto done = run_until_task_done(*world, task, since);
    REQUIRE(done.ok());
    CHECK(*done);
    task.done_when.push_back(Located{"mailbox user=bob@hamburger.edu count>=5", {}});
    CHECK_FALSE(*run_until_task_done(*world, task, since, 10 * kMinute));
}

TEST_CASE("names the scenario does not declare are reported where they are written") {
    auto sources = lesson_sources("02-smtp-session");
    auto& text = sources.toml.text;
    text.replace(text.find("host:mail.hamburger.edu"), 23, "host:mail.hamburg.edu");
    text.replace(text.find("mailbox user=bob@hamburger.edu count"), 17, "mailbox user=rob@");
    auto loaded = load_lesson(sources);
    REQUIRE(loaded.ok());
    const auto problems = check_scenario_names(loaded.value, alice_bob(), "l.toml");
    REQUIRE(problems.size() == 2);
    const auto& highlight = loaded.value.steps[0].highlight[1];
    CHECK(problems[0].line == highlight.pos.line);
    CHECK(problems[0].column == highlight.pos.column + 6);
    CHECK(problems[0].message == "highlight: no host 'mail.hamburg.edu' in scenario 'alice-bob'");
    CHECK(problems[1].message == "done_when: no user 'rob@hamburger.edu' in scenario 'alice-bob'");
    // play_lesson stops at these before running anything.
    CHECK(play_lesson(loaded.value, alice_bob(), "l.toml", 1).diagnostics.size() == 2);
}

TEST_CASE("error-path predictions: the engines answer 554, 502, 550, 450, 503, 421, -ERR and NO") {
    const auto path = kLessons / "scenarios" / "error-paths.toml";
    auto scenario = world::parse_scenario(read_file(path), path.string());
    REQUIRE(scenario.ok());
    const std::map<std::string, std::string> expected = {
        {"predict-data-no-rcpt", "554"},  {"predict-expn-disabled", "502"},
        {"predict-unknown-user", "550"},  {"predict-wrong-password", "-ERR"},
        {"predict-select-missing", "NO"}, {"predict-second-session", "-ERR"},
        {"predict-forced-450", "450"},    {"predict-rcpt-before-mail", "503"},
        {"predict-idle-421", "421"},      {"predict-bare-lf", "554"}};
    int found = 0;
    for (const char* folder : {"03-smtp-commands", "04-reply-codes", "11-pop3", "12-imap"}) {
        const auto file = kLessons / folder / "quiz.toml";
        auto quiz = load_quiz(SourceFile{file.string(), read_file(file)});
        REQUIRE(quiz.ok());
        for (const auto& question : quiz.value.questions) {
            auto it = expected.find(question.id);
            if (it == expected.end())
                continue;
            ++found;
            for (std::uint64_t seed : {1u, 2u, 3u}) {
                auto answer = predict_reply_answer(question, *scenario, seed);
                REQUIRE_MESSAGE(answer.ok(), question.id);
                CHECK_MESSAGE(*answer == it->second, question.id);
            }
        }
    }
    CHECK(found == 10);
}
