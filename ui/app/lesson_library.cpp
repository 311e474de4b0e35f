#include "lesson_library.h"

#include "ui/util/text_file.h"

#include <algorithm>
#include <filesystem>
#include <optional>

namespace mailsim::ui {
namespace {

namespace fs = std::filesystem;

std::optional<lesson::SourceFile> source(const fs::path& path, const std::string& shown_name) {
    auto text = read_text_file(path.string());
    if (!text)
        return std::nullopt;
    return lesson::SourceFile{shown_name, std::move(*text)};
}

void add_problems(LessonLibrary& library, const std::vector<lesson::Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics)
        library.problems.push_back(d.to_string());
}

} // namespace

const LessonEntry* LessonLibrary::find_lesson(const std::string& id) const {
    // A link may name the lesson by its id ("smtp-session") or by its folder
    // ("02-smtp-session"), which is what a teacher sees in the repository.
    for (const auto& entry : lessons)
        if (entry.lesson.id == id || entry.folder == id)
            return &entry;
    return nullptr;
}

const QuizEntry* LessonLibrary::find_quiz(const std::string& id) const {
    for (const auto& entry : quizzes)
        if (entry.id == id)
            return &entry;
    return nullptr;
}

LessonLibrary load_lesson_library(const std::string& data_dir) {
    LessonLibrary library;
    const fs::path root = fs::path(data_dir) / "lessons";
    std::error_code ec;
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(root, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "lesson.toml"))
            folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    for (const auto& folder : folders) {
        const std::string name = folder.filename().string();
        const std::string shown = "lessons/" + name + "/";
        lesson::LessonSources sources;
        sources.toml = *source(folder / "lesson.toml", shown + "lesson.toml");
        sources.markdown_ko = source(folder / "lesson.ko.md", shown + "lesson.ko.md");
        sources.markdown_en = source(folder / "lesson.en.md", shown + "lesson.en.md");
        sources.quiz = source(folder / "quiz.toml", shown + "quiz.toml");
        auto loaded = lesson::load_lesson(sources);
        add_problems(library, loaded.diagnostics);
        if (loaded.value.id.empty() || loaded.value.steps.empty())
            continue;
        library.lessons.push_back(LessonEntry{name, std::move(loaded.value)});
    }
    // Lessons in lecture order, then the challenges (also by topic).
    std::stable_sort(library.lessons.begin(), library.lessons.end(),
                     [](const auto& a, const auto& b) {
                         const bool ca = a.lesson.kind == lesson::LessonKind::Challenge;
                         const bool cb = b.lesson.kind == lesson::LessonKind::Challenge;
                         return ca != cb ? cb : a.lesson.topic < b.lesson.topic;
                     });

    const lesson::Text pre_title{"사전 평가", "Pre-test"};
    const lesson::Text post_title{"사후 평가", "Post-test"};
    for (const auto& [id, title] : {std::pair{std::string("pretest"), pre_title},
                                    std::pair{std::string("posttest"), post_title}}) {
        if (auto file =
                source(root / "quizzes" / (id + ".toml"), "lessons/quizzes/" + id + ".toml")) {
            auto loaded = lesson::load_quiz(*file);
            add_problems(library, loaded.diagnostics);
            if (!loaded.value.questions.empty())
                library.quizzes.push_back(QuizEntry{id, title, std::move(loaded.value)});
        }
    }
    for (const auto& entry : library.lessons)
        if (entry.lesson.quiz && !entry.lesson.quiz->questions.empty())
            library.quizzes.push_back(
                QuizEntry{entry.lesson.id, entry.lesson.title, *entry.lesson.quiz});
    return library;
}

} // namespace mailsim::ui
