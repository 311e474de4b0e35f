#include "label_placement.h"

#include <array>

namespace mailsim::ui {
namespace {

bool free_spot(const LayoutRect& r, const std::vector<LayoutRect>& taken, const LayoutRect& bounds,
               float gap) {
    if (!r.inside(bounds))
        return false;
    for (const auto& other : taken)
        if (other.inflated(gap).overlaps(r))
            return false;
    return true;
}

} // namespace

std::vector<std::optional<LayoutRect>> place_labels(const std::vector<LabelRequest>& requests,
                                                    const std::vector<LayoutRect>& obstacles,
                                                    const LayoutRect& bounds, float gap) {
    std::vector<LayoutRect> taken = obstacles;
    std::vector<std::optional<LayoutRect>> placed;
    placed.reserve(requests.size());
    for (const auto& request : requests) {
        const ImVec2 a = request.anchor, s = request.size;
        const float half_w = s.x * 0.5f, half_h = s.y * 0.5f;
        std::optional<LayoutRect> found;
        // Rings of candidates further and further out: above, below, right, left, then the
        // four corners; each ring a label height (or width) further.
        for (int ring = 0; ring < 8 && !found; ++ring) {
            const float dy = gap + half_h + static_cast<float>(ring) * (s.y + gap);
            const float dx = gap + half_w + static_cast<float>(ring) * (s.y + gap);
            const std::array<ImVec2, 8> centres = {{
                {a.x, a.y - dy},
                {a.x, a.y + dy},
                {a.x + dx, a.y},
                {a.x - dx, a.y},
                {a.x + dx, a.y - dy},
                {a.x - dx, a.y - dy},
                {a.x + dx, a.y + dy},
                {a.x - dx, a.y + dy},
            }};
            for (const ImVec2& c : centres) {
                const LayoutRect r = LayoutRect::centred(c, s);
                if (free_spot(r, taken, bounds, gap)) {
                    found = r;
                    break;
                }
            }
        }
        if (found)
            taken.push_back(*found);
        placed.push_back(found);
    }
    return placed;
}

} // namespace mailsim::ui
