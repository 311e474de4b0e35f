// The loader on a small but complete lesson, and on broken copies: every problem must come
// back as file:line:col pointing at the offending text, never as a crash.
#include "sim/lesson/lesson_loader.h"

#include "sim/core/toml_guard.h"

#include <doctest/doctest.h>

#include <string>

using namespace mailsim;
using namespace mailsim::lesson;

namespace {

const char* kToml = R"(id = "smtp-session"
topic = 2
scenario = "alice-bob"
title = { ko = "SMTP 대화", en = "The SMTP dialogue" }
summary = { ko = "한 줄씩 봅니다.", en = "Line by line." }
minutes = 15

[[step]]
id = "greeting"
run_to = "reply proto=smtp code=220"
views = ["sequence", "transcript"]
highlight = ["host:mail.hamburger.edu", "code:220"]

[[step]]
id = "send"

[[step.task]]
id = "send-to-bob"
text = { ko = "밥에게 보내 보세요.", en = "Send bob a mail." }
done_when = ["mailbox user=bob@hamburger.edu count>=1"]
solution = ["compose from=alice@crepes.fr to=bob@hamburger.edu subject=\"Hi\" body=\"Hello\""]
)";

const char* kKo = R"(## 인사 {#greeting}

서버가 먼저 **220**으로 인사합니다.

## 보내기 {#send}

- `MAIL FROM`
- `RCPT TO`
)";

const char* kEn = R"(## The greeting {#greeting}

The server speaks first with **220**.

## Sending {#send}

1. `MAIL FROM`
2. `RCPT TO`
)";

LessonSources sources(std::string toml = kToml, std::string ko = kKo, std::string en = kEn) {
    LessonSources s;
    s.toml = SourceFile{"l/lesson.toml", std::move(toml)};
    s.markdown_ko = SourceFile{"l/lesson.ko.md", std::move(ko)};
    s.markdown_en = SourceFile{"l/lesson.en.md", std::move(en)};
    return s;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string first_problem(const LessonSources& s) {
    auto loaded = load_lesson(s);
    REQUIRE_FALSE(loaded.ok());
    return loaded.diagnostics.front().to_string();
}

} // namespace

TEST_CASE("a complete lesson loads with both languages, steps, views and tasks") {
    auto loaded = load_lesson(sources());
    for (const auto& d : loaded.diagnostics)
        INFO(d.to_string());
    REQUIRE(loaded.ok());
    const Lesson& lesson = loaded.value;
    CHECK(lesson.id == "smtp-session");
    CHECK(lesson.topic == 2);
    CHECK(lesson.scenario.text == "alice-bob");
    CHECK(lesson.scenario.pos.line == 3);
    CHECK(lesson.minutes == 15);
    CHECK(lesson.title.ko == "SMTP 대화");
    CHECK(lesson.title.in(Language::English) == "The SMTP dialogue");
    REQUIRE(lesson.steps.size() == 2);
    const Step& greeting = lesson.steps[0];
    CHECK(greeting.title.ko == "인사");
    CHECK(greeting.title.en == "The greeting");
    REQUIRE(greeting.run_to);
    CHECK(greeting.run_to->text == "reply proto=smtp code=220");
    CHECK(greeting.views == std::vector<std::string>{"sequence", "transcript"});
    CHECK(greeting.highlight.size() == 2);
    REQUIRE(greeting.body_en.blocks.size() == 1);
    CHECK(plain_text(greeting.body_en.blocks[0].text) == "The server speaks first with 220.");
    CHECK(greeting.body_ko.blocks[0].line == 3); // line numbers are those of the .md file
    const Step& send = lesson.steps[1];
    CHECK_FALSE(send.run_to);
    REQUIRE(send.tasks.size() == 1);
    CHECK(send.tasks[0].id == "send-to-bob");
    CHECK(send.tasks[0].done_when[0].text == "mailbox user=bob@hamburger.edu count>=1");
    CHECK(send.tasks[0].solution.size() == 1);
    CHECK(send.body_ko.blocks[0].kind == BlockKind::BulletList);
    CHECK(send.body_en.blocks[0].kind == BlockKind::NumberedList);
    CHECK_FALSE(lesson.quiz);
    CHECK(parse_lesson(sources()).ok());
}

TEST_CASE("TOML syntax errors carry toml++'s position") {
    auto s = sources(replace(kToml, "minutes = 15", "minutes = = 15"));
    CHECK(first_problem(s).starts_with("l/lesson.toml:6:11: "));
    auto result = parse_lesson(s);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().line == 6);
    CHECK(result.error().message.starts_with("l/lesson.toml:6:11: "));
}

TEST_CASE("schema problems point at the key or value") {
    // Columns count characters like toml++ does, so Korean text before a value counts once.
    CHECK(first_problem(sources(replace(kToml, "topic = 2", "topic = 15"))) ==
          "l/lesson.toml:2:9: topic is a number from 1 to 14 (13 lecture topics, then 14: DNS and "
          "MX)");
    CHECK(first_problem(sources(replace(kToml, "minutes = 15", "minutes = 15\ncolour = 1"))) ==
          "l/lesson.toml:7:1: unknown key 'colour' in lesson.toml (known: id, kind, topic, "
          "scenario, title, summary, minutes, step, challenge)");
    CHECK(first_problem(sources(replace(kToml, "en = \"Line by line.\"", "en = \"  \""))) ==
          "l/lesson.toml:5:36: 'summary.en' is empty");
    CHECK(first_problem(sources(replace(kToml, ", en = \"Line by line.\"", ""))) ==
          "l/lesson.toml:5:11: 'summary' has no 'en' text");
    CHECK(first_problem(sources(
              replace(kToml, "\"sequence\", \"transcript\"", "\"sequence\", \"trnascript\""))) ==
          "l/lesson.toml:11:22: unknown view 'trnascript'");
}

TEST_CASE("event matches, task checks and actions are checked with their column") {
    // The column points into the string: `reply` starts one past the quote at column 10.
    CHECK(first_problem(sources(replace(kToml, "reply proto=smtp", "replyy proto=smtp"))) ==
          "l/lesson.toml:10:11: run_to: unknown event kind 'replyy'");
    CHECK(
        first_problem(sources(replace(kToml, "proto=smtp code", "proto=smpt code"))) ==
        "l/lesson.toml:10:23: run_to: proto must be one of tcp, dns, smtp, pop3, imap, http, uucp");
    CHECK(first_problem(sources(replace(kToml, "count>=1", "count>=one"))) ==
          "l/lesson.toml:20:46: done_when: count must be a whole number");
    // `event KIND ...` checks: the column still counts from the start of the whole check.
    CHECK(first_problem(sources(replace(kToml, "mailbox user=bob@hamburger.edu count>=1",
                                        "event comand verb=DATA"))) ==
          "l/lesson.toml:20:21: done_when: unknown event kind 'comand'");
    CHECK(first_problem(sources(replace(kToml, "mailbox user=bob@hamburger.edu count>=1",
                                        "event command verb=data"))) ==
          "l/lesson.toml:20:29: done_when: verb is written in upper case");
    CHECK(first_problem(sources(replace(kToml, "compose from", "compse from"))) ==
          "l/lesson.toml:21:14: solution: unknown action 'compse' (compose, retrieve, run, "
          "fault, force, alias, relay, telnet, dns, gateway)");
    CHECK(first_problem(
              sources(replace(kToml, "done_when = [\"mailbox user=bob@hamburger.edu count>=1\"]",
                              "done_when = []"))) ==
          "l/lesson.toml:17:1: task 'send-to-bob' needs done_when = [\"...\"]");
}

TEST_CASE("the .md files must have the same steps, in order, with text") {
    CHECK(first_problem(sources(kToml, replace(kKo, "{#send}", "{#sned}"))) ==
          "l/lesson.ko.md:5:1: step 'sned' is not a [[step]] in lesson.toml");
    auto loaded = load_lesson(sources(kToml, replace(kKo, "{#send}", "{#sned}")));
    REQUIRE(loaded.diagnostics.size() == 2);
    CHECK(loaded.diagnostics[1].to_string() ==
          "l/lesson.toml:14:1: step 'send' has no `## ... {#send}` heading in l/lesson.ko.md");
    CHECK(first_problem(sources(kToml, kKo, replace(kEn, " {#greeting}", ""))) ==
          "l/lesson.en.md:1:16: step heading must end with its step id, like {#greeting}");
    CHECK(first_problem(sources(kToml, kKo,
                                "## Sending {#send}\n\nx\n\n## The greeting {#greeting}\n\ny\n")) ==
          "l/lesson.en.md:1:1: step 'send' is step 2 in lesson.toml but heading 1 here");
    CHECK(first_problem(
              sources(kToml, kKo, replace(kEn, "The server speaks first with **220**.", ""))) ==
          "l/lesson.en.md:1:1: step 'greeting' has no text");
    CHECK(first_problem(sources(kToml, replace(kKo, "**220**으로", "**220으로"))) ==
          "l/lesson.ko.md:3:8: unclosed **bold**");
    auto missing = sources();
    missing.markdown_en.reset();
    CHECK(first_problem(missing) == "l/lesson.toml:1:1: missing lesson.en.md");
}

TEST_CASE("a ## line inside a code block does not start a step") {
    auto loaded = load_lesson(sources(kToml, kKo,
                                      "## The greeting {#greeting}\n\n```\n## not a step\n```\n\n"
                                      "## Sending {#send}\n\ntext\n"));
    for (const auto& d : loaded.diagnostics)
        INFO(d.to_string());
    REQUIRE(loaded.ok());
    CHECK(loaded.value.steps[0].body_en.blocks[0].code == "## not a step");
}

TEST_CASE("a bad table header is an error, not toml++'s assertion") {
    // toml++ 3.3 asserts on `[|x]` (found by fuzz_lesson); the guard reports it first.
    CHECK(first_problem(sources(replace(kToml, "[[step.task]]", "[[|step.task]]"))) ==
          "l/lesson.toml:17:3: a table name must follow '[' (letters, digits, _ or -)");
    CHECK(first_problem(
              sources(replace(kToml, "[[step]]\nid = \"send\"", "[ !step]\nid = \"send\""))) ==
          "l/lesson.toml:14:3: a table name must follow '[' (letters, digits, _ or -)");
    // Nested arrays, inline tables and multi-line strings are left alone.
    CHECK_FALSE(
        find_toml_hazard("a = [\n[1, 2],\n{ x = 1 },\n]\nb = \"\"\"\n[|not a header]\n\"\"\"\n"));
    CHECK_FALSE(find_toml_hazard("[ \"quoted\" ]\n[[ arr ]]\n[]\n"));
    CHECK(find_toml_hazard("[[}")->column == 3);
    CHECK(find_toml_hazard("a = 1\n[\n")->line == 2);
    CHECK(find_toml_hazard("a = [ # comment ]\n  1 ]\n[#x]\n")->line == 3);
    CHECK_FALSE(find_toml_hazard("a = \"[\" # [\nb = '''\n[}\n'''\n[ok]\n"));
}

TEST_CASE("garbage never crashes the loader") {
    const std::string inputs[] = {"",
                                  "[[step]]",
                                  "id = 3\n[[step]]\nid = []",
                                  "step = 1",
                                  "[[step]]\ntask = 5",
                                  "\xff\xfe\x00",
                                  "title = { ko = 1, en = [] }",
                                  "[[step]]\n[[step.task]]\nid = 1"};
    for (const auto& input : inputs) {
        auto loaded = load_lesson(sources(input, "", "## x {#y}"));
        CHECK_FALSE(loaded.ok());
        for (const auto& d : loaded.diagnostics)
            CHECK(d.line >= 0);
    }
}
