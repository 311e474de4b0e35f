// A step's "try it" sentence is written in the lessons' Markdown: `USER bob` shows in the code
// font without its backticks, and "{panel.telnet}" is a link that brings the console on
// screen (lesson 1's first task types into a console that the step does not show).
#include "drawn_glyphs.h"
#include "headless_app.h"

#include <doctest/doctest.h>

#include <string>

using mailsim::ui::testing::glyphs_drawn;
using mailsim::ui::testing::glyphs_drawn_any_font;
using mailsim::ui::testing::HeadlessApp;

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
