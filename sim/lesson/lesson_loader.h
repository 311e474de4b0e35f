#pragma once
// Builds a Lesson (and its Quiz) from the text of its files. No file I/O here: the caller
// (the app, the CLI, a test) reads the files and passes their contents with their names, so
// every problem comes back as `file:line:col: message` pointing into the right file.
#include "sim/core/result.h"
#include "sim/lesson/lesson_model.h"

#include <optional>
#include <string>
#include <vector>

namespace mailsim::lesson {

struct SourceFile {
    std::string name; // shown in messages, e.g. "lessons/02-smtp-session/lesson.toml"
    std::string text;
};

struct Diagnostic {
    std::string file;
    int line = 0;
    int column = 0;
    std::string message;

    std::string to_string() const; // "file:line:col: message"
};

struct LessonSources {
    SourceFile toml;
    std::optional<SourceFile> markdown_ko; // nullopt: the file does not exist
    std::optional<SourceFile> markdown_en;
    std::optional<SourceFile> quiz;
};

template <class T>
struct Loaded {
    T value;
    std::vector<Diagnostic> diagnostics; // empty when everything is fine
    bool ok() const { return diagnostics.empty(); }
};

// Loads as much as it can and lists every problem (lint wants them all).
Loaded<Lesson> load_lesson(const LessonSources& sources);
Loaded<Quiz> load_quiz(const SourceFile& file);

// The app's form: the lesson or its first problem (message already "file:line:col: ...").
Result<Lesson> parse_lesson(const LessonSources& sources);
Result<Quiz> parse_quiz(const SourceFile& file);

// The step headings of one .md file: `## Title {#id}` -> id, title, body, positions.
struct MarkdownStep {
    std::string id;
    std::string title;
    std::string body;
    int heading_line = 0;
    int body_line = 0; // first line of the body
};
Loaded<std::vector<MarkdownStep>> split_steps(const SourceFile& file);

} // namespace mailsim::lesson
