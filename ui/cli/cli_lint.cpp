// `mailsim lint [PATH...]`: checks lesson folders and quiz files and prints every problem as
// `file:line:col: message` (the form editors and CI annotate). Exit 1 when anything is wrong.
#include "command_registry.h"

#include "sim/core/source_pos.h"
#include "sim/lesson/challenge.h"
#include "sim/lesson/lesson_loader.h"
#include "sim/lesson/lesson_player.h"
#include "sim/lesson/placeholders.h"
#include "sim/world/scenario.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace mailsim::lesson;
namespace world = mailsim::world;

namespace {

std::optional<SourceFile> read_source(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return SourceFile{path.generic_string(), text.str()};
}

enum class Depth { Syntax, Play };

struct LintRun {
    Depth depth = Depth::Play;
    std::vector<Diagnostic> diagnostics;
    std::map<std::string, std::optional<world::Scenario>> scenarios; // by path, parsed once
    int played = 0;
    std::vector<std::string> challenge_lines; // "challenge 'id': broken before (...), solved at T"
    std::map<std::string, std::string> lesson_ids;        // id -> lesson.toml that defines it
    std::map<std::string, std::set<std::string>> ui_keys; // by lessons root: ui.toml's keys
    int files = 0;

    void add(const std::vector<Diagnostic>& more) {
        diagnostics.insert(diagnostics.end(), more.begin(), more.end());
    }
};

// The scenario file parsed with the world's own loader; its problems are reported once.
const world::Scenario* load_scenario(LintRun& run, const fs::path& path) {
    const std::string key = path.generic_string();
    auto it = run.scenarios.find(key);
    if (it != run.scenarios.end())
        return it->second ? &*it->second : nullptr;
    auto& slot = run.scenarios[key];
    auto text = read_source(path);
    if (!text)
        return nullptr;
    auto parsed = world::parse_scenario(text->text, key);
    if (!parsed) {
        const mailsim::Error& error = parsed.error();
        // The world's messages may already start with "file:line:col: ".
        std::string message = error.message;
        const std::string prefix = key + ":";
        if (message.starts_with(prefix)) {
            const size_t cut = message.find(": ", prefix.size());
            message = cut == std::string::npos ? message : message.substr(cut + 2);
        }
        run.diagnostics.push_back(Diagnostic{key, error.line, error.column, message});
        return nullptr;
    }
    slot = std::move(*parsed);
    return &*slot;
}

fs::path scenario_path(const fs::path& lessons_root, const std::string& name) {
    return lessons_root / "scenarios" / (name + ".toml");
}

// Built-in scenarios live in <lessons root>/scenarios/<name>.toml; the root is the folder
// that holds the lesson folders (and quizzes/).
void check_scenario(LintRun& run, const fs::path& lessons_root, const std::string& file,
                    const std::string& name, SourcePos pos, std::string_view what) {
    if (name.empty())
        return;
    const fs::path scenario = lessons_root / "scenarios" / (name + ".toml");
    if (!fs::exists(scenario))
        run.diagnostics.push_back(Diagnostic{file, pos.line, pos.column,
                                             std::string(what) + " '" + name + "' not found (" +
                                                 scenario.generic_string() + ")"});
}

void check_quiz_scenarios(LintRun& run, const fs::path& lessons_root, const Quiz& quiz,
                          bool quiz_ok) {
    for (const auto& question : quiz.questions) {
        if (question.type != QuestionType::PredictReply)
            continue;
        check_scenario(run, lessons_root, quiz.file, question.scenario,
                       question.pause_at ? question.pause_at->pos : question.pos, "scenario");
        const fs::path path = scenario_path(lessons_root, question.scenario);
        if (run.depth != Depth::Play || !quiz_ok || question.scenario.empty() || !fs::exists(path))
            continue;
        // Several seeds: every attempt draws a new one, and each must have an answer.
        if (const world::Scenario* scenario = load_scenario(run, path))
            for (std::uint64_t seed : {1u, 2u, 3u}) {
                auto problems = check_predict_reply(question, *scenario, quiz.file, seed);
                run.add(problems);
                if (!problems.empty())
                    break;
            }
    }
}

// The keys of <lessons root>/i18n/ui.toml (lines `"key" = { ko = ..., en = ... }`).
const std::set<std::string>& ui_keys(LintRun& run, const fs::path& lessons_root) {
    const std::string root = lessons_root.generic_string();
    auto it = run.ui_keys.find(root);
    if (it != run.ui_keys.end())
        return it->second;
    auto& keys = run.ui_keys[root];
    if (auto file = read_source(lessons_root / "i18n" / "ui.toml")) {
        std::istringstream lines(file->text);
        for (std::string line; std::getline(lines, line);)
            if (line.size() > 2 && line[0] == '"')
                if (const size_t close = line.find('"', 1); close != std::string::npos)
                    keys.insert(line.substr(1, close - 1));
    }
    return keys;
}

// `{panel.topology}` in lesson text must name a UI string, or the learner sees the braces.
void check_placeholders(LintRun& run, const fs::path& lessons_root, const SourceFile& file) {
    const auto& keys = ui_keys(run, lessons_root);
    if (keys.empty())
        return; // no string table next to these lessons (a lone lesson folder elsewhere)
    for (const auto& placeholder : find_placeholders(file.text)) {
        if (keys.count(placeholder.key))
            continue;
        // Columns count characters, as the loader's do: a Korean syllable is one column.
        const mailsim::SourcePos at = mailsim::position_of(file.text, placeholder.offset);
        run.diagnostics.push_back(
            Diagnostic{file.name, at.line, at.column,
                       "{" + placeholder.key + "} is not a UI string (lessons/i18n/ui.toml)"});
    }
}

void lint_lesson(LintRun& run, const fs::path& folder) {
    LessonSources sources;
    auto toml = read_source(folder / "lesson.toml");
    if (!toml) {
        run.diagnostics.push_back(
            Diagnostic{(folder / "lesson.toml").generic_string(), 1, 1, "cannot read the file"});
        return;
    }
    sources.toml = std::move(*toml);
    sources.markdown_ko = read_source(folder / "lesson.ko.md");
    sources.markdown_en = read_source(folder / "lesson.en.md");
    if (fs::exists(folder / "quiz.toml"))
        sources.quiz = read_source(folder / "quiz.toml");
    run.files += 3 + (sources.quiz ? 1 : 0);

    auto loaded = load_lesson(sources);
    run.add(loaded.diagnostics);
    const Lesson& lesson = loaded.value;
    const fs::path root = folder.parent_path();
    check_placeholders(run, root, sources.toml);
    for (const auto* md : {&sources.markdown_ko, &sources.markdown_en})
        if (*md)
            check_placeholders(run, root, **md);
    check_scenario(run, root, sources.toml.name, lesson.scenario.text, lesson.scenario.pos,
                   "scenario");
    if (lesson.quiz)
        check_quiz_scenarios(run, root, *lesson.quiz, loaded.ok());
    // Play it headless: every run_to resolves, every solution completes its task.
    const fs::path scenario_file = scenario_path(root, lesson.scenario.text);
    if (run.depth == Depth::Play && loaded.ok() && fs::exists(scenario_file)) {
        if (const world::Scenario* scenario = load_scenario(run, scenario_file)) {
            run.add(play_lesson(lesson, *scenario, sources.toml.name).diagnostics);
            ++run.played;
            // A challenge is proved twice over: broken untouched, fixed by its solution.
            if (lesson.kind == LessonKind::Challenge) {
                auto proof = prove_challenge(lesson, *scenario, sources.toml.name);
                if (proof.diagnostics.empty())
                    run.challenge_lines.push_back("challenge '" + lesson.id +
                                                  "': broken before ('" + proof.broken_because +
                                                  "' never holds), solved by its solution at " +
                                                  mailsim::format_sim_time(proof.solved_at));
                run.add(proof.diagnostics);
            }
        }
    }

    if (!lesson.id.empty()) {
        auto [it, fresh] = run.lesson_ids.emplace(lesson.id, sources.toml.name);
        if (!fresh)
            run.diagnostics.push_back(
                Diagnostic{sources.toml.name, 1, 1,
                           "lesson id '" + lesson.id + "' is also used by " + it->second});
    }
    // Folder NN-slug: NN is the topic, so the lesson list sorts in lecture order.
    const std::string name = folder.filename().string();
    if (name.size() > 3 && name[2] == '-' && std::isdigit(static_cast<unsigned char>(name[0])) &&
        std::isdigit(static_cast<unsigned char>(name[1])) && lesson.topic > 0 &&
        std::stoi(name.substr(0, 2)) != lesson.topic)
        run.diagnostics.push_back(
            Diagnostic{sources.toml.name, 1, 1,
                       "folder number " + name.substr(0, 2) +
                           " does not match topic = " + std::to_string(lesson.topic)});
}

void lint_quiz_file(LintRun& run, const fs::path& path) {
    auto source = read_source(path);
    ++run.files;
    if (!source) {
        run.diagnostics.push_back(Diagnostic{path.generic_string(), 1, 1, "cannot read the file"});
        return;
    }
    auto loaded = load_quiz(*source);
    run.add(loaded.diagnostics);
    // lessons/quizzes/x.toml -> lessons/
    check_quiz_scenarios(run, path.parent_path().parent_path(), loaded.value, loaded.ok());
}

std::vector<fs::path> sorted_entries(const fs::path& folder) {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(folder))
        entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    return entries;
}

// lessons/quizzes/: the pre-test, the post-test and any other quiz files.
void lint_quiz_folder(LintRun& run, const fs::path& folder) {
    for (const auto& file : sorted_entries(folder))
        if (file.extension() == ".toml")
            lint_quiz_file(run, file);
}

void lint_path(LintRun& run, const fs::path& path) {
    if (fs::is_regular_file(path)) {
        const std::string name = path.filename().string();
        if (name == "lesson.toml" || name == "lesson.ko.md" || name == "lesson.en.md" ||
            name == "quiz.toml")
            lint_lesson(run, path.parent_path());
        else if (path.extension() == ".toml")
            lint_quiz_file(run, path);
        else
            run.diagnostics.push_back(
                Diagnostic{path.generic_string(), 1, 1, "not a lesson or quiz file"});
        return;
    }
    if (!fs::is_directory(path)) {
        run.diagnostics.push_back(
            Diagnostic{path.generic_string(), 0, 0, "no such file or folder"});
        return;
    }
    if (fs::exists(path / "lesson.toml")) {
        lint_lesson(run, path);
        return;
    }
    if (path.filename() == "quizzes") {
        lint_quiz_folder(run, path);
        return;
    }
    for (const auto& entry : sorted_entries(path)) {
        const std::string name = entry.filename().string();
        if (!fs::is_directory(entry) || name.starts_with("."))
            continue;
        if (name == "scenarios" || name == "i18n")
            continue; // scenario files and UI strings have their own checks
        if (name == "quizzes") {
            lint_quiz_folder(run, entry);
            continue;
        }
        lint_path(run, entry);
    }
}

mailsim::cli::RegisterCommand reg{
    "lint", [](CLI::App& app) {
        auto* sub = app.add_subcommand("lint", "Check lesson folders and quiz files; print "
                                               "file:line:col: message for each problem");
        auto paths = std::make_shared<std::vector<std::string>>();
        auto syntax_only = std::make_shared<bool>(false);
        sub->add_flag("--syntax-only", *syntax_only,
                      "Check the files only; do not run the scenarios (fast, for editors)");
        sub->add_option("paths", *paths, "Lesson folders, quiz files or a lessons/ tree")
            ->default_val(std::vector<std::string>{"lessons"});
        sub->callback([paths, syntax_only] {
            LintRun run;
            run.depth = *syntax_only ? Depth::Syntax : Depth::Play;
            for (const auto& path : *paths)
                lint_path(run, fs::path(path));
            if (run.files == 0 && run.diagnostics.empty())
                run.diagnostics.push_back(Diagnostic{paths->empty() ? "." : paths->front(), 0, 0,
                                                     "no lesson folders or quiz files found"});
            for (const auto& diagnostic : run.diagnostics)
                std::printf("%s\n", diagnostic.to_string().c_str());
            std::fflush(stdout);
            if (!run.diagnostics.empty())
                throw mailsim::cli::CommandFailed{
                    std::to_string(run.diagnostics.size()) + " problem(s) in lesson files", 1};
            for (const auto& line : run.challenge_lines)
                std::fprintf(stderr, "mailsim lint: %s\n", line.c_str());
            std::fprintf(stderr,
                         "mailsim lint: %d files, %zu lessons (%d played headless), no problems\n",
                         run.files, run.lesson_ids.size(), run.played);
        });
    }};

} // namespace
