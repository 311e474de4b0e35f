#pragma once
// A recorded UI item's rectangle (the test bridge's item_rect_json) as a box tests can compare:
// whole inside another, overlapping, how far from a point.
#include "headless_app.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace mailsim::ui::testing {

struct Box {
    float x = 0, y = 0, w = 0, h = 0;
    float cx() const { return x + w * 0.5f; }
    float cy() const { return y + h * 0.5f; }
    bool overlaps(const Box& o) const {
        return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
    }
    bool inside(const Box& o, float slack = 0.5f) const {
        return x >= o.x - slack && y >= o.y - slack && x + w <= o.x + o.w + slack &&
               y + h <= o.y + o.h + slack;
    }
    // Distance from a point to the box (0 inside).
    float distance(float px, float py) const {
        const float dx = std::max({x - px, 0.0f, px - (x + w)});
        const float dy = std::max({y - py, 0.0f, py - (y + h)});
        return std::sqrt(dx * dx + dy * dy);
    }
};

// The item's box on the last frame, if it was drawn.
inline std::optional<Box> rect(HeadlessApp& headless, const std::string& id) {
    const auto j = nlohmann::json::parse(headless.app.item_rect_json(id));
    if (!j.is_object())
        return std::nullopt;
    return Box{j["x"], j["y"], j["w"], j["h"]};
}

} // namespace mailsim::ui::testing
