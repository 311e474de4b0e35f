#pragma once
// The layout as the test bridge reports it (window.mailsim.state()): every visible panel's
// window and the regions, in CSS pixels, so browser tests can check the tiling.
#include "ui/app/layout.h"
#include "ui/app/test_bridge.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace mailsim::ui {

// [{id, x, y, w, h, scroll_y, scroll_max, scroll_max_x}] for every panel drawn in the last frame;
// `css` converts ImGui units to CSS pixels.
nlohmann::json windows_json(const TestBridge& bridge, float css);
// ImGui's mouse cursor as CSS names it (the web canvas shows it; tests read it).
const char* cursor_name(int cursor);
// {shape, work, display, regions: [{id, x, y, w, h, panels, active}],
//  splitters: [{id, x, y, w, h, axis, position, ratio, before, after}], cursor, open}
nlohmann::json layout_json(const Layout& layout, const std::map<std::string, bool>& open,
                           float css);

} // namespace mailsim::ui
