// The lesson runner: a list of the lessons with progress, then one step at a time with its
// prose, the world run to the step's event, the views it needs and its "try it" tasks.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/lesson_tasks.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/markdown_view.h"

#include <imgui.h>

namespace mailsim::ui {
namespace {

void draw_lesson_list(App& app) {
    const LessonLibrary& library = app.library();
    const lesson::Language language = app.lesson_language();
    ImGui::TextWrapped("%s", app.tr("lesson.pick"));
    for (const auto& entry : library.lessons) {
        const lesson::Lesson& l = entry.lesson;
        ImGui::PushID(l.id.c_str());
        const double fraction = app.progress().lesson_fraction(l);
        // Progress first, in a fixed-width column, so long titles never run into it.
        const std::string done = fraction >= 1.0
                                     ? "\xe2\x9c\x93 "
                                     : std::to_string(static_cast<int>(fraction * 100)) + "% ";
        const std::string label = done + std::to_string(l.topic) + ". " + l.title.in(language);
        if (fit_selectable(label, false, 0, 0, l.summary.in(language)))
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
        ImGui::PushFont(app.fonts().bold);
        ImGui::TextWrapped("%s %s", app.tr("lesson.try_it"), task.text.in(language).c_str());
        ImGui::PopFont();
        if (!done) {
            if (ImGui::SmallButton(app.tr("lesson.show_me")))
                show_task_solution(app, task);
            app.bridge().record_last_item("lesson.show_me." + task.id);
        }
        ImGui::PopID();
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
    ImGui::TextWrapped("%s", step.title.in(language).c_str());
    ImGui::PopFont();
    ImGui::Separator();

    const float em = ImGui::GetFontSize();
    ImGui::BeginChild("##step_body", ImVec2(0, -em * 2.4f));
    draw_markdown(app, step.document(language));
    if (!step.tasks.empty()) {
        ImGui::Separator();
        draw_tasks(app, step);
    }
    if (!runner.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().reply_4yz);
        ImGui::TextWrapped("%s", runner.message.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();

    if (runner.step > 0) {
        if (ImGui::Button(app.tr("lesson.previous")))
            enter_step(app, runner.step - 1);
        app.bridge().record_last_item("lesson.previous");
        ImGui::SameLine();
    }
    if (step.run_to) {
        if (ImGui::Button(app.tr("lesson.replay_step")))
            enter_step(app, runner.step);
        ImGui::SameLine();
    }
    const bool last = runner.step + 1 >= count;
    if (ImGui::Button(last ? app.tr("lesson.finish") : app.tr("lesson.next"))) {
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
    ImGui::SameLine();
    if (ImGui::Button(app.tr("lesson.handout")))
        app.platform().offer_file("mailsim-" + l.id + "-handout.md", lesson_handout(app, l));
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
