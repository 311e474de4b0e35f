#include "theme.h"

namespace mailsim::ui {
namespace {

Palette g_palette_dark = {
    IM_COL32(86, 180, 233, 255),  IM_COL32(0, 158, 115, 255),   IM_COL32(204, 121, 167, 255),
    IM_COL32(240, 228, 66, 255),  IM_COL32(150, 150, 150, 255), IM_COL32(230, 159, 0, 255),
    IM_COL32(90, 200, 120, 255),  IM_COL32(190, 140, 255, 255), IM_COL32(240, 180, 60, 255),
    IM_COL32(235, 90, 80, 255),   IM_COL32(150, 150, 160, 255), IM_COL32(255, 215, 0, 255),
    IM_COL32(120, 120, 140, 255), IM_COL32(40, 48, 64, 255),    IM_COL32(130, 150, 190, 255)};

Palette g_palette_light = {
    IM_COL32(0, 114, 178, 255),   IM_COL32(0, 128, 90, 255),    IM_COL32(170, 70, 130, 255),
    IM_COL32(150, 130, 0, 255),   IM_COL32(110, 110, 110, 255), IM_COL32(200, 110, 0, 255),
    IM_COL32(20, 140, 60, 255),   IM_COL32(130, 60, 200, 255),  IM_COL32(190, 120, 0, 255),
    IM_COL32(200, 40, 30, 255),   IM_COL32(100, 100, 110, 255), IM_COL32(220, 150, 0, 255),
    IM_COL32(150, 150, 170, 255), IM_COL32(235, 240, 250, 255), IM_COL32(90, 110, 160, 255)};

const Palette* g_current = &g_palette_dark;

} // namespace

void apply_theme(Theme theme, float scale, bool projector_mode) {
    ImGuiStyle style;
    if (theme == Theme::Dark) {
        ImGui::StyleColorsDark(&style);
        g_current = &g_palette_dark;
    } else {
        ImGui::StyleColorsLight(&style);
        g_current = &g_palette_light;
    }
    // Opaque: tiled panels never show another panel's text through them, and a popup or a
    // dialog over a panel stays readable (ImGui's dark style is 94% opaque).
    style.Colors[ImGuiCol_WindowBg].w = 1.0f;
    style.Colors[ImGuiCol_PopupBg].w = 1.0f;
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.ScrollbarRounding = 6.0f;
    style.WindowBorderSize = 1.0f;
    style.FrameBorderSize = projector_mode ? 1.0f : 0.0f;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

const Palette& palette() {
    return *g_current;
}

} // namespace mailsim::ui
