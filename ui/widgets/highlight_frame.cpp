#include "highlight_frame.h"

#include "ui/app/app.h"
#include "ui/app/lesson_tasks.h"
#include "ui/style/theme.h"

#include <algorithm>
#include <cmath>

namespace mailsim::ui {
namespace {

// One breath every two seconds: slow enough not to pull the eye from the text being read.
constexpr double kPulseSeconds = 2.0;

const lesson::Step* current_step(App& app) {
    const LessonRunner& runner = app.state().lesson;
    if (runner.lesson_id.empty())
        return nullptr;
    const LessonEntry* entry = app.library().find_lesson(runner.lesson_id);
    if (!entry || runner.step < 0 ||
        static_cast<std::size_t>(runner.step) >= entry->lesson.steps.size())
        return nullptr;
    return &entry->lesson.steps[static_cast<std::size_t>(runner.step)];
}

ImU32 with_alpha(ImU32 colour, float alpha) {
    const auto a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
    return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

} // namespace

float highlight_alpha(double seconds) {
    const double phase = std::fmod(std::max(seconds, 0.0), kPulseSeconds) / kPulseSeconds;
    const double wave = 0.5 - 0.5 * std::cos(phase * 2.0 * 3.14159265358979);
    return static_cast<float>(0.55 + 0.45 * wave);
}

std::vector<std::string> highlighted_panels(App& app) {
    std::vector<std::string> panels;
    const lesson::Step* step = current_step(app);
    if (!step)
        return panels;
    for (const auto& highlight : step->highlight) {
        const std::string& h = highlight.text;
        if (h.rfind("view:", 0) != 0)
            continue;
        const std::string panel = panel_for_view(h.substr(5));
        if (!panel.empty() && std::find(panels.begin(), panels.end(), panel) == panels.end())
            panels.push_back(panel);
    }
    return panels;
}

void draw_panel_highlight(App& app, const char* id) {
    const auto panels = highlighted_panels(app);
    if (std::find(panels.begin(), panels.end(), id) == panels.end())
        return;
    app.bridge().set_window_highlighted(id);
    const float em = ImGui::GetFontSize();
    const float thickness = std::max(2.0f, std::round(em * 0.2f));
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // Inside the window's padding, where its content does not draw over it.
    draw->PushClipRect(pos, max, false);
    const float inset = thickness * 0.5f + 1.0f;
    draw->AddRect(ImVec2(pos.x + inset, pos.y + inset), ImVec2(max.x - inset, max.y - inset),
                  with_alpha(palette().highlight, highlight_alpha(ImGui::GetTime())), em * 0.3f, 0,
                  thickness);
    draw->PopClipRect();
}

std::optional<std::size_t> marked_line(App& app) {
    const LessonRunner& runner = app.state().lesson;
    if (runner.lesson_id.empty() || !runner.marked_event ||
        *runner.marked_event >= app.session().trace().size())
        return std::nullopt;
    return static_cast<std::size_t>(*runner.marked_event);
}

void draw_line_mark(ImDrawList* draw, ImVec2 min, ImVec2 max) {
    const float em = ImGui::GetFontSize();
    const ImU32 colour = with_alpha(palette().highlight, highlight_alpha(ImGui::GetTime()));
    // A light tint (the line's own colour must stay readable on it), an outline, and a bar
    // just left of the line, in the padding, so it covers no character.
    draw->AddRectFilled(min, max, with_alpha(palette().highlight, 0.10f));
    draw->AddRect(min, max, colour, 0, 0, std::max(1.5f, em * 0.1f));
    const float bar = std::max(3.0f, em * 0.25f);
    draw->AddRectFilled(ImVec2(min.x - bar - 2.0f, min.y), ImVec2(min.x - 2.0f, max.y), colour);
}

} // namespace mailsim::ui
