#pragma once
// What a learner has done: steps and tasks finished per lesson, every quiz attempt, and the
// pre-test/post-test comparison the lecture asks for. The front ends store the JSON text
// (localStorage on the web, a file in the config folder on the desktop); sim/ never touches
// storage and never reads a clock, so the caller stamps attempts with its own time text.
#include "sim/core/result.h"
#include "sim/lesson/lesson_model.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mailsim::lesson {

inline constexpr std::string_view kPretestId = "pretest";
inline constexpr std::string_view kPosttestId = "posttest";

struct QuizAttempt {
    int score = 0; // questions answered correctly
    int total = 0;
    std::string when;                    // caller's time stamp, e.g. "2026-11-23T09:00Z"
    std::map<std::string, bool> results; // question id -> correct

    double percent() const { return total > 0 ? 100.0 * score / total : 0.0; }
    bool operator==(const QuizAttempt&) const = default;
};

struct LessonProgress {
    std::set<std::string> steps_done;
    std::set<std::string> tasks_done;
    std::string current_step; // where the learner left off ("" = the first step)
    bool operator==(const LessonProgress&) const = default;
};

struct PrePostComparison {
    std::optional<QuizAttempt> pre;  // the first pre-test attempt (before studying)
    std::optional<QuizAttempt> post; // the latest post-test attempt
    double change_points = 0;        // post percent - pre percent, when both exist
    // By question id, for questions both tests share (same fundamentals, reworded).
    std::vector<std::string> learned;     // wrong before, right after
    std::vector<std::string> still_wrong; // wrong both times
    std::vector<std::string> forgot;      // right before, wrong after
};

class Progress {
public:
    void mark_step_done(const std::string& lesson, const std::string& step);
    void mark_task_done(const std::string& lesson, const std::string& task);
    void set_current_step(const std::string& lesson, const std::string& step);
    bool step_done(const std::string& lesson, const std::string& step) const;
    bool task_done(const std::string& lesson, const std::string& task) const;
    // Finished steps out of the lesson's steps (ids no longer in the lesson do not count).
    double lesson_fraction(const Lesson& lesson) const;
    const LessonProgress* lesson(const std::string& lesson) const;

    void record_attempt(const std::string& quiz, QuizAttempt attempt);
    const std::vector<QuizAttempt>& attempts(const std::string& quiz) const;
    std::optional<QuizAttempt> best_attempt(const std::string& quiz) const;
    PrePostComparison compare_pre_post() const;

    void reset();
    void reset_lesson(const std::string& lesson);

    std::string to_json() const;
    static Result<Progress> from_json(std::string_view text);

    bool operator==(const Progress&) const = default;

private:
    std::map<std::string, LessonProgress> m_lessons;
    std::map<std::string, std::vector<QuizAttempt>> m_quizzes;
};

} // namespace mailsim::lesson
