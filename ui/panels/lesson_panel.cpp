// The lesson runner: a list of the lessons with progress, then one step at a time with its
// prose, the world run to the step's event, the views it needs and its "try it" tasks.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/lesson_tasks.h"
#include "ui/app/panel_window.h"
#include "ui/app/quiz_engine.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/flow_row.h"
#include "ui/widgets/markdown_view.h"

#include <imgui.h>

#include <imgui_internal.h>
#include <vector>

namespace mailsim::ui {
namespace {

void draw_lesson_list(App& app) {
    const LessonLibrary& library = app.library();
    const lesson::Language language = app.lesson_language();
    ImGui::TextWrapped("%s", app.tr("lesson.pick"));
    bool challenges = false;
    for (const auto& entry : library.lessons) {
        const lesson::Lesson& l = entry.lesson;
        // The library lists the challenges after the lessons: one heading above them.
        if (l.kind == lesson::LessonKind::Challenge && !challenges) {
            challenges = true;
            ImGui::Separator();
            ImGui::PushFont(app.fonts().bold);
            ImGui::TextWrapped("%s", app.tr("lesson.challenges"));
            ImGui::PopFont();
        }
        ImGui::PushID(l.id.c_str());
        const double fraction = app.progress().lesson_fraction(l);
        // Progress first, in a fixed-width column, so long titles never run into it.
        const std::string done = fraction >= 1.0
                                     ? "\xe2\x9c\x93 "
                                     : std::to_string(static_cast<int>(fraction * 100)) + "% ";
        const std::string number =
            l.kind == lesson::LessonKind::Challenge ? "" : std::to_string(l.topic) + ". ";
        const std::string label = done + number + l.title.in(language);
        if (fit_selectable(label, false, 0, 0, lesson_text(app, l.summary.in(language))))
            open_lesson(app, l.id);
        app.bridge().record_last_item("lesson.open." + l.id);
        ImGui::PopID();
    }
    if (!library.problems.empty() && ImGui::TreeNode(app.tr("lesson.problems"))) {
        for (const auto& problem : library.problems)
            ImGui::TextWrapped("%s", problem.c_str());
        ImGui::TreePop();
    }
    ImGui::Separator();
    if (ImGui::Button(app.tr("lesson.export_progress")))
        app.platform().offer_file("mailsim-progress.json", app.progress().to_json());
    ImGui::SameLine();
    if (ImGui::Button(app.tr("lesson.reset_progress")))
        ImGui::OpenPopup("reset_progress");
    if (ImGui::BeginPopup("reset_progress")) {
        ImGui::TextUnformatted(app.tr("lesson.reset_confirm"));
        if (ImGui::Button(app.tr("lesson.reset_yes"))) {
            app.progress().reset();
            app.save_progress();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
}

void draw_tasks(App& app, const lesson::Step& step) {
    LessonRunner& runner = app.state().lesson;
    const lesson::Language language = app.lesson_language();
    const Palette& p = palette();
    for (std::size_t i = 0; i < step.tasks.size(); ++i) {
        const lesson::Task& task = step.tasks[i];
        const bool done = i < runner.tasks_done.size() && runner.tasks_done[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Text, done ? p.reply_2yz : p.reply_4yz);
        ImGui::TextUnformatted(done ? "\xe2\x9c\x93" : "\xe2\x97\x8b");
        ImGui::PopStyleColor();
        ImGui::SameLine();
        // The task's own Markdown: `USER bob` in the code font, {panel.telnet} a link to it.
        draw_markdown_text(app, "**" + std::string(app.tr("lesson.try_it")) + "** " +
                                    task.text.in(language));
        if (!done) {
            if (ImGui::SmallButton(app.tr("lesson.show_me")))
                show_task_solution(app, task);
            app.bridge().record_last_item("lesson.show_me." + task.id);
        }
        ImGui::PopID();
    }
}

// Where each panel the step asks for is on screen (the test bridge's "lesson.view.ID"), so a
// browser test can check that what the step talks about is visible, not closed or folded.
void record_step_views(App& app, const lesson::Step& step) {
    for (const auto& view : step.views) {
        const std::string panel = panel_for_view(view);
        if (panel.empty())
            continue;
        const ImGuiWindow* window = ImGui::FindWindowByName(("###" + panel).c_str());
        if (!window || !window->WasActive || window->Hidden || window->Collapsed)
            continue;
        const ImVec2 max(window->Pos.x + window->Size.x, window->Pos.y + window->Size.y);
        app.bridge().record("lesson.view." + panel, window->Pos, max);
        // A panel further up the window stack over its centre hides what the step talks about:
        // recorded as "lesson.view_covered.ID" (the covering window's rectangle).
        const ImVec2 centre((window->Pos.x + max.x) / 2, (window->Pos.y + max.y) / 2);
        const ImGuiContext& g = *GImGui;
        bool above = false;
        for (const ImGuiWindow* other : g.Windows) {
            if (other == window) {
                above = true;
                continue;
            }
            if (!above || !other->WasActive || other->Hidden ||
                (other->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Tooltip |
                                 ImGuiWindowFlags_Popup)))
                continue;
            const ImRect rect = other->Rect();
            if (rect.Contains(centre)) {
                app.bridge().record("lesson.view_covered." + panel, rect.Min, rect.Max);
                break;
            }
        }
    }
}

void draw_step(App& app, const LessonEntry& entry) {
    LessonRunner& runner = app.state().lesson;
    const lesson::Lesson& l = entry.lesson;
    const lesson::Language language = app.lesson_language();
    const int count = static_cast<int>(l.steps.size());
    runner.step = std::clamp(runner.step, 0, count - 1);
    const lesson::Step& step = l.steps[static_cast<std::size_t>(runner.step)];
    refresh_tasks(app);
    record_step_views(app, step);

    if (ImGui::SmallButton(app.tr("lesson.back_to_list"))) {
        runner.lesson_id.clear();
        app.state().lesson_hash.clear();
        return;
    }
    app.bridge().record_last_item("lesson.back");
    ImGui::SameLine();
    // The step count first: a long lesson title is cut, not the count.
    fit_text_disabled(std::to_string(runner.step + 1) + " / " + std::to_string(count) + "  " +
                      l.title.in(language));
    ImGui::PushFont(app.fonts().heading);
    ImGui::TextWrapped("%s", lesson_text(app, step.title.in(language)).c_str());
    ImGui::PopFont();
    ImGui::Separator();

    const float em = ImGui::GetFontSize();
    // Room under the text for the rows the step's buttons wrap into (FlowRow below), and one
    // more on a last step that offers its quiz.
    const bool last_step = runner.step + 1 >= count;
    const bool quiz_row = last_step && l.quiz && !l.quiz->questions.empty();
    std::vector<const char*> buttons;
    if (runner.step > 0)
        buttons.push_back(app.tr("lesson.previous"));
    if (step.run_to)
        buttons.push_back(app.tr("lesson.replay_step"));
    buttons.push_back(last_step ? app.tr("lesson.finish") : app.tr("lesson.next"));
    buttons.push_back(app.tr("lesson.handout"));
    const int rows =
        FlowRow::rows_needed(buttons, ImGui::GetContentRegionAvail().x) + (quiz_row ? 1 : 0);
    ImGui::BeginChild(
        "##step_body",
        ImVec2(0, -(ImGui::GetFrameHeightWithSpacing() * static_cast<float>(rows) + em * 0.4f)));
    draw_markdown(app, step.document(language));
    if (!step.tasks.empty()) {
        ImGui::Separator();
        draw_tasks(app, step);
    }
    if (l.kind == lesson::LessonKind::Challenge)
        draw_challenge(app, l);
    if (!runner.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().reply_4yz);
        ImGui::TextWrapped("%s", runner.message.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();

    // The step's buttons wrap in a narrow tile or at large text instead of running off the edge.
    FlowRow row;
    if (runner.step > 0) {
        row.next(FlowRow::button_width(app.tr("lesson.previous")));
        if (ImGui::Button(app.tr("lesson.previous")))
            enter_step(app, runner.step - 1);
        app.bridge().record_last_item("lesson.previous");
    }
    if (step.run_to) {
        row.next(FlowRow::button_width(app.tr("lesson.replay_step")));
        if (ImGui::Button(app.tr("lesson.replay_step")))
            enter_step(app, runner.step);
        app.bridge().record_last_item("lesson.replay_step");
    }
    const bool last = runner.step + 1 >= count;
    const char* next_label = last ? app.tr("lesson.finish") : app.tr("lesson.next");
    row.next(FlowRow::button_width(next_label));
    if (ImGui::Button(next_label)) {
        app.progress().mark_step_done(l.id, step.id);
        app.save_progress();
        if (last) {
            runner.lesson_id.clear();
            app.state().lesson_hash.clear();
        } else {
            enter_step(app, runner.step + 1);
        }
    }
    app.bridge().record_last_item("lesson.next");
    // The last step points on to the lesson's quiz (otherwise only under View > Quiz), on a row
    // of its own so a narrow panel does not cut it off.
    if (last && l.quiz && !l.quiz->questions.empty()) {
        row = FlowRow{}; // starts a line of its own
        row.next(FlowRow::button_width(app.tr("lesson.take_quiz")));
        if (ImGui::Button(app.tr("lesson.take_quiz"))) {
            app.progress().mark_step_done(l.id, step.id);
            app.save_progress();
            app.open_panel("quiz");
            start_quiz(app, l.id);
        }
        app.bridge().record_last_item("lesson.take_quiz");
    }
    row.next(FlowRow::button_width(app.tr("lesson.handout")));
    if (ImGui::Button(app.tr("lesson.handout")))
        app.platform().offer_file("mailsim-" + l.id + "-handout.md", lesson_handout(app, l));
    app.bridge().record_last_item("lesson.handout");
}

} // namespace

void draw_lesson_panel(App& app, bool* open) {
    if (!begin_panel(app, "lesson", open)) {
        ImGui::End();
        return;
    }
    const LessonEntry* entry = app.library().find_lesson(app.state().lesson.lesson_id);
    if (entry)
        draw_step(app, *entry);
    else
        draw_lesson_list(app);
    ImGui::End();
}

} // namespace mailsim::ui
