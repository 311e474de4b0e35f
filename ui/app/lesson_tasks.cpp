#include "lesson_tasks.h"

#include "sim/lesson/expectation.h"
#include "sim/lesson/lesson_player.h"
#include "sim/lesson/lesson_syntax.h"
#include "sim/lesson/placeholders.h"
#include "sim/world/event_match.h"
#include "ui/app/app.h"
#include "ui/panels/panel_registry.h"
#include "ui/widgets/event_style.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace mailsim::ui {
namespace {} // namespace

// Lesson view names (lesson-format.md) to panel ids.
std::string panel_for_view(const std::string& view) {
    if (view == "base64" || view == "qp")
        return "explainer";
    if (view == "dns")
        return "sequence";
    return find_panel(view) ? view : "";
}

namespace {

void apply_highlights(App& app, const lesson::Step& step) {
    Selection& selection = app.state().selection;
    for (const auto& highlight : step.highlight) {
        const std::string& h = highlight.text;
        if (h.rfind("host:", 0) == 0)
            selection.host = h.substr(5);
    }
}

// A step's `line:TEXT` (or else `code:NNN`) highlight marks the newest dialogue line on screen
// that it names: the transcript and the sequence diagram draw the selected line marked and
// the transcript explains it. Runs after the step has moved the world.
void mark_highlighted_line(App& app, const lesson::Step& step) {
    const auto& events = app.session().trace().events();
    const std::size_t end = std::min(app.session().position(), events.size());
    auto find = [&](auto&& wanted) -> std::optional<std::size_t> {
        for (std::size_t i = end; i-- > 0;) {
            const auto& e = events[i];
            const bool dialogue = e.kind == world::EventKind::Command ||
                                  e.kind == world::EventKind::Reply ||
                                  e.kind == world::EventKind::Data;
            if (dialogue && wanted(e))
                return i;
        }
        return std::nullopt;
    };
    for (const char* kind : {"line:", "code:"})
        for (const auto& highlight : step.highlight) {
            const std::string& h = highlight.text;
            if (h.rfind(kind, 0) != 0)
                continue;
            const std::string value = h.substr(5);
            const auto found = kind[0] == 'l' ? find([&](const world::Event& e) {
                return e.text.find(value) != std::string::npos;
            })
                                              : find([&](const world::Event& e) {
                                                    return e.kind == world::EventKind::Reply &&
                                                           std::to_string(e.code) == value;
                                                });
            if (found) {
                app.state().selection.event = *found;
                app.state().lesson.marked_event = *found;
                return;
            }
        }
}

// A step that shows the inspector points it at the message the step is about: lint's
// `inspector has-message` proves this choice has something to show.
void select_for_inspector(App& app, std::optional<std::size_t> step_event) {
    Session& session = app.session();
    const auto target = lesson::inspector_target(session.view(), session.trace().events(),
                                                 session.position(), step_event);
    if (target.empty())
        return;
    Selection& selection = app.state().selection;
    selection.conn = target.conn;
    selection.mailbox = target.mailbox;
    selection.uid = target.uid;
    selection.queue_host = target.queue_host;
    selection.msg_id = target.msg_id;
}

// Panels a solution types into or fills in, so "show me" shows the typing.
std::string panel_for_action(const std::string& action) {
    if (action.rfind("telnet ", 0) == 0)
        return "telnet";
    if (action.rfind("compose ", 0) == 0 || action.rfind("retrieve ", 0) == 0)
        return "compose";
    if (action.rfind("fault ", 0) == 0 || action.rfind("force ", 0) == 0 ||
        action.rfind("alias ", 0) == 0 || action.rfind("relay ", 0) == 0)
        return "faults";
    return "";
}

// "Show me" typing into a telnet session: the console is pointed at that session (the same
// from/host/port the world action uses; the world's default source is the first host), so
// the student sees the lines it types and the server's answers there.
void follow_telnet_action(App& app, const std::string& action) {
    const world::World* world = app.session().world();
    auto tokens = lesson::tokenize_spec(action);
    if (!world || !tokens)
        return;
    const auto& hosts = world->scenario().hosts;
    auto index_of = [&](const std::string& name) {
        for (std::size_t i = 0; i < hosts.size(); ++i)
            if (hosts[i].name == name)
                return static_cast<int>(i);
        return -1;
    };
    std::string from = hosts.empty() ? "" : hosts.front().name, host;
    int port = 25;
    for (const auto& token : *tokens) {
        if (token.key == "from")
            from = token.value;
        else if (token.key == "host")
            host = token.value;
        else if (token.key == "port")
            port = std::atoi(token.value.c_str());
    }
    const int source = index_of(from), target = index_of(host);
    if (source < 0 || target < 0)
        return;
    TelnetState& t = app.state().telnet;
    if (!t.active || t.from != source || t.target != target || t.port != port) {
        t.from = source;
        t.target = target;
        t.port = port;
        t.opened_at = app.session().trace().size();
        t.active = true;
    }
}

} // namespace

std::string lesson_text(App& app, const std::string& text) {
    return lesson::expand_placeholders(
        text, [&](std::string_view key) { return std::string(app.tr(std::string(key))); });
}

void refresh_tasks(App& app) {
    LessonRunner& runner = app.state().lesson;
    const LessonEntry* entry = app.library().find_lesson(runner.lesson_id);
    if (!entry || runner.step < 0 || runner.step >= static_cast<int>(entry->lesson.steps.size()))
        return;
    const lesson::Step& step = entry->lesson.steps[static_cast<std::size_t>(runner.step)];
    runner.tasks_done.assign(step.tasks.size(), false);
    Session& session = app.session();
    if (!session.loaded())
        return;
    // Judged at the position shown (the world runs ahead of it, and the student may have
    // stepped back), with the same judgement lint proves each scripted solution against.
    const auto& events = session.trace().events();
    const lesson::TaskWitness shown{events, std::min(session.position(), events.size()),
                                    session.view()};
    for (std::size_t i = 0; i < step.tasks.size(); ++i) {
        const lesson::Task& task = step.tasks[i];
        const auto done = lesson::task_done(shown, task, runner.step_started_at);
        const bool all = done && *done;
        runner.tasks_done[i] = all;
        if (all && !app.progress().task_done(runner.lesson_id, task.id)) {
            app.progress().mark_task_done(runner.lesson_id, task.id);
            app.save_progress();
        }
    }
}

void open_lesson(App& app, const std::string& lesson_id) {
    const LessonEntry* entry = app.library().find_lesson(lesson_id);
    if (!entry)
        return;
    LessonRunner& runner = app.state().lesson;
    runner = LessonRunner{};
    runner.lesson_id = lesson_id;
    if (!app.load_scenario(entry->lesson.scenario.text))
        runner.message = app.state().status_message;
    int start = 0;
    if (const auto* progress = app.progress().lesson(lesson_id))
        for (std::size_t i = 0; i < entry->lesson.steps.size(); ++i)
            if (entry->lesson.steps[i].id == progress->current_step)
                start = static_cast<int>(i);
    // Steps run the world forward from the start, so reaching step k replays steps 0..k-1.
    for (int i = 0; i <= start; ++i)
        enter_step(app, i);
}

void open_lesson_at(App& app, const std::string& lesson_id, const std::string& step_id) {
    const LessonEntry* entry = app.library().find_lesson(lesson_id);
    if (!entry)
        return;
    // Remember the linked step as where the learner is, then open as usual: steps before it
    // are run through so the world is where that step expects it. `step=3` is the third step
    // (the number the lesson panel shows), `step=greeting` the step with that id.
    const auto& steps = entry->lesson.steps;
    std::string id;
    for (const auto& step : steps)
        if (step.id == step_id)
            id = step.id;
    if (id.empty() && !step_id.empty() &&
        std::all_of(step_id.begin(), step_id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const long number = std::strtol(step_id.c_str(), nullptr, 10);
        if (number >= 1 && number <= static_cast<long>(steps.size()))
            id = steps[static_cast<std::size_t>(number - 1)].id;
    }
    if (id.empty() && !steps.empty())
        id = steps.front().id;
    if (!id.empty())
        app.progress().set_current_step(entry->lesson.id, id);
    open_lesson(app, entry->lesson.id);
}

void enter_step(App& app, int index) {
    LessonRunner& runner = app.state().lesson;
    const LessonEntry* entry = app.library().find_lesson(runner.lesson_id);
    if (!entry || index < 0 || index >= static_cast<int>(entry->lesson.steps.size()))
        return;
    const lesson::Step& step = entry->lesson.steps[static_cast<std::size_t>(index)];
    const bool backwards = index < runner.step;
    runner.step = index;
    runner.message.clear();
    runner.marked_event.reset();
    runner.step_started_at = app.session().position();
    app.state().playback.playing = false;
    app.progress().set_current_step(runner.lesson_id, step.id);
    app.save_progress();
    app.state().lesson_hash = "lesson=" + runner.lesson_id + "&step=" + step.id;
    std::vector<std::string> panels;
    for (const auto& view : step.views)
        if (auto panel = panel_for_view(view); !panel.empty())
            panels.push_back(panel);
    app.show_panels(panels);
    apply_highlights(app, step);
    const bool inspects =
        std::find(step.views.begin(), step.views.end(), "inspector") != step.views.end();
    if (!step.run_to) {
        if (inspects && app.session().position() > 0)
            select_for_inspector(app, app.session().position() - 1);
        mark_highlighted_line(app, step);
        return;
    }
    auto match = world::parse_event_match(step.run_to->text);
    if (!match) {
        runner.message = step.run_to->text + ": " + match.error().message;
        return;
    }
    Session& session = app.session();
    if (backwards) {
        // Going back: find this step's event again from the start.
        session.seek_start();
        for (int i = 0; i < index; ++i) {
            const auto& earlier = entry->lesson.steps[static_cast<std::size_t>(i)];
            if (!earlier.run_to)
                continue;
            if (auto m = world::parse_event_match(earlier.run_to->text))
                session.seek_next([&](const world::Event& e) { return m->matches(e); });
        }
    }
    if (!session.seek_next([&](const world::Event& e) { return match->matches(e); })) {
        runner.message = std::string(app.tr("lesson.no_event")) + ": " + step.run_to->text;
        return;
    }
    if (inspects)
        select_for_inspector(app, session.position() - 1);
    mark_highlighted_line(app, step);
}

void show_task_solution(App& app, const lesson::Task& task) {
    std::vector<std::string> lines;
    for (const auto& line : task.solution) {
        // "Show me" opens the panel the solution acts in (the console it types into, ...).
        if (const std::string panel = panel_for_action(line.text); !panel.empty())
            app.open_panel(panel);
        lines.push_back(line.text);
    }
    app.post_solution(std::move(lines));
}

void run_task_solution(App& app, const std::vector<std::string>& lines) {
    for (const auto& action : lines) {
        if (action.rfind("telnet ", 0) == 0)
            follow_telnet_action(app, action);
        if (action.rfind("run ", 0) == 0) {
            // The player's own verbs (run for= / run until=) move the shown position too.
            if (!app.session().world())
                return;
            if (const auto status = app.session().run_solution_verb(action); !status) {
                app.state().lesson.message = status.error().message;
                return;
            }
            continue;
        }
        // World actions go through the session, which rewinds first when the student is
        // looking at the past.
        if (!app.perform(action)) {
            app.state().lesson.message = app.state().status_message;
            return;
        }
    }
    app.state().playback.playing = true;
}

std::string lesson_handout(App& app, const lesson::Lesson& l) {
    const lesson::Language language = app.lesson_language();
    const bool korean = language == lesson::Language::Korean;
    std::string out = "# " + l.title.in(language) + "\n\n" + l.summary.in(language) + "\n\n";
    for (const auto& step : l.steps) {
        out += "## " + step.title.in(language) + "\n\n" + lesson_text(app, step.body.in(language)) +
               "\n\n";
        for (const auto& task : step.tasks)
            out += std::string(korean ? "> 해 보기: " : "> Try it: ") +
                   lesson_text(app, task.text.in(language)) + "\n\n";
    }
    // The dialogue the lesson's scenario produced so far, as the lecture prints it.
    out += korean ? "## 대화 기록\n\n```\n" : "## Transcript\n\n```\n";
    const auto& events = app.session().trace().events();
    for (std::size_t i = 0; i < app.session().position() && i < events.size(); ++i) {
        const auto& e = events[i];
        if (e.kind == world::EventKind::Command || e.kind == world::EventKind::Data ||
            e.kind == world::EventKind::Reply)
            out += event_label(e) + "\n";
    }
    return out + "```\n";
}

} // namespace mailsim::ui
