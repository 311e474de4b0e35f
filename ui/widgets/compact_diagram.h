#pragma once
// The state diagram for a tile too small for the textbook figure at the UI's text size (a
// laptop's short, wide tile beside the topology; a phone's narrow one): the textbook's rows
// kept, but packed as tight as the boxes allow and, when the path is still too long for the
// tile, folded into bands (under one another in a wide tile, side by side in a tall one, where
// the happy path runs top to bottom). Text stays at the UI's size: labels and self-loop
// listings are elided to one line instead, whole on hover.
#include "diagram_layout.h"

#include <string>
#include <vector>

namespace mailsim::ui {

// How the textbook grid is re-flowed: folded into `bands` pieces along the happy path, each
// piece's columns running across (left to right) or down (top to bottom).
struct Reflow {
    int bands = 1;
    bool down = false;
};

// The re-flows tried, and the order a tile of `room` prefers them in: the fewest bands that
// fit it, else the ones that overflow it least (they scroll).
std::vector<Reflow> reflows();
std::vector<Reflow> ranked_reflows(const StateDiagram& diagram,
                                   const std::vector<std::string>& names, ImVec2 room, float em,
                                   const MeasureText& measure);

// The compact figure in that re-flow, spread into `room` where there is room to spare.
DiagramLayout layout_compact(const StateDiagram& diagram, const std::vector<std::string>& names,
                             Reflow reflow, ImVec2 room, float em, const MeasureText& measure);
// The same in the re-flow the room prefers most among those whose arrows all keep clear of the
// states they do not join (a fold can leave a state in the way of an arrow that crosses it).
DiagramLayout layout_compact(const StateDiagram& diagram, const std::vector<std::string>& names,
                             ImVec2 room, float em, const MeasureText& measure);

} // namespace mailsim::ui
