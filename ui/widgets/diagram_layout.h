#pragma once
// Where a state diagram's boxes, arrows and labels go, computed without drawing so a unit test
// can check it: no two labels overlap, no label covers a state, everything stays inside the
// diagram's bounds. States take their grid places; each arrow bends away from the states in
// its way; each label takes the first free spot along its arrow (and the diagram grows taller
// when a label finds none).
#include "layout_rect.h"
#include "state_diagram.h"

#include <imgui.h>

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::ui {

struct EdgeLayout {
    std::array<ImVec2, 4> curve;    // cubic Bézier from the source box's edge to the target's
    std::vector<std::string> lines; // the label, wrapped
    LayoutRect label;
    ImVec2 point(float t) const; // on the curve, t in [0, 1]
};

struct DiagramLayout {
    ImVec2 size;                    // all of it lies in (0,0)..size
    std::vector<LayoutRect> states; // per diagram state
    std::vector<EdgeLayout> edges;  // per diagram edge
};

using MeasureText = std::function<ImVec2(std::string_view)>;

// `names` are the texts shown in the state boxes (the diagram's names, or a translation for the
// "any state" box); `em` is the font size the text is measured in.
DiagramLayout layout_diagram(const StateDiagram& diagram, const std::vector<std::string>& names,
                             ImVec2 available, float em, const MeasureText& measure);

} // namespace mailsim::ui
