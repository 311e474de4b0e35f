// The progress model and its JSON form: round trips, pre/post comparison, bad input.
#include "sim/lesson/json_text.h"
#include "sim/lesson/progress.h"

#include <doctest/doctest.h>

using namespace mailsim::lesson;

namespace {
QuizAttempt attempt(int score, int total, std::map<std::string, bool> results, std::string when) {
    QuizAttempt a;
    a.score = score;
    a.total = total;
    a.results = std::move(results);
    a.when = std::move(when);
    return a;
}
} // namespace

TEST_CASE("steps, tasks and the current step per lesson") {
    Progress progress;
    Lesson lesson;
    lesson.id = "smtp-session";
    for (const char* id : {"greeting", "envelope", "data", "quit"}) {
        Step step;
        step.id = id;
        lesson.steps.push_back(step);
    }
    CHECK(progress.lesson_fraction(lesson) == 0.0);
    progress.mark_step_done("smtp-session", "greeting");
    progress.mark_step_done("smtp-session", "greeting");
    progress.mark_step_done("smtp-session", "data");
    progress.mark_step_done("smtp-session", "removed-step");
    progress.mark_task_done("smtp-session", "send-to-bob");
    progress.set_current_step("smtp-session", "quit");
    CHECK(progress.step_done("smtp-session", "data"));
    CHECK_FALSE(progress.step_done("smtp-session", "quit"));
    CHECK_FALSE(progress.step_done("other", "data"));
    CHECK(progress.task_done("smtp-session", "send-to-bob"));
    CHECK(progress.lesson_fraction(lesson) == 0.5);
    CHECK(progress.lesson("smtp-session")->current_step == "quit");
    progress.reset_lesson("smtp-session");
    CHECK(progress.lesson_fraction(lesson) == 0.0);
}

TEST_CASE("pre-test against post-test") {
    Progress progress;
    CHECK_FALSE(progress.compare_pre_post().pre);
    progress.record_attempt(
        "pretest", attempt(1, 3, {{"port", true}, {"queue", false}, {"mime", false}}, "t1"));
    progress.record_attempt("pretest",
                            attempt(3, 3, {{"port", true}, {"queue", true}, {"mime", true}}, "t2"));
    progress.record_attempt(
        "posttest", attempt(2, 3, {{"port", false}, {"queue", true}, {"mime", true}}, "t3"));
    progress.record_attempt(
        "posttest", attempt(2, 3, {{"port", true}, {"queue", true}, {"mime", false}}, "t4"));
    const PrePostComparison c = progress.compare_pre_post();
    REQUIRE(c.pre);
    REQUIRE(c.post);
    CHECK(c.pre->when == "t1");  // the first pre-test: before studying
    CHECK(c.post->when == "t4"); // the latest post-test
    CHECK(c.change_points == doctest::Approx(100.0 / 3));
    CHECK(c.learned == std::vector<std::string>{"queue"});
    CHECK(c.still_wrong == std::vector<std::string>{"mime"});
    CHECK(c.forgot.empty());
    CHECK(progress.best_attempt("pretest")->when == "t2");
    CHECK(progress.attempts("posttest").size() == 2);
}

TEST_CASE("progress survives a JSON round trip, byte for byte") {
    Progress progress;
    progress.mark_step_done("smtp-session", "greeting");
    progress.mark_task_done("smtp-session", "send-to-bob");
    progress.set_current_step("parts-of-email", "메일박스 \"큐\"\n");
    progress.record_attempt("smtp-session",
                            attempt(4, 5, {{"port", true}, {"dot", false}}, "2026-11-23T09:00Z"));
    const std::string json = progress.to_json();
    CHECK(
        json ==
        R"({"lessons":{"parts-of-email":{"current_step":"메일박스 \"큐\"\n","steps_done":[],"tasks_done":[]},)"
        R"("smtp-session":{"current_step":"","steps_done":["greeting"],"tasks_done":["send-to-bob"]}},)"
        R"("quizzes":{"smtp-session":[{"results":{"dot":false,"port":true},"score":4,"total":5,"when":"2026-11-23T09:00Z"}]},)"
        R"("version":1})");
    auto back = Progress::from_json(json);
    REQUIRE(back.ok());
    CHECK(*back == progress);
    CHECK(back->to_json() == json);
    Progress empty;
    CHECK(Progress::from_json(empty.to_json())->to_json() == empty.to_json());
}

TEST_CASE("bad progress text is an error with a position, never a crash") {
    auto bad = Progress::from_json("{\"version\":1,\n \"lessons\": [}");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().line == 2);
    CHECK_FALSE(Progress::from_json("{\"version\":2}").ok());
    CHECK_FALSE(Progress::from_json("[]").ok());
    CHECK_FALSE(
        Progress::from_json(R"({"version":1,"quizzes":{"q":[{"score":5,"total":3}]}})").ok());
    CHECK_FALSE(Progress::from_json(std::string(100000, '[')).ok());
    CHECK_FALSE(
        Progress::from_json("{\"version\":1,\"lessons\":{\"a\":{\"steps_done\":[1]}}}").ok());
    for (const char* junk : {"", "{", "\"\\u12", "{\"a\":tru}", "1e999", "\"\x01\""})
        CHECK_FALSE(parse_json(junk).ok());
}

TEST_CASE("JSON strings: escapes and \\u including surrogate pairs decode to UTF-8") {
    auto value = parse_json(R"(["a\"b\\c\/\n\t", "\uD55C\uAE00", "\ud83d\ude00"])");
    REQUIRE(value.ok());
    CHECK(value->items()[0].as_string() == "a\"b\\c/\n\t");
    CHECK(value->items()[1].as_string() == "한글");
    CHECK(value->items()[2].as_string() == "\xF0\x9F\x98\x80");
    CHECK(JsonValue::string("\x01").dump() == "\"\\u0001\"");
}
