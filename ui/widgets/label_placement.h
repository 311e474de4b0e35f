#pragma once
// Where the text beside a moving thing goes (a packet's "C: MAIL FROM:<...>" on the topology):
// next to its anchor, never over an obstacle (a host box, a badge) or a label placed before
// it, inside the bounds. Earlier requests win, so the caller lists the most important first;
// a label that finds no room is left out (its dot still shows) rather than piled on another.
#include "layout_rect.h"

#include <optional>
#include <vector>

namespace mailsim::ui {

struct LabelRequest {
    ImVec2 anchor; // the point the label belongs to
    ImVec2 size;   // the label's box
};

// `gap` is the clear space kept between the anchor, the label and everything else.
std::vector<std::optional<LayoutRect>> place_labels(const std::vector<LabelRequest>& requests,
                                                    const std::vector<LayoutRect>& obstacles,
                                                    const LayoutRect& bounds, float gap);

} // namespace mailsim::ui
