#include "layout_bridge.h"

#include <imgui.h>

namespace mailsim::ui {
namespace {

nlohmann::json rect_json(const Rect& r, float css) {
    return {{"x", r.x * css}, {"y", r.y * css}, {"w", r.w * css}, {"h", r.h * css}};
}

} // namespace

const char* cursor_name(int cursor) {
    switch (cursor) {
    case ImGuiMouseCursor_None:
        return "none";
    case ImGuiMouseCursor_TextInput:
        return "text";
    case ImGuiMouseCursor_ResizeAll:
        return "move";
    case ImGuiMouseCursor_ResizeNS:
        return "ns-resize";
    case ImGuiMouseCursor_ResizeEW:
        return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW:
        return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE:
        return "nwse-resize";
    case ImGuiMouseCursor_Hand:
        return "pointer";
    case ImGuiMouseCursor_NotAllowed:
        return "not-allowed";
    default:
        return "default";
    }
}

nlohmann::json windows_json(const TestBridge& bridge, float css) {
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& [id, w] : bridge.windows()) {
        nlohmann::json j = rect_json(Rect{w.x, w.y, w.w, w.h}, css);
        j["id"] = id;
        j["scroll_y"] = w.scroll_y * css;
        j["scroll_max"] = w.scroll_max * css;
        j["scroll_max_x"] = w.scroll_max_x * css;
        j["highlighted"] = w.highlighted;
        windows.push_back(j);
    }
    return windows;
}

nlohmann::json layout_json(const Layout& layout, const std::map<std::string, bool>& open,
                           float css) {
    nlohmann::json j;
    j["shape"] = shape_name(layout.shape());
    j["work"] = rect_json(layout.work(), css);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    j["display"] = {{"w", display.x * css}, {"h", display.y * css}};
    nlohmann::json regions = nlohmann::json::array();
    for (const auto& region : layout.regions()) {
        nlohmann::json r = rect_json(region.rect, css);
        r["id"] = region.id;
        r["panels"] = region.panels;
        r["active"] = region.active;
        regions.push_back(r);
    }
    j["regions"] = regions;
    // The handles a test drags: axis "x" moves sideways (a vertical boundary), "y" up and down.
    nlohmann::json splitters = nlohmann::json::array();
    for (const auto& splitter : layout.splitters()) {
        nlohmann::json s = rect_json(splitter.handle, css);
        s["id"] = splitter.id;
        s["axis"] = splitter.cut.axis == Axis::Columns ? "x" : "y";
        s["position"] = splitter.cut.position * css;
        s["ratio"] = splitter.cut.ratio;
        s["before"] = splitter.before;
        s["after"] = splitter.after;
        splitters.push_back(s);
    }
    j["splitters"] = splitters;
    j["cursor"] = cursor_name(ImGui::GetMouseCursor());
    nlohmann::json opened = nlohmann::json::array();
    for (const auto& [id, o] : open)
        if (o)
            opened.push_back(id);
    j["open"] = opened;
    return j;
}

} // namespace mailsim::ui
