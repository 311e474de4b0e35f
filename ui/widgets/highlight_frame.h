#pragma once
// What a lesson step points at, made visible: a gently pulsing accent frame round each panel
// the step names (`view:NAME` highlights) and a mark on the dialogue line it names
// (`line:TEXT`, else `code:NNN`) in the transcript and on the sequence diagram. The text says
// "look at the queue" and the screen shows which panel that is.
#include <imgui.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::ui {

class App;

// The panels (registry ids) the current lesson step highlights; empty outside a lesson.
std::vector<std::string> highlighted_panels(App& app);
// Draws the frame round the current window when panel `id` is highlighted (call right after
// ImGui::Begin) and tells the test bridge; nothing otherwise.
void draw_panel_highlight(App& app, const char* id);

// The trace index of the dialogue line the current lesson step marks, if any.
std::optional<std::size_t> marked_line(App& app);
// Marks the row [min, max] as the step's line: a light tint, an accent outline and a bar just
// left of it.
void draw_line_mark(ImDrawList* draw, ImVec2 min, ImVec2 max);

// The frame's opacity at `seconds` (ImGui::GetTime()): a slow breath between 55% and 100%,
// never off, so a projector photo or a screenshot always shows it.
float highlight_alpha(double seconds);

} // namespace mailsim::ui
