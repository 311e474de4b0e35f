// A step's "try it" sentence is written in the lessons' Markdown: `USER bob` shows in the code
// font without its backticks, and "{panel.telnet}" is a link that brings the console on
// screen (lesson 1's first task types into a console that the step does not show).
#include "headless_app.h"

#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <string>

using mailsim::ui::testing::HeadlessApp;

namespace {

// How many quads in the named window's draw lists (its scrolled child areas included) show
// the glyph `c` of `font`.
int glyphs_drawn(const char* window_name, const ImFont* font, ImWchar c) {
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

int glyphs_drawn_any_font(const char* window_name, ImWchar c) {
    int count = 0;
    for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
        count += glyphs_drawn(window_name, font, c);
    return count;
}

} // namespace

TEST_CASE("a task's Markdown is drawn, and a panel it names is a link to that panel") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "", "parts-of-email", "three-parts");
    headless.frames(4);
    const auto& windows = headless.app.bridge().windows();
    REQUIRE(windows.count("lesson") == 1);
    CHECK(windows.count("telnet") == 0); // the step shows the topology and the lesson only

    headless.scroll_into_view("lesson", "link.panel.telnet"); // the task is below the fold
    // The task says `USER bob`, `PASS hungry`, `STAT`, `QUIT`: drawn in the code font (the
    // step's prose has no U in code), and none of those backticks is drawn.
    CHECK(glyphs_drawn("###lesson", headless.app.fonts().mono, 'U') >= 2);
    CHECK(glyphs_drawn_any_font("###lesson", '`') == 0);
    REQUIRE(headless.click("link.panel.telnet"));
    headless.frames(2);
    CHECK(headless.app.bridge().windows().count("telnet") == 1);
    CHECK(headless.app.bridge().windows().count("lesson") == 1); // the lesson stays beside it
}
