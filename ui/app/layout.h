#pragma once
// The default arrangement of the panels on one screen (ImGui 1.86 has no docking): a
// projector-friendly grid computed from the viewport, so every panel has a sane first place
// and View > Reset layout can put them back.
#include <imgui.h>

#include <string>

namespace mailsim::ui {

// Sets the next window's position and size for panel `id` (once, or always after a reset).
void place_panel(const std::string& id, bool force);

} // namespace mailsim::ui
