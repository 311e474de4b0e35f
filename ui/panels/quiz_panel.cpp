// Quizzes: the pre-test and post-test on the lecture's fundamentals (with their comparison)
// and one quiz per lesson. Questions come shuffled per attempt; "predict the next reply"
// questions run their scenario with a new seed and the engine gives the answer.
#include "panels.h"

#include "sim/core/rng.h"
#include "sim/lesson/quiz.h"
#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/app/quiz_engine.h"
#include "ui/style/theme.h"
#include "ui/util/text_file.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/markdown_view.h"
#include "ui/widgets/text_input.h"

#include <imgui.h>

#include <algorithm>
#include <random>

namespace mailsim::ui {
namespace {

using lesson::QuestionType;

void prepare_question(App& app) {
    QuizRunner& q = app.state().quiz;
    q.answered = false;
    q.correct = false;
    q.picked.clear();
    q.typed.clear();
    q.engine_code.clear();
    q.engine_context.clear();
    if (q.current >= static_cast<int>(q.questions.size()))
        return;
    const lesson::Question& question = q.questions[static_cast<size_t>(q.current)];
    q.categories.assign(question.items.size(), -1);
    if (question.type != QuestionType::PredictReply)
        return;
    const std::string path =
        app.platform().data_dir() + "/lessons/scenarios/" + question.scenario + ".toml";
    const auto text = read_text_file(path);
    if (!text) {
        q.engine_context = std::string(app.tr("status.no_scenario")) + ": " + question.scenario;
        return;
    }
    const std::uint64_t seed =
        question.seed ? *question.seed : q.attempt_seed + static_cast<std::uint64_t>(q.current);
    auto reply =
        engine_reply_at(question, *text, "lessons/scenarios/" + question.scenario + ".toml", seed);
    if (!reply) {
        q.engine_context = reply.error().message;
        return;
    }
    q.engine_code = reply->code;
    for (const auto& line : reply->dialogue)
        q.engine_context += line + "\n";
}

void start_quiz(App& app, const QuizEntry& entry) {
    QuizRunner& q = app.state().quiz;
    q = QuizRunner{};
    q.quiz_id = entry.id;
    // Every attempt differs: a fresh seed from the OS (the UI may; sim/ never does).
    std::random_device device;
    q.attempt_seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    Rng rng(q.attempt_seed, 7);
    for (const auto& question : entry.quiz.questions)
        q.questions.push_back(lesson::shuffled(question, rng));
    // The pre/post tests keep their order (they are compared question by question); lesson
    // quizzes are asked in a new order each time.
    if (entry.id != "pretest" && entry.id != "posttest")
        for (std::size_t i = q.questions.size(); i > 1; --i)
            std::swap(q.questions[i - 1], q.questions[static_cast<size_t>(rng.uniform_int(
                                              0, static_cast<std::int64_t>(i) - 1))]);
    prepare_question(app);
}

void finish_quiz(App& app) {
    QuizRunner& q = app.state().quiz;
    q.finished = true;
    lesson::QuizAttempt attempt;
    attempt.score = q.score;
    attempt.total = static_cast<int>(q.questions.size());
    attempt.results = q.results;
    attempt.when = "frame " + std::to_string(app.frame_count());
    app.progress().record_attempt(q.quiz_id, attempt);
    app.save_progress();
}

void draw_comparison(App& app) {
    const auto comparison = app.progress().compare_pre_post();
    if (!comparison.pre && !comparison.post)
        return;
    ImGui::Separator();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("quiz.comparison"));
    ImGui::PopFont();
    if (comparison.pre)
        ImGui::Text("%s: %d / %d (%.0f%%)", app.tr("quiz.pretest"), comparison.pre->score,
                    comparison.pre->total, comparison.pre->percent());
    if (comparison.post)
        ImGui::Text("%s: %d / %d (%.0f%%)", app.tr("quiz.posttest"), comparison.post->score,
                    comparison.post->total, comparison.post->percent());
    if (comparison.pre && comparison.post)
        ImGui::Text("%s: %+.0f %s, %s %zu", app.tr("quiz.change"), comparison.change_points,
                    app.tr("quiz.points"), app.tr("quiz.learned"), comparison.learned.size());
}

void draw_quiz_list(App& app) {
    const lesson::Language language = app.lesson_language();
    ImGui::TextWrapped("%s", app.tr("quiz.pick"));
    for (const auto& entry : app.library().quizzes) {
        ImGui::PushID(entry.id.c_str());
        const auto best = app.progress().best_attempt(entry.id);
        std::string label =
            entry.title.in(language) + "  (" + std::to_string(entry.quiz.questions.size()) + ")";
        if (ImGui::Selectable(label.c_str()))
            start_quiz(app, entry);
        app.bridge().record_last_item("quiz.open." + entry.id);
        if (best) {
            ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.78f);
            ImGui::TextDisabled("%d/%d", best->score, best->total);
        }
        ImGui::PopID();
    }
    draw_comparison(app);
}

void draw_choices(App& app, const lesson::Question& question, QuizRunner& q) {
    const lesson::Language language = app.lesson_language();
    const bool mono = question.type == QuestionType::FindMistake;
    if (mono)
        ImGui::PushFont(app.fonts().mono);
    for (std::size_t i = 0; i < question.choices.size(); ++i) {
        const std::string text = question.choices[i].in(language);
        const int index = static_cast<int>(i);
        const bool picked = std::find(q.picked.begin(), q.picked.end(), index) != q.picked.end();
        ImGui::PushID(index);
        if (question.type == QuestionType::Multi) {
            bool on = picked;
            if (ImGui::Checkbox(text.c_str(), &on) && !q.answered) {
                if (on)
                    q.picked.push_back(index);
                else
                    std::erase(q.picked, index);
            }
        } else if (question.type == QuestionType::Order) {
            const auto position = std::find(q.picked.begin(), q.picked.end(), index);
            const std::string label =
                (position == q.picked.end()
                     ? std::string("   ")
                     : std::to_string(position - q.picked.begin() + 1) + ". ") +
                text;
            if (ImGui::Selectable(label.c_str(), picked) && !q.answered && !picked)
                q.picked.push_back(index);
        } else if (ImGui::RadioButton(text.c_str(), picked) && !q.answered) {
            q.picked = {index};
        }
        app.bridge().record_last_item("quiz.choice." + std::to_string(i));
        ImGui::PopID();
    }
    if (mono)
        ImGui::PopFont();
    if (question.type == QuestionType::Order && !q.answered &&
        ImGui::SmallButton(app.tr("quiz.clear")))
        q.picked.clear();
}

void draw_classify(App& app, const lesson::Question& question, QuizRunner& q) {
    const lesson::Language language = app.lesson_language();
    if (!ImGui::BeginTable("classify", static_cast<int>(question.categories.size()) + 1,
                           ImGuiTableFlags_RowBg))
        return;
    // The items get the room; the radio-button columns only what their titles need.
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& category : question.categories)
        ImGui::TableSetupColumn(category.in(language).c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < question.items.size(); ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        fit_text(question.items[i].text.in(language));
        for (std::size_t c = 0; c < question.categories.size(); ++c) {
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i * 100 + c));
            if (ImGui::RadioButton("##c", q.categories[i] == static_cast<int>(c)) && !q.answered)
                q.categories[i] = static_cast<int>(c);
            app.bridge().record_last_item("quiz.classify." + std::to_string(i) + "." +
                                          std::to_string(c));
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void draw_question(App& app, const QuizEntry& entry) {
    QuizRunner& q = app.state().quiz;
    const lesson::Language language = app.lesson_language();
    const Palette& p = palette();
    if (ImGui::SmallButton(app.tr("quiz.back"))) {
        q = QuizRunner{};
        return;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s  %d / %zu  %s %d", entry.title.in(language).c_str(),
                        std::min(q.current + 1, static_cast<int>(q.questions.size())),
                        q.questions.size(), app.tr("quiz.score"), q.score);
    if (q.finished) {
        ImGui::PushFont(app.fonts().heading);
        ImGui::Text("%s %d / %zu", app.tr("quiz.result"), q.score, q.questions.size());
        ImGui::PopFont();
        draw_comparison(app);
        if (ImGui::Button(app.tr("quiz.again")))
            start_quiz(app, entry);
        return;
    }
    const lesson::Question& question = q.questions[static_cast<size_t>(q.current)];
    ImGui::Separator();
    // Prompts and explanations are the lessons' Markdown (`RCPT TO:` in the code font).
    draw_markdown_text(app, question.prompt.in(language));
    switch (question.type) {
    case QuestionType::Single:
    case QuestionType::Multi:
    case QuestionType::Order:
    case QuestionType::FindMistake:
        draw_choices(app, question, q);
        break;
    case QuestionType::Classify:
        draw_classify(app, question, q);
        break;
    case QuestionType::PredictReply:
        ImGui::PushFont(app.fonts().mono);
        ImGui::TextUnformatted(q.engine_context.c_str());
        ImGui::PopFont();
        [[fallthrough]];
    case QuestionType::FillCode:
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        input_text(app.tr("quiz.code"), q.typed, q.answered ? ImGuiInputTextFlags_ReadOnly : 0);
        app.bridge().record_last_item("quiz.code");
        break;
    }
    ImGui::Spacing();
    if (!q.answered) {
        if (ImGui::Button(app.tr("quiz.check"))) {
            lesson::Answer answer;
            answer.choices = q.picked;
            answer.code = q.typed;
            answer.categories = q.categories;
            const auto grade = lesson::check_answer(question, answer, q.engine_code);
            q.answered = true;
            q.correct = grade.correct;
            q.results[question.id] = grade.correct;
            if (grade.correct)
                ++q.score;
        }
        app.bridge().record_last_item("quiz.check");
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, q.correct ? p.reply_2yz : p.reply_5yz);
    ImGui::TextUnformatted(q.correct ? app.tr("quiz.right") : app.tr("quiz.wrong"));
    ImGui::PopStyleColor();
    if (question.type == QuestionType::PredictReply)
        ImGui::Text("%s: %s", app.tr("quiz.engine_said"), q.engine_code.c_str());
    draw_markdown_text(app, question.explanation.in(language));
    if (ImGui::Button(app.tr("quiz.next"))) {
        ++q.current;
        if (q.current >= static_cast<int>(q.questions.size()))
            finish_quiz(app);
        else
            prepare_question(app);
    }
    app.bridge().record_last_item("quiz.next");
}

} // namespace

bool start_quiz(App& app, const std::string& quiz_id) {
    const QuizEntry* entry = app.library().find_quiz(quiz_id);
    if (!entry || entry->quiz.questions.empty())
        return false;
    start_quiz(app, *entry);
    return true;
}

void draw_quiz_panel(App& app, bool* open) {
    if (!begin_panel(app, "quiz", open)) {
        ImGui::End();
        return;
    }
    const QuizEntry* entry = app.library().find_quiz(app.state().quiz.quiz_id);
    if (entry && !app.state().quiz.questions.empty())
        draw_question(app, *entry);
    else
        draw_quiz_list(app);
    ImGui::End();
}

} // namespace mailsim::ui
