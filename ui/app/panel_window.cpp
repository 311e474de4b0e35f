#include "panel_window.h"

#include "ui/app/app.h"
#include "ui/panels/panel_registry.h"
#include "ui/widgets/highlight_frame.h"
#include "ui/widgets/splitter.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

namespace mailsim::ui {
namespace {

constexpr ImGuiWindowFlags kTileFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                        ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus;

const char* title_key_of(const std::string& id) {
    for (const auto& panel : panel_registry())
        if (id == panel.id)
            return panel.title_key;
    return "";
}

void place_next_window(const Rect& r) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
}

// Tiles are square and may be smaller than ImGui's default minimum window size: a tile that
// grew to the minimum would overlap its neighbour.
void push_tile_style() {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
}

float tab_width(const char* label) {
    return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
}

bool close_button(App& app, const std::string& id) {
    const float size = ImGui::GetFrameHeight();
    const bool clicked = ImGui::Button(("\xc3\x97##close." + id).c_str(), ImVec2(size, size));
    app.bridge().record_last_item("tab." + id + ".close");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", app.tr("layout.close"));
    return clicked;
}

void draw_tabs(App& app, const PlacedRegion& region) {
    const ImGuiStyle& style = ImGui::GetStyle();
    for (const auto& id : region.panels) {
        const bool active = id == region.active;
        ImGui::PushStyleColor(ImGuiCol_Button,
                              style.Colors[active ? ImGuiCol_TabActive : ImGuiCol_Tab]);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style.Colors[ImGuiCol_TabHovered]);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, style.Colors[ImGuiCol_TabActive]);
        if (ImGui::Button((std::string(app.tr(title_key_of(id))) + "##tab." + id).c_str()))
            app.open_panel(id);
        app.bridge().record_last_item("tab." + id);
        ImGui::PopStyleColor(3);
        if (active) {
            ImGui::SameLine(0, 0);
            if (close_button(app, id))
                app.close_panel(id);
        }
        ImGui::SameLine();
    }
}

// Where the tabs do not fit (a phone, big text): one button with the active panel's name that
// lists the region's panels, big enough for a finger.
void draw_switcher(App& app, const PlacedRegion& region) {
    const std::string popup = "switch." + region.id;
    const float close = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x;
    const std::string label =
        std::string("\xe2\x96\xbc ") + app.tr(title_key_of(region.active)) + "##" + popup;
    if (ImGui::Button(label.c_str(), ImVec2(ImGui::GetContentRegionAvail().x - close, 0)))
        ImGui::OpenPopup(popup.c_str());
    app.bridge().record_last_item("switcher." + region.id);
    const ImVec2 below(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y);
    ImGui::SameLine();
    if (close_button(app, region.active))
        app.close_panel(region.active);
    const float width = ImGui::GetItemRectMax().x - below.x;
    ImGui::SetNextWindowPos(below);
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(FLT_MAX, FLT_MAX));
    if (!ImGui::BeginPopup(popup.c_str()))
        return;
    const float row = ImGui::GetFrameHeight() * 1.5f;
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0, 0.5f));
    for (const auto& id : region.panels) {
        if (ImGui::Selectable((std::string(app.tr(title_key_of(id))) + "##" + popup + id).c_str(),
                              id == region.active, 0, ImVec2(0, row)))
            app.open_panel(id);
        app.bridge().record_last_item("switcher." + region.id + "." + id);
    }
    ImGui::PopStyleVar();
    ImGui::EndPopup();
}

bool tabs_fit(App& app, const PlacedRegion& region) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float width = style.WindowPadding.x * 2 + ImGui::GetFrameHeight();
    for (const auto& id : region.panels)
        width += tab_width(app.tr(title_key_of(id))) + style.ItemSpacing.x;
    return width <= region.header.w;
}

// Before the tabs and the panels, so that a drag re-places them in the same frame.
void draw_splitters(App& app) {
    Layout& layout = app.layout();
    const std::vector<Splitter> splitters = layout.splitters(); // a drag re-places them
    bool changed = false;
    for (const auto& splitter : splitters) {
        const SplitterInput input =
            splitter_handle(splitter.id, splitter.handle, splitter.cut.axis, splitter.cut.position);
        app.bridge().record_last_item("splitter." + splitter.id);
        if (input.double_clicked) {
            layout.reset_splitter(splitter.id);
            changed = true;
        } else if (input.dragged_to) {
            layout.drag_splitter(splitter.id, *input.dragged_to);
        }
        changed |= input.released;
    }
    if (changed)
        app.save_split_ratios();
}

} // namespace

float region_header_height() {
    return ImGui::GetFrameHeight() + 2 * std::round(ImGui::GetFontSize() * 0.2f);
}

bool begin_panel(App& app, const char* id, bool* open) {
    (void)open; // closing is the header's close button
    const auto rect = app.layout().panel_rect(id);
    place_next_window(rect ? *rect : app.layout().work());
    push_tile_style();
    const bool shown =
        ImGui::Begin(app.window_title(title_key_of(id), id).c_str(), nullptr, kTileFlags);
    ImGui::PopStyleVar(2);
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    app.bridge().record_window(
        id, WindowRect{pos.x, pos.y, size.x, size.y, ImGui::GetScrollY(), ImGui::GetScrollMaxY()});
    if (shown)
        draw_panel_highlight(app, id); // the lesson step's frame round the panels it names
    return shown;
}

void record_panel_scrolls(App& app) {
    const auto windows = app.bridge().current_windows();
    for (const auto& [id, rect] : windows) {
        ImGuiWindow* panel = ImGui::FindWindowByName(("###" + id).c_str());
        if (!panel)
            continue;
        ImGuiWindow* scrolled = panel;
        float across = panel->ScrollMax.x;
        for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows)
            if (window->RootWindow == panel && window->Active) {
                if (window->ScrollMax.y > scrolled->ScrollMax.y)
                    scrolled = window;
                across = std::max(across, window->ScrollMax.x);
            }
        app.bridge().set_window_scroll(id, scrolled->Scroll.y, scrolled->ScrollMax.y, across);
    }
}

void draw_region_headers(App& app) {
    draw_splitters(app);
    for (const auto& region : app.layout().regions()) {
        if (region.header.empty())
            continue;
        place_next_window(region.header);
        push_tile_style();
        const float pad = std::round(ImGui::GetFontSize() * 0.2f);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, pad));
        const ImGuiWindowFlags flags = kTileFlags | ImGuiWindowFlags_NoScrollbar |
                                       ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNav;
        if (ImGui::Begin(("##region." + region.id).c_str(), nullptr, flags)) {
            if (tabs_fit(app, region))
                draw_tabs(app, region);
            else
                draw_switcher(app, region);
        }
        ImGui::End();
        ImGui::PopStyleVar(3);
    }
}

} // namespace mailsim::ui
