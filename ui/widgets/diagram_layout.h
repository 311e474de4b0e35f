#pragma once
// Where a state diagram's boxes, arrows and labels go, computed without drawing so a unit test
// can check it reads like a textbook figure: states in layers along their grid places (the
// happy path left to right), a state's self-loops listed inside its box instead of as loops,
// arrows routed to cross as few other arrows as they can and never through a state, and each
// label on a free spot of its own arrow that no other arrow crosses and no label or state
// covers. The grid spreads when some label finds no such spot.
#include "layout_rect.h"
#include "state_diagram.h"

#include <imgui.h>

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::ui {

// Listed self-loops are set in the diagram's text size, a line every this many ems: as readable
// as the state's name above them (they were 0.85 of it, too small on a projector).
inline constexpr float kListingLineSpacing = 1.1f;

struct EdgeLayout {
    std::array<ImVec2, 4> curve{};  // cubic Bézier from the source box's edge to the target's
    std::vector<std::string> lines; // the label, wrapped (compact: one line, maybe elided)
    LayoutRect label;
    bool listed = false;         // a self-loop: `lines` are listed inside the state's box, no arrow
    bool elided = false;         // compact: `lines` end in "…"; the whole label shows on hover
    bool label_shown = true;     // compact: false when no free spot was left for the label
    ImVec2 point(float t) const; // on the curve, t in [0, 1]
};

// Textbook: the figure of the grid places, every label whole. Compact: for a tile too small for
// that at the UI's text size, the states re-flowed into the tile's shape, packed tight, each
// label and self-loop listing on one line (elided, whole on hover), a label without room left
// out (shown on hover, or drawn over the figure when its arrow is the one just taken).
enum class DiagramForm { Textbook, Compact };

// Where a state's name sits in its box, in ems from the top: the compact figure's boxes are
// tighter round it.
inline float name_top(DiagramForm form) {
    return form == DiagramForm::Compact ? 0.3f : 0.4f;
}

struct DiagramLayout {
    ImVec2 size; // all of it lies in (0,0)..size
    DiagramForm form = DiagramForm::Textbook;
    std::vector<LayoutRect> states; // per diagram state
    std::vector<EdgeLayout> edges;  // per diagram edge
};

using MeasureText = std::function<ImVec2(std::string_view)>;

// `names` are the texts shown in the state boxes (the diagram's names, or a translation for the
// "any state" box); `em` is the font size the text is measured in.
DiagramLayout layout_diagram(const StateDiagram& diagram, const std::vector<std::string>& names,
                             ImVec2 available, float em, const MeasureText& measure);

// The states' boxes in that form (the compact one lists self-loops on one line).
std::vector<ImVec2> state_box_sizes(const StateDiagram& diagram,
                                    const std::vector<std::string>& names, float em,
                                    const MeasureText& measure, DiagramForm form);
// The compact figure with the states centred at `centres` in `size`: arrows routed round the
// states, labels (elided to `label_width`) on free spots. `routed` says whether every arrow
// kept clear of the other states and inside the figure.
DiagramLayout route_compact_diagram(const StateDiagram& diagram,
                                    const std::vector<std::string>& names,
                                    const std::vector<ImVec2>& centres, ImVec2 size,
                                    float label_width, float em, const MeasureText& measure,
                                    bool* routed);

// Whether the segment a-b passes through the rectangle (for the layout and its tests).
bool segment_crosses(ImVec2 a, ImVec2 b, const LayoutRect& r);
// Whether the curve of `edge` passes through the rectangle, sampled finely.
bool curve_crosses(const EdgeLayout& edge, const LayoutRect& r);
// How many times one arrow crosses another. Arrows that meet at a state (both start or end
// there) may touch near it: that is where they meet, no crossing.
int count_crossings(const StateDiagram& diagram, const DiagramLayout& layout, float em);

} // namespace mailsim::ui
