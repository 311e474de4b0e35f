#include "sim/lesson/lesson_loader.h"

#include "sim/core/text_lines.h"
#include "sim/core/toml_guard.h"
#include "sim/lesson/expectation.h"
#include "sim/lesson/lesson_syntax.h"
#include "sim/lesson/toml_reader.h"

#include <set>

namespace mailsim::lesson {

using detail::Need;
using detail::TomlReader;

std::string Diagnostic::to_string() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace detail {

// A spec inside a TOML string: the spec's column 1 is one past the opening quote.
void check_spec(TomlReader& reader, const Located& spec, Status (*check)(std::string_view),
                std::string_view what) {
    const Status status = check(spec.text);
    if (status)
        return;
    const int column = spec.pos.column + std::max(status.error().column, 1);
    reader.report(SourcePos{spec.pos.line, column},
                  std::string(what) + ": " + status.error().message);
}

std::optional<toml::table> parse_toml(const SourceFile& file, std::vector<Diagnostic>& out) {
    if (auto hazard = find_toml_hazard(file.text)) {
        out.push_back(Diagnostic{file.name, hazard->line, hazard->column, hazard->message});
        return std::nullopt;
    }
    toml::parse_result result = toml::parse(file.text, file.name);
    if (!result) {
        const auto& error = result.error();
        out.push_back(Diagnostic{file.name, static_cast<int>(error.source().begin.line),
                                 static_cast<int>(error.source().begin.column),
                                 std::string(error.description())});
        return std::nullopt;
    }
    return std::move(result).table();
}

void load_quiz_into(TomlReader& reader, const toml::table& root, Quiz& quiz);

} // namespace detail

Loaded<std::vector<MarkdownStep>> split_steps(const SourceFile& file) {
    Loaded<std::vector<MarkdownStep>> out;
    auto report = [&](int line, int column, std::string message) {
        out.diagnostics.push_back(Diagnostic{file.name, line, column, std::move(message)});
    };
    std::string_view text = file.text;
    bool in_code = false;
    MarkdownStep* current = nullptr;
    std::string_view line;
    for (TextLines lines(text); lines.next(line);) {
        const std::string_view raw = lines.raw();
        if (raw.empty())
            break; // the empty line after the last line end holds no text
        const int number = lines.number();
        const bool fence = line.find_first_not_of(' ') != std::string_view::npos &&
                           line.substr(line.find_first_not_of(' ')).starts_with("```");
        if (!in_code && line.starts_with("## ")) {
            MarkdownStep step;
            step.heading_line = number;
            step.body_line = number + 1;
            std::string_view heading = line.substr(3);
            while (!heading.empty() && heading.back() == ' ')
                heading.remove_suffix(1);
            const size_t open = heading.rfind("{#");
            if (open == std::string_view::npos || !heading.ends_with("}")) {
                report(number, static_cast<int>(line.size()) + 1,
                       "step heading must end with its step id, like {#greeting}");
            } else {
                step.id = std::string(heading.substr(open + 2, heading.size() - open - 3));
                heading = heading.substr(0, open);
                while (!heading.empty() && heading.back() == ' ')
                    heading.remove_suffix(1);
                if (!detail::is_kebab_id(step.id))
                    report(number, static_cast<int>(3 + open + 1),
                           "step id '" + step.id + "' must be kebab-case (a-z, 0-9, -)");
            }
            step.title = std::string(heading);
            if (step.title.empty())
                report(number, 4, "step heading has no title");
            out.value.push_back(std::move(step));
            current = &out.value.back();
            continue;
        }
        if (fence)
            in_code = !in_code;
        if (current) {
            current->body += raw;
        } else if (line.find_first_not_of(" \t") != std::string_view::npos) {
            report(number, 1, "text before the first `## ` step heading belongs to no step");
        }
    }
    if (out.value.empty())
        report(1, 1, "no step headings (`## Title {#step-id}`) found");
    return out;
}

namespace {

void load_markdown(const std::optional<SourceFile>& file, Language language, Lesson& lesson,
                   std::vector<Diagnostic>& diagnostics, const std::string& toml_name) {
    const char* suffix = language == Language::Korean ? "ko" : "en";
    if (!file) {
        diagnostics.push_back(
            Diagnostic{toml_name, 1, 1, std::string("missing lesson.") + suffix + ".md"});
        return;
    }
    auto steps = split_steps(*file);
    diagnostics.insert(diagnostics.end(), steps.diagnostics.begin(), steps.diagnostics.end());
    auto report = [&](int line, int column, std::string message) {
        diagnostics.push_back(Diagnostic{file->name, line, column, std::move(message)});
    };
    std::set<std::string> seen;
    for (size_t i = 0; i < steps.value.size(); ++i) {
        const MarkdownStep& md = steps.value[i];
        if (md.id.empty())
            continue;
        if (!seen.insert(md.id).second)
            report(md.heading_line, 1, "step '" + md.id + "' appears twice");
        Step* step = nullptr;
        size_t index = 0;
        for (; index < lesson.steps.size(); ++index)
            if (lesson.steps[index].id == md.id) {
                step = &lesson.steps[index];
                break;
            }
        if (!step) {
            report(md.heading_line, 1, "step '" + md.id + "' is not a [[step]] in lesson.toml");
            continue;
        }
        if (index != i)
            report(md.heading_line, 1,
                   "step '" + md.id + "' is step " + std::to_string(index + 1) +
                       " in lesson.toml but heading " + std::to_string(i + 1) + " here");
        Document doc = parse_markdown(md.body, md.body_line);
        if (doc.blocks.empty())
            report(md.heading_line, 1, "step '" + md.id + "' has no text");
        for (const auto& problem : doc.problems)
            report(problem.line, problem.column, problem.message);
        (language == Language::Korean ? step->title.ko : step->title.en) = md.title;
        (language == Language::Korean ? step->body.ko : step->body.en) = md.body;
        (language == Language::Korean ? step->body_ko : step->body_en) = std::move(doc);
    }
    for (const auto& step : lesson.steps)
        if (!step.id.empty() && !seen.count(step.id))
            diagnostics.push_back(Diagnostic{toml_name, step.pos.line, step.pos.column,
                                             "step '" + step.id + "' has no `## ... {#" + step.id +
                                                 "}` heading in " + file->name});
}

Task load_task(TomlReader& reader, const toml::table& table) {
    Task task;
    task.pos = TomlReader::pos(table.source());
    reader.only_keys(table, {"id", "text", "done_when", "solution"}, "[[step.task]]");
    task.id = reader.string(table, "id", Need::Required).value_or("");
    task.text = reader.markdown_text(table, "text", Need::Required);
    task.done_when = reader.strings(table, "done_when");
    task.solution = reader.strings(table, "solution");
    if (task.done_when.empty())
        reader.report(task.pos, "task '" + task.id + "' needs done_when = [\"...\"]");
    if (task.solution.empty())
        reader.report(task.pos, "task '" + task.id + "' needs a scripted solution = [\"...\"]");
    for (const auto& check : task.done_when)
        detail::check_spec(reader, check, check_task_check, "done_when");
    for (const auto& action : task.solution)
        detail::check_spec(reader, action, check_solution_action, "solution");
    return task;
}

// "90s", "2m": when a hint unlocks (real time since the challenge opened).
std::optional<int> hint_delay(std::string_view text) {
    if (text.size() < 2 || (text.back() != 's' && text.back() != 'm'))
        return std::nullopt;
    int value = 0;
    for (char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9' || value > 100000)
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return text.back() == 'm' ? value * 60 : value;
}

Challenge load_challenge(TomlReader& reader, const toml::table& table) {
    Challenge challenge;
    challenge.pos = TomlReader::pos(table.source());
    reader.only_keys(table, {"goal", "check", "solution", "hint"}, "[challenge]");
    challenge.goal = reader.text(table, "goal", Need::Required);
    challenge.check = reader.strings(table, "check");
    challenge.solution = reader.strings(table, "solution");
    if (challenge.check.empty())
        reader.report(challenge.pos,
                      "a challenge needs check = [\"...\"] (what must hold when it is fixed)");
    if (challenge.solution.empty())
        reader.report(challenge.pos,
                      "a challenge needs a scripted solution = [\"...\"] (lint proves it)");
    for (const auto& check : challenge.check)
        detail::check_spec(reader, check, check_task_check, "check");
    for (const auto& action : challenge.solution)
        detail::check_spec(reader, action, check_solution_action, "solution");
    if (const toml::array* hints = reader.tables(table, "hint"))
        for (const auto& node : *hints) {
            const toml::table& h = *node.as_table();
            reader.only_keys(h, {"after", "text"}, "[[challenge.hint]]");
            Hint hint;
            hint.pos = TomlReader::pos(h.source());
            hint.text = reader.text(h, "text", Need::Required);
            if (auto after = reader.located(h, "after", Need::Required)) {
                if (auto seconds = hint_delay(after->text))
                    hint.after_seconds = *seconds;
                else
                    reader.report(after->pos, "after is a delay such as \"90s\" or \"3m\"");
            }
            if (!challenge.hints.empty() &&
                hint.after_seconds < challenge.hints.back().after_seconds)
                reader.report(hint.pos,
                              "hints unlock in order: this one comes before the one above it");
            challenge.hints.push_back(std::move(hint));
        }
    return challenge;
}

Step load_step(TomlReader& reader, const toml::table& table) {
    Step step;
    step.pos = TomlReader::pos(table.source());
    reader.only_keys(table, {"id", "run_to", "views", "highlight", "expect", "task"}, "[[step]]");
    step.id = reader.string(table, "id", Need::Required).value_or("");
    if (!step.id.empty() && !detail::is_kebab_id(step.id))
        reader.report(table.get("id")->source(), "step id must be kebab-case (a-z, 0-9, -)");
    step.run_to = reader.located(table, "run_to", Need::Optional);
    if (step.run_to)
        detail::check_spec(reader, *step.run_to, check_event_match, "run_to");
    for (const auto& view : reader.strings(table, "views")) {
        if (!is_known_view(view.text))
            reader.report(view.pos, "unknown view '" + view.text + "'");
        step.views.push_back(view.text);
    }
    step.highlight = reader.strings(table, "highlight");
    for (const auto& highlight : step.highlight)
        detail::check_spec(reader, highlight, check_highlight, "highlight");
    step.expect = reader.strings(table, "expect");
    for (const auto& expectation : step.expect)
        detail::check_spec(reader, expectation, check_expectation, "expect");
    if (const toml::array* tasks = reader.tables(table, "task"))
        for (const auto& task : *tasks)
            step.tasks.push_back(load_task(reader, *task.as_table()));
    return step;
}

} // namespace

Loaded<Lesson> load_lesson(const LessonSources& sources) {
    Loaded<Lesson> out;
    Lesson& lesson = out.value;
    auto root = detail::parse_toml(sources.toml, out.diagnostics);
    if (!root)
        return out;
    TomlReader reader(sources.toml.name, out.diagnostics);
    reader.only_keys(
        *root,
        {"id", "kind", "topic", "scenario", "title", "summary", "minutes", "step", "challenge"},
        "lesson.toml");
    if (auto kind = reader.located(*root, "kind", Need::Optional)) {
        if (kind->text == "challenge")
            lesson.kind = LessonKind::Challenge;
        else if (kind->text != "lesson")
            reader.report(kind->pos, "kind is \"lesson\" (the default) or \"challenge\"");
    }
    if (const toml::node* node = root->get("challenge")) {
        if (lesson.kind != LessonKind::Challenge)
            reader.report(node->source(),
                          "[challenge] belongs in a lesson with kind = \"challenge\"");
        else if (const toml::table* table = node->as_table())
            lesson.challenge = load_challenge(reader, *table);
        else
            reader.report(node->source(), "challenge must be a table: [challenge]");
    } else if (lesson.kind == LessonKind::Challenge) {
        reader.report(SourcePos{1, 1},
                      "a lesson with kind = \"challenge\" needs a [challenge] table");
    }
    lesson.id = reader.string(*root, "id", Need::Required).value_or("");
    if (!lesson.id.empty() && !detail::is_kebab_id(lesson.id))
        reader.report(root->get("id")->source(), "lesson id must be kebab-case (a-z, 0-9, -)");
    if (auto topic = reader.integer(*root, "topic", Need::Required)) {
        if (*topic < 1 || *topic > 14)
            reader.report(
                root->get("topic")->source(),
                "topic is a number from 1 to 14 (13 lecture topics, then 14: DNS and MX)");
        lesson.topic = static_cast<int>(*topic);
    }
    lesson.scenario = reader.located(*root, "scenario", Need::Required).value_or(Located{});
    lesson.title = reader.text(*root, "title", Need::Required);
    lesson.summary = reader.text(*root, "summary", Need::Required);
    if (auto minutes = reader.integer(*root, "minutes", Need::Required)) {
        if (*minutes < 1 || *minutes > 240)
            reader.report(root->get("minutes")->source(), "minutes is between 1 and 240");
        lesson.minutes = static_cast<int>(*minutes);
    }
    const toml::array* steps = reader.tables(*root, "step");
    if (!steps || steps->empty())
        reader.report(SourcePos{1, 1}, "a lesson needs at least one [[step]]");
    std::set<std::string> step_ids, task_ids;
    if (steps) {
        for (const auto& node : *steps) {
            Step step = load_step(reader, *node.as_table());
            if (!step.id.empty() && !step_ids.insert(step.id).second)
                reader.report(step.pos, "step id '" + step.id + "' is used twice");
            for (const auto& task : step.tasks)
                if (!task.id.empty() && !task_ids.insert(task.id).second)
                    reader.report(task.pos, "task id '" + task.id + "' is used twice");
            lesson.steps.push_back(std::move(step));
        }
    }
    load_markdown(sources.markdown_ko, Language::Korean, lesson, out.diagnostics,
                  sources.toml.name);
    load_markdown(sources.markdown_en, Language::English, lesson, out.diagnostics,
                  sources.toml.name);
    if (sources.quiz) {
        auto quiz = load_quiz(*sources.quiz);
        out.diagnostics.insert(out.diagnostics.end(), quiz.diagnostics.begin(),
                               quiz.diagnostics.end());
        lesson.quiz = std::move(quiz.value);
    }
    return out;
}

Result<Lesson> parse_lesson(const LessonSources& sources) {
    auto loaded = load_lesson(sources);
    if (!loaded.ok()) {
        const auto& first = loaded.diagnostics.front();
        return make_error(first.to_string(), first.line, first.column);
    }
    return std::move(loaded.value);
}

} // namespace mailsim::lesson
