#pragma once
// The lesson runner's link to the world: running a step to its event, judging "try it" tasks
// and playing their scripted solutions, with the same sim/lesson code that `mailsim lint`
// uses, so what lint proves is what the student sees.
#include "sim/lesson/lesson_model.h"

#include <string>
#include <vector>

namespace mailsim::ui {

class App;

// Opens a lesson: loads its scenario and enters the step the learner left off at.
void open_lesson(App& app, const std::string& lesson_id);
// Opens a lesson at a step given by id or by its 1-based number (a deep link, `step=3`); the
// first step when neither matches.
void open_lesson_at(App& app, const std::string& lesson_id, const std::string& step_id);
// Enters step `index` of the open lesson: opens its views, applies highlights and runs the
// world forward to the step's event (run_to).
void enter_step(App& app, int index);
// Re-checks the current step's tasks against the world at the current position.
void refresh_tasks(App& app);
// Asks for a task's scripted solution ("show me"): posted, so it runs after this frame's panels.
void show_task_solution(App& app, const lesson::Task& task);
// The panel a lesson view name (topology, base64, dns, ...) opens; "" for none.
std::string panel_for_view(const std::string& view);
// Lesson text as the learner reads it: `{panel.topology}` and other UI string keys become
// the titles shown on screen, in the current language.
std::string lesson_text(App& app, const std::string& text);
// Runs solution lines now (App's command queue calls this between frames).
void run_task_solution(App& app, const std::vector<std::string>& lines);
// A Markdown handout of the lesson (prose of every step in the current language).
std::string lesson_handout(App& app, const lesson::Lesson& lesson);

} // namespace mailsim::ui
