#pragma once
// Runtime state of the state-machine panel (never persisted): which side of the connection it
// follows, the move being animated, and the last layout (recomputed only when the diagram, the
// room, the font size or the language change).
#include "ui/widgets/diagram_layout.h"
#include "ui/widgets/state_diagram.h"

#include <cstdint>
#include <string>

namespace mailsim::ui {

struct StateMachineView {
    MachineSide side = MachineSide::Server;
    std::uint64_t animated_move = UINT64_MAX; // trace index of the move the dot travels along
    double move_started = 0;                  // ImGui::GetTime() when it started
    std::string scrolled_to;                  // "diagram/state" last scrolled into view
    const StateDiagram* laid_out = nullptr;
    float layout_width = 0, layout_height = 0, layout_em = 0;
    float layout_font = 0; // the UI's text size the layout was made for (its readable minimum)
    std::string layout_language;
    DiagramLayout layout;
};

} // namespace mailsim::ui
