#pragma once
// The data of a lesson and its quiz as the loader builds it and the UI plays it. Plain values:
// the loader fills them from lesson.toml, lesson.{ko,en}.md and quiz.toml (the contract is
// notes/lesson-format.md, mirrored in docs/sections/lessons.md).
#include "sim/core/source_pos.h"
#include "sim/lesson/markdown.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::lesson {

enum class Language { Korean, English };

// A piece of text in both languages the app supports.
struct Text {
    std::string ko;
    std::string en;

    const std::string& in(Language language) const {
        return language == Language::Korean ? ko : en;
    }
};

using mailsim::Located;   // a string and where it was written
using mailsim::SourcePos; // 1-based line and column

struct Task {
    std::string id;
    Text text;
    std::vector<Located> done_when; // task checks, all must hold
    std::vector<Located> solution;  // actions that complete the task ("show me", lint)
    SourcePos pos;
};

struct Step {
    std::string id;
    Text title;       // the `## ` heading of each .md file without `{#id}`
    Text body;        // the Markdown under that heading
    Document body_ko; // body parsed into blocks for the renderer
    Document body_en;
    std::optional<Located> run_to; // event match: run the world to the next such event
    std::vector<std::string> views;
    std::vector<Located> highlight;
    std::vector<Located> expect; // what the screen shows at this step (checked by lint)
    std::vector<Task> tasks;
    SourcePos pos;

    const Document& document(Language language) const {
        return language == Language::Korean ? body_ko : body_en;
    }
};

enum class QuestionType { Single, Multi, Order, FillCode, FindMistake, Classify, PredictReply };

struct ClassifyItem {
    Text text;
    int category = 0;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::Single;
    Text prompt;
    std::vector<Text> choices;    // single, multi, order, find_mistake
    std::vector<int> answer;      // right indexes; order: the right sequence of choice indexes
    std::string code;             // fill_code
    std::vector<Text> categories; // classify
    std::vector<ClassifyItem> items;
    std::string scenario; // predict_reply
    std::optional<Located> pause_at;
    std::optional<std::uint64_t> seed; // predict_reply: nullopt = a random seed per attempt
    Text explanation;
    SourcePos pos;
};

struct Quiz {
    std::string file; // name it was loaded from (for messages)
    std::vector<Question> questions;
};

// A challenge hint, shown once the student has worked on the challenge for `after_seconds`
// of real time (the app's clock; lint ignores it).
struct Hint {
    int after_seconds = 0;
    Text text;
    SourcePos pos;
};

// A "fix it" lesson: the scenario starts broken, the student repairs the live world (faults,
// policy and DNS panels, telnet) and presses "check".
struct Challenge {
    Text goal;                     // what must work, as the student reads it
    std::vector<Located> check;    // task-check grammar; all must hold on the live world
    std::vector<Located> solution; // a repair that works (lint proves it; "show me")
    std::vector<Hint> hints;       // in the order they unlock
    SourcePos pos;
};

enum class LessonKind { Lesson, Challenge };

struct Lesson {
    std::string id;
    LessonKind kind = LessonKind::Lesson;
    std::optional<Challenge> challenge; // set exactly when kind == Challenge
    int topic = 0;
    Located scenario;
    Text title;
    Text summary;
    int minutes = 0;
    std::vector<Step> steps;
    std::optional<Quiz> quiz;
};

std::string_view to_string(QuestionType type);
std::optional<QuestionType> question_type_from_string(std::string_view name);

} // namespace mailsim::lesson
