// The topology fits its graph into the tile it has: after a splitter drag makes the tile small,
// every host box is still whole and inside the drawing, no two boxes meet, and what does not fit
// at a readable size scrolls instead of being cut off.
#include "headless_app.h"
#include "item_box.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

// Scrolls the view under the pointer by wheel notches (negative: down, right) and returns how
// far the drawing moved.
ImVec2 wheel(HeadlessApp& headless, const Box& view, float down, float right) {
    const auto before = rect(headless, "topology.canvas");
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(view.x + view.w * 0.5f, view.y + view.h * 0.5f);
    headless.frames(1);
    io.MouseWheel = down;
    io.MouseWheelH = right;
    headless.frames(1);
    io.MouseWheel = io.MouseWheelH = 0;
    headless.frames(2);
    const auto after = rect(headless, "topology.canvas");
    REQUIRE(before);
    REQUIRE(after);
    return ImVec2(after->x - before->x, after->y - before->y);
}

} // namespace

TEST_CASE("every host box lies whole inside the topology, in a big tile and a small one") {
    for (const char* scenario : {"alice-bob", "relay-chain", "delayed-bounce", "webmail",
                                 "pop3-two-devices", "backup-mx", "big-network"}) {
        for (const ImVec2 display :
             {ImVec2(1280, 800), ImVec2(800, 420), ImVec2(560, 300), ImVec2(400, 220)}) {
            CAPTURE(scenario);
            CAPTURE(display.x);
            CAPTURE(display.y);
            HeadlessApp headless("en", HeadlessApp::Panels::Only, scenario, "", "", "topology");
            ImGui::GetIO().DisplaySize = display;
            headless.frames(4);
            const auto canvas = rect(headless, "topology.canvas");
            const auto view = rect(headless, "topology.view");
            REQUIRE(canvas);
            REQUIRE(view);
            std::vector<Box> boxes;
            const float em = ImGui::GetFontSize();
            for (const auto& host : headless.app.session().view().hosts) {
                const auto box = rect(headless, "topology.host." + host.name);
                REQUIRE(box);
                CAPTURE(host.name);
                // Whole, inside the drawing, and clear of every other box.
                CHECK(box->inside(*canvas));
                // (Two of a big world's client dots may touch: a crowd reads as one.)
                for (const Box& other : boxes)
                    if (box->w >= em || other.w >= em)
                        CHECK_FALSE(box->overlaps(other));
                boxes.push_back(*box);
            }
            // The drawing fills the view; where a readable graph needs more, the view scrolls
            // to the rest of it with the wheel (down and sideways).
            CHECK(canvas->w >= view->w - 20);
            CHECK(canvas->h >= view->h - 20);
            const bool taller = canvas->h > view->h + 0.5f, wider = canvas->w > view->w + 0.5f;
            if (!taller && !wider)
                for (const Box& box : boxes)
                    CHECK(box.inside(*view));
            if (taller)
                CHECK(wheel(headless, *view, -3, 0).y < 0);
            if (wider)
                CHECK(wheel(headless, *view, 0, -3).x < 0);
        }
    }
}

TEST_CASE("a tile that is still of a useful size shows the whole lecture graph without scrolling") {
    // The network tile at 1366x768 after its splitter was dragged 100 px up, about 40 x 12 em.
    for (const std::string scenario : {"alice-bob", "relay-chain", "webmail"}) {
        CAPTURE(scenario);
        HeadlessApp headless("en", HeadlessApp::Panels::Only, scenario, "", "", "topology");
        ImGui::GetIO().DisplaySize = ImVec2(700, 270);
        headless.frames(4);
        const auto view = rect(headless, "topology.view");
        REQUIRE(view);
        for (const auto& host : headless.app.session().view().hosts) {
            const auto box = rect(headless, "topology.host." + host.name);
            REQUIRE(box);
            CAPTURE(host.name);
            CHECK(box->inside(*view));
        }
    }
}

TEST_CASE("a phone's network tile shows the lecture graph whole, without sideways scrolling") {
    // Lesson 1 on a 390x844 phone: the network tile above the lesson is about 390 x 340 CSS
    // pixels. The boxes fit in that width in two rows, so the student must not have to scroll
    // sideways to find bob-pc.
    for (const std::string scenario : {"alice-bob", "relay-chain", "webmail"}) {
        for (const ImVec2 display : {ImVec2(390, 340), ImVec2(360, 300)}) {
            CAPTURE(scenario);
            CAPTURE(display.x);
            HeadlessApp headless("ko", HeadlessApp::Panels::Only, scenario, "", "", "topology");
            ImGui::GetIO().DisplaySize = display;
            headless.frames(4);
            const auto canvas = rect(headless, "topology.canvas");
            const auto view = rect(headless, "topology.view");
            REQUIRE(canvas);
            REQUIRE(view);
            CHECK(canvas->w <= view->w + 0.5f);
            for (const auto& host : headless.app.session().view().hosts) {
                const auto box = rect(headless, "topology.host." + host.name);
                REQUIRE(box);
                CAPTURE(host.name);
                CHECK(box->x >= view->x - 0.5f);
                CHECK(box->x + box->w <= view->x + view->w + 0.5f);
            }
        }
    }
}
