#pragma once
// Every lesson and quiz the app offers, loaded from the data folder's lessons/ (one folder
// per lesson: lesson.toml, lesson.ko.md, lesson.en.md, quiz.toml; plus quizzes/pretest.toml
// and quizzes/posttest.toml). Broken files are listed with their positions, never fatal.
#include "sim/lesson/lesson_loader.h"
#include "sim/lesson/lesson_model.h"

#include <string>
#include <vector>

namespace mailsim::ui {

struct LessonEntry {
    std::string folder; // "02-smtp-session"
    lesson::Lesson lesson;
};

struct QuizEntry {
    std::string id; // "pretest", "posttest" or a lesson id
    lesson::Text title;
    lesson::Quiz quiz;
};

struct LessonLibrary {
    std::vector<LessonEntry> lessons;  // ordered by topic
    std::vector<QuizEntry> quizzes;    // pre-test, post-test, then one per lesson
    std::vector<std::string> problems; // "file:line:col: message"

    const LessonEntry* find_lesson(const std::string& id) const;
    const QuizEntry* find_quiz(const std::string& id) const;
};

LessonLibrary load_lesson_library(const std::string& data_dir);

} // namespace mailsim::ui
