// Every control a panel draws is reachable: none is pushed past the right edge of its tile,
// where a narrow tile (a lesson beside it, a phone) would hide it with no scrollbar.
#include "headless_app.h"

#include "ui/app/lesson_tasks.h"

#include <doctest/doctest.h>

#include <string>

using namespace mailsim::ui;
using mailsim::ui::testing::HeadlessApp;

namespace {

// The recorded controls named "<panel>.<...>" that end right of their panel's window.
std::vector<std::string> controls_past_right_edge(HeadlessApp& headless) {
    std::vector<std::string> out;
    const TestBridge& bridge = headless.app.bridge();
    for (const auto& [id, rect] : bridge.rects()) {
        if (id.rfind("sequence.lane.", 0) == 0)
            continue; // the lanes are the diagram's own content, which scrolls sideways
        const std::string panel = id.substr(0, id.find('.'));
        const auto window = bridge.windows().find(panel);
        if (window == bridge.windows().end())
            continue;
        const float right = window->second.x + window->second.w;
        if (rect.x + rect.w > right + 0.5f)
            out.push_back(id + " ends at x=" + std::to_string(rect.x + rect.w) +
                          ", the tile at x=" + std::to_string(right));
    }
    return out;
}

} // namespace

TEST_CASE("toolbars and hints wrap inside narrow tiles") {
    struct Size {
        float w, h;
    };
    for (const Size size : {Size{1366, 768}, Size{1920, 1080}, Size{390, 844}}) {
        HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "parts-of-email");
        ImGui::GetIO().DisplaySize = ImVec2(size.w, size.h);
        headless.frames(4);
        for (const char* panel : {"transcript", "sequence", "queues"}) {
            headless.app.open_panel(panel); // the active tab of its region (a phone shows one)
            headless.frames(3);
            const auto past = controls_past_right_edge(headless);
            std::string report = std::string(panel) + " at " + std::to_string(size.w) + ":";
            for (const auto& line : past)
                report += "\n  " + line;
            INFO(report);
            CHECK(past.empty());
        }
    }
}
