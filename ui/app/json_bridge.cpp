// The JSON bridge: the UI's state for tests and the web shell (state_json, item_rect_json),
// and the page's requests to the app (run_command: upload, share link, language).
#include "app.h"

#include "ui/app/layout_bridge.h"
#include "ui/app/live_state_json.h"
#include "ui/app/machine_focus.h"
#include "ui/app/world_edit.h"
#include "ui/app/world_edit_json.h"
#include "ui/app/world_state_json.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

namespace mailsim::ui {
namespace {

// How far the lesson's text is scrolled, in ImGui units (the step body is a child window of
// the lesson window). A stopgap for the wheel test until the layout reports every window.
nlohmann::json lesson_scroll_json() {
    ImGuiWindow* lesson = ImGui::FindWindowByName("###lesson");
    if (!lesson)
        return nullptr;
    ImGuiWindow* scrolled = lesson;
    for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows)
        if (window->RootWindow == lesson && window->ScrollMax.y > scrolled->ScrollMax.y)
            scrolled = window;
    return {{"y", scrolled->Scroll.y}, {"max", scrolled->ScrollMax.y}};
}

} // namespace

float App::css_scale() const {
    // On the web, content_scale is devicePixelRatio; ImGui's units are device pixels when
    // the framebuffer scale is 1 and CSS pixels when it is the ratio itself.
    if (!m_platform || !m_platform->is_web())
        return 1.0f;
    const float ratio = m_platform->content_scale();
    const float framebuffer = ImGui::GetIO().DisplayFramebufferScale.x;
    return ratio > 0 && framebuffer > 0 ? framebuffer / ratio : 1.0f;
}

std::string App::state_json() {
    nlohmann::json j;
    j["ready"] = m_frame_count > 1;
    j["language"] = language_code(m_settings.language);
    j["theme"] = m_settings.theme == Theme::Dark ? "dark" : "light";
    j["font_scale"] = m_settings.font_scale;
    j["projector_mode"] = m_settings.projector_mode;
    j["content_scale"] = m_platform ? m_platform->content_scale() : 1.0f;
    // ImGui's units are CSS pixels on the web; dpr is framebuffer pixels per unit.
    const ImGuiIO& io = ImGui::GetIO();
    j["display"] = {{"width", io.DisplaySize.x},
                    {"height", io.DisplaySize.y},
                    {"dpr", io.DisplayFramebufferScale.x}};
    j["lesson_scroll"] = lesson_scroll_json();
    const ComposeForm& compose = m_state.compose;
    const world::World* compose_world = m_session.world();
    const bool from_valid =
        compose_world && compose.from >= 0 &&
        static_cast<size_t>(compose.from) < compose_world->scenario().uas.size();
    j["compose"] = {
        {"from", from_valid
                     ? compose_world->scenario().uas[static_cast<size_t>(compose.from)].address
                     : std::string()},
        {"to", compose.to},
        {"subject", compose.subject},
        {"body", compose.body}};
    j["explainer"] = {{"input", m_state.explainer.input}};
    j["frame"] = m_frame_count;
    j["frame_ms"] = m_frame_ms_smoothed;
    j["live"] = m_session.live();
    j["live_stream"] = live_state_json(m_session);
    j["windows"] = windows_json(m_bridge, css_scale());
    j["layout"] = layout_json(m_layout, m_settings.open_panels, css_scale());
    j["load_errors"] = m_load_errors;
    j["scenario"] = m_session.name();
    j["editor"] = world_edit_json(*this);
    j["status"] = m_state.status_message;
    j["playing"] = m_state.playback.playing;
    j["speed"] = m_state.playback.speed;
    j["time"] = to_seconds(m_session.clock());
    j["clock"] = format_sim_time(m_session.clock(), false);
    j["event_index"] = m_session.position();
    j["trace_size"] = m_session.trace().size();
    nlohmann::json selection;
    selection["event"] = m_state.selection.event ? nlohmann::json(*m_state.selection.event)
                                                 : nlohmann::json(nullptr);
    selection["host"] = m_state.selection.host;
    selection["conn"] = m_state.selection.conn;
    selection["msg_id"] = m_state.selection.msg_id;
    selection["mailbox"] = m_state.selection.mailbox;
    selection["queue_host"] = m_state.selection.queue_host;
    j["selection"] = selection;
    j["world"] = world_state_json(m_session);
    j["state_machine"] =
        state_machine_json(m_session, m_state.selection.conn, m_state_machine.side);
    if (const StateDiagram* drawn = m_state_machine.laid_out) {
        // The figure as last laid out: its states (each recorded as state_machine.state.NAME),
        // its form and its text size against the UI's, in CSS pixels.
        nlohmann::json names = nlohmann::json::array();
        for (const auto& s : drawn->states)
            names.push_back(s.name);
        j["state_machine"]["states"] = names;
        j["state_machine"]["form"] =
            m_state_machine.layout.form == DiagramForm::Compact ? "compact" : "textbook";
        j["state_machine"]["text_px"] = m_state_machine.layout_em * css_scale();
        j["state_machine"]["ui_text_px"] = m_state_machine.layout_font * css_scale();
    }
    if (bench_done())
        j["bench"] = {
            {"frames", m_bench_stats.frames},         {"mean_ms", m_bench_stats.mean_ms},
            {"p95_ms", m_bench_stats.p95_ms},         {"max_ms", m_bench_stats.max_ms},
            {"hosts", m_session.view().hosts.size()}, {"events", m_session.trace().size()}};
    j["inspector"] = inspector_state_json(m_state.inspected);
    j["lesson"] = {{"id", m_state.lesson.lesson_id},
                   {"step", m_state.lesson.step},
                   {"tasks_done", m_state.lesson.tasks_done},
                   {"marked_event", m_state.lesson.marked_event
                                        ? nlohmann::json(*m_state.lesson.marked_event)
                                        : nlohmann::json(nullptr)},
                   {"lessons", m_library.lessons.size()},
                   {"problems", m_library.problems}};
    if (const auto& verdict = m_state.lesson.verdict) {
        nlohmann::json checks = nlohmann::json::array(), evidence = nlohmann::json::array();
        for (const auto& c : verdict->checks)
            checks.push_back({{"check", c.check}, {"holds", c.holds}});
        for (const auto& e : verdict->evidence)
            evidence.push_back(
                {{"kind", lesson::to_string(e.kind)}, {"host", e.host}, {"text", e.text}});
        j["lesson"]["verdict"] = {
            {"solved", verdict->solved}, {"checks", checks}, {"evidence", evidence}};
    }
    j["quiz"] = {{"id", m_state.quiz.quiz_id},      {"current", m_state.quiz.current},
                 {"score", m_state.quiz.score},     {"answered", m_state.quiz.answered},
                 {"correct", m_state.quiz.correct}, {"finished", m_state.quiz.finished}};
    j["progress"] = nlohmann::json::parse(m_progress.to_json(), nullptr, false);
    j["missing_strings"] = m_strings.missing();
    return j.dump();
}

std::string App::item_rect_json(const std::string& id) const {
    const auto& rects = m_bridge.rects();
    auto found = rects.find(id);
    if (found == rects.end())
        return "null";
    nlohmann::json j;
    j["x"] = found->second.x;
    j["y"] = found->second.y;
    j["w"] = found->second.w;
    j["h"] = found->second.h;
    return j.dump();
}

std::string App::run_command(const std::string& json) {
    const nlohmann::json request = nlohmann::json::parse(json, nullptr, false);
    nlohmann::json reply;
    if (!request.is_object() || !request.contains("op") || !request["op"].is_string()) {
        reply["ok"] = false;
        reply["error"] = "expected {\"op\": ...}";
        return reply.dump();
    }
    const std::string op = request["op"].get<std::string>();
    if (op == "open_scenario" && request.contains("text") && request["text"].is_string()) {
        // The web shell's upload: a broken file shows its error and the app keeps running.
        const std::string name = request.contains("name") && request["name"].is_string()
                                     ? request["name"].get<std::string>()
                                     : std::string("uploaded.toml");
        reply["ok"] = load_scenario_text(request["text"].get<std::string>(), name);
        reply["status"] = m_state.status_message;
        return reply.dump();
    }
    if (op == "world_text") { // the web shell's share link: the edited design as a file
        reply["ok"] = true;
        reply["text"] = world_text(*this);
        return reply.dump();
    }
    if (op == "share_link" && request.contains("url") && request["url"].is_string()) {
        m_state.world_edit.share_link = request["url"].get<std::string>();
        reply["ok"] = true;
        return reply.dump();
    }
    if (op == "set_language" && request.contains("language") && request["language"].is_string()) {
        set_language(
            language_from_code(request["language"].get<std::string>(), m_settings.language));
        reply["ok"] = true;
        return reply.dump();
    }
    reply["ok"] = false;
    reply["error"] = "unknown op: " + op;
    return reply.dump();
}

} // namespace mailsim::ui
