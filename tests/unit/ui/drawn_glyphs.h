#pragma once
// Reading what a panel drew: the glyph quads in its draw lists, so a test can tell which text
// reached the screen (and in which font) rather than what the code meant to draw.
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

namespace mailsim::ui::testing {

// How many quads in the named window's draw lists (its scrolled child areas included) show
// the glyph `c` of `font`.
inline int glyphs_drawn(const char* window_name, const ImFont* font, ImWchar c) {
    const ImGuiWindow* window = ImGui::FindWindowByName(window_name);
    REQUIRE(window != nullptr);
    const ImFontGlyph* glyph = font->FindGlyphNoFallback(c);
    if (!glyph)
        return 0;
    int count = 0;
    for (const ImGuiWindow* drawn : GImGui->Windows) {
        if (drawn->RootWindow != window || !drawn->WasActive)
            continue;
        for (const ImDrawVert& v : drawn->DrawList->VtxBuffer)
            if (v.uv.x == glyph->U0 && v.uv.y == glyph->V0)
                ++count;
    }
    return count;
}

inline int glyphs_drawn_any_font(const char* window_name, ImWchar c) {
    int count = 0;
    for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
        count += glyphs_drawn(window_name, font, c);
    return count;
}

} // namespace mailsim::ui::testing
