// Rows of buttons wrap instead of running off the edge: the time controls on a 390-pixel
// phone, and a lesson step's buttons in its tile at 1.77x text (both were cut off: "Sav…",
// the clock and the speed slider past the right edge).
#include "headless_app.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

struct Box {
    float x0, y0, x1, y1;
};

Box box(HeadlessApp& headless, const std::string& id) {
    const auto j = nlohmann::json::parse(headless.app.item_rect_json(id));
    REQUIRE_MESSAGE(j.is_object(), id);
    const float x = j["x"].get<float>(), y = j["y"].get<float>();
    return {x, y, x + j["w"].get<float>(), y + j["h"].get<float>()};
}

Box window_of(HeadlessApp& headless, const std::string& panel) {
    const auto state = nlohmann::json::parse(headless.app.state_json());
    for (const auto& w : state["windows"])
        if (w["id"] == panel) {
            const float x = w["x"].get<float>(), y = w["y"].get<float>();
            return {x, y, x + w["w"].get<float>(), y + w["h"].get<float>()};
        }
    FAIL("panel " << panel << " is not on screen");
    return {};
}

void check_inside(const Box& item, const Box& window, const std::string& what) {
    INFO(what << ": [" << item.x0 << "," << item.y0 << " - " << item.x1 << "," << item.y1
              << "] in [" << window.x0 << "," << window.y0 << " - " << window.x1 << "," << window.y1
              << "]");
    CHECK(item.x0 >= window.x0 - 0.5f);
    CHECK(item.x1 <= window.x1 + 0.5f);
    CHECK(item.y1 <= window.y1 + 0.5f);
}

} // namespace

TEST_CASE("the time controls wrap on a phone and keep the timeline inside their strip") {
    HeadlessApp headless("ko");
    ImGui::GetIO().DisplaySize = ImVec2(390, 844);
    headless.frames(4);
    const Box controls = window_of(headless, "controls");
    for (const char* id : {"controls.start", "controls.play", "controls.next_error", "controls.end",
                           "controls.speed", "controls.clock", "controls.timeline"})
        check_inside(box(headless, id), controls, id);
}

TEST_CASE("a lesson step's buttons wrap inside the lesson's tile at 1.77x text") {
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "smtp-session", "3");
    ImGui::GetIO().DisplaySize = ImVec2(1366, 768);
    headless.app.set_font_scale(1.77f);
    headless.frames(4);
    const Box lesson = window_of(headless, "lesson");
    for (const char* id :
         {"lesson.previous", "lesson.replay_step", "lesson.next", "lesson.handout"})
        check_inside(box(headless, id), lesson, id);
}
