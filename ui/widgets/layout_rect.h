#pragma once
// An axis-aligned rectangle for layouts computed without drawing (state diagrams, labels on
// the topology), so unit tests can check what overlaps what.
#include <imgui.h>

namespace mailsim::ui {

struct LayoutRect {
    ImVec2 min, max;
    bool overlaps(const LayoutRect& other) const {
        return min.x < other.max.x && other.min.x < max.x && min.y < other.max.y &&
               other.min.y < max.y;
    }
    bool inside(const LayoutRect& outer) const {
        return min.x >= outer.min.x && min.y >= outer.min.y && max.x <= outer.max.x &&
               max.y <= outer.max.y;
    }
    bool contains(ImVec2 p) const {
        return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y;
    }
    LayoutRect inflated(float by) const {
        return {{min.x - by, min.y - by}, {max.x + by, max.y + by}};
    }
    static LayoutRect centred(ImVec2 c, ImVec2 size) {
        return {{c.x - size.x * 0.5f, c.y - size.y * 0.5f},
                {c.x + size.x * 0.5f, c.y + size.y * 0.5f}};
    }
};

} // namespace mailsim::ui
