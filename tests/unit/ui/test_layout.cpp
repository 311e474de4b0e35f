// The screen layout's split tree: for many window sizes, text scales and sets of open panels
// the regions never overlap, stay inside the work area and together cover it; opening panels
// and a lesson step's views put them on screen.
#include "ui/app/layout.h"
#include "ui/panels/panel_registry.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>

using namespace mailsim::ui;

namespace {

std::map<std::string, bool> default_panels() {
    std::map<std::string, bool> open;
    for (const auto& panel : panel_registry())
        open[panel.id] = panel.open_by_default;
    return open;
}

float overlap(const Rect& a, const Rect& b) {
    const float w = std::min(a.right(), b.right()) - std::max(a.x, b.x);
    const float h = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
}

// The regions tile `work`: inside it, pairwise disjoint, and their areas add up to it.
void check_tiling(const Layout& layout, const Rect& work, const std::string& what) {
    INFO(what);
    float area = 0;
    const auto& regions = layout.regions();
    for (std::size_t i = 0; i < regions.size(); ++i) {
        const Rect& r = regions[i].rect;
        INFO(regions[i].id << " " << r.x << "," << r.y << " " << r.w << "x" << r.h);
        CHECK(r.w > 0);
        CHECK(r.h > 0);
        CHECK(r.x >= work.x);
        CHECK(r.y >= work.y);
        CHECK(r.right() <= work.right());
        CHECK(r.bottom() <= work.bottom());
        area += r.w * r.h;
        for (std::size_t j = i + 1; j < regions.size(); ++j)
            CHECK(overlap(r, regions[j].rect) == 0);
        // The header and the panel's window share the region without overlapping.
        CHECK(overlap(regions[i].header, regions[i].body) == 0);
        CHECK(regions[i].header.w * regions[i].header.h + regions[i].body.w * regions[i].body.h ==
              doctest::Approx(r.w * r.h));
    }
    if (!regions.empty())
        CHECK(area == doctest::Approx(work.w * work.h));
}

} // namespace

TEST_CASE("every panel has exactly one home region in every shape") {
    for (Shape shape : {Shape::Wide, Shape::Compact, Shape::Portrait, Shape::Phone}) {
        const LayoutPlan plan = default_plan(shape);
        CHECK(plan.tree.region_count() == static_cast<int>(plan.regions.size()));
        for (const auto& panel : panel_registry()) {
            int homes = 0;
            for (const auto& region : plan.regions)
                for (const auto& id : region.panels)
                    homes += id == panel.id;
            INFO(shape_name(shape) << " " << panel.id);
            CHECK(homes == 1);
        }
    }
}

TEST_CASE("the shape follows the window's size and the text size") {
    const float bar = 23;
    CHECK(choose_shape(1920, 1080 - bar, 17) == Shape::Wide);
    CHECK(choose_shape(1600, 900 - bar, 17) == Shape::Wide);
    CHECK(choose_shape(1366, 768 - bar, 17) == Shape::Wide);
    CHECK(choose_shape(3840, 2160 - 2 * bar, 34) == Shape::Wide);       // DPR 2 in device pixels
    CHECK(choose_shape(1366, 768 - bar, 17 * 1.4f) == Shape::Compact);  // projector mode
    CHECK(choose_shape(1366, 768 - bar, 17 * 1.77f) == Shape::Compact); // big text
    CHECK(choose_shape(768, 1024 - bar, 17) == Shape::Portrait);
    CHECK(choose_shape(390, 844 - bar, 17) == Shape::Phone);
    CHECK(choose_shape(390 * 3, (844 - bar) * 3, 17 * 3) == Shape::Phone); // DPR 3
}

TEST_CASE("regions tile the work area for many sizes, text scales and panel sets") {
    std::uint32_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    int layouts = 0;
    std::set<std::string> shapes;
    for (float width : {320.f, 390.f, 640.f, 800.f, 1024.f, 1366.f, 1600.f, 1920.f, 3840.f}) {
        for (float height : {480.f, 600.f, 768.f, 844.f, 900.f, 1080.f, 2160.f}) {
            for (float em : {10.f, 17.f, 23.8f, 30.1f, 34.f}) {
                for (int set = 0; set < 6; ++set) {
                    auto open = default_panels();
                    if (set == 1)
                        for (auto& [id, o] : open)
                            o = true;
                    else if (set >= 2)
                        for (auto& [id, o] : open)
                            o = next() % 2 == 0;
                    Layout layout;
                    const float top = std::round(em * 1.35f);
                    const Rect work{0, top, width, height - top};
                    layout.update(work, em, em * 1.6f, open);
                    shapes.insert(shape_name(layout.shape()));
                    check_tiling(layout, work,
                                 std::to_string(width) + "x" + std::to_string(height) + " em " +
                                     std::to_string(em) + " set " + std::to_string(set) + " " +
                                     shape_name(layout.shape()));
                    // Every open panel has a tab in exactly one region.
                    for (const auto& [id, o] : open) {
                        int tabs = 0;
                        for (const auto& region : layout.regions())
                            for (const auto& panel : region.panels)
                                tabs += panel == id;
                        CHECK(tabs == (o ? 1 : 0));
                    }
                    ++layouts;
                }
            }
        }
    }
    CHECK(layouts > 1000);
    CHECK(shapes.size() == 4);
}

TEST_CASE("a closed panel's region gives its room to its neighbours") {
    auto open = default_panels();
    for (auto& [id, o] : open)
        o = id == "lesson" || id == "controls";
    Layout layout;
    const Rect work{0, 23, 1920, 1057};
    layout.update(work, 17, 27, open);
    REQUIRE(layout.regions().size() == 2);
    const auto lesson = layout.panel_rect("lesson");
    REQUIRE(lesson);
    CHECK(lesson->w == 1920);
    check_tiling(layout, work, "lesson and controls");
}

TEST_CASE("opening a panel makes it the active tab of its region, on screen") {
    auto open = default_panels();
    Layout layout;
    const Rect work{0, 23, 1366, 745};
    layout.update(work, 17, 27, open);
    CHECK(layout.visible("topology"));
    CHECK_FALSE(layout.visible("state_machine"));
    open["state_machine"] = true;
    layout.show("state_machine");
    layout.update(work, 17, 27, open);
    CHECK(layout.visible("state_machine"));
    CHECK_FALSE(layout.visible("topology")); // it shares the region: now a tab behind it
    open["inspector"] = true;
    layout.show("inspector");
    layout.update(work, 17, 27, open);
    CHECK(layout.visible("inspector"));
    CHECK(layout.visible("state_machine"));
    check_tiling(layout, work, "inspector and state machine");
    // Closing the active tab shows the region's next panel.
    open["state_machine"] = false;
    layout.update(work, 17, 27, open);
    CHECK(layout.visible("topology"));
}

TEST_CASE("a lesson step's views are all visible beside the lesson where there is room") {
    const std::vector<std::vector<std::string>> steps = {
        {"transcript", "state_machine"},
        {"transcript", "inspector"},
        {"sequence", "transcript"},
        {"topology", "sequence"},
        {"topology", "queues"},
        {"mailboxes", "transcript"},
        {"topology", "sequence", "mailboxes"},
        {"transcript", "mailboxes", "inspector"},
        {"sequence", "transcript", "state_machine"},
        {"transcript", "queues", "mailboxes"},
        {"inspector", "mailboxes", "explainer"},
        {"state_machine", "mailboxes"}};
    struct Screen {
        Rect work;
        float em;
        std::size_t room; // views that fit beside the lesson in this shape
    };
    for (const Screen& screen :
         {Screen{{0, 23, 1920, 1057}, 17, 3}, Screen{{0, 23, 1366, 745}, 17, 3},
          Screen{{0, 32, 1366, 736}, 23.8f, 2}, Screen{{0, 40, 1366, 728}, 30.1f, 2},
          Screen{{0, 23, 768, 1001}, 17, 3}, Screen{{0, 23, 390, 821}, 17, 1}}) {
        Layout layout;
        auto open = default_panels();
        layout.update(screen.work, screen.em, screen.em * 1.6f, open);
        for (const auto& views : steps) {
            for (const auto& id : views)
                open[id] = true;
            layout.show_together(views, "lesson");
            layout.update(screen.work, screen.em, screen.em * 1.6f, open);
            INFO(shape_name(layout.shape()) << " " << views.front() << " +" << views.size() - 1);
            CHECK(layout.visible("lesson"));
            for (std::size_t i = 0; i < views.size() && i < screen.room; ++i) {
                INFO(views[i]);
                CHECK(layout.visible(views[i]));
            }
            check_tiling(layout, screen.work, "after a step");
        }
    }
}

TEST_CASE("a resize to another shape keeps what was shown, and reset restores the default") {
    auto open = default_panels();
    open["inspector"] = true;
    Layout layout;
    layout.update({0, 23, 1920, 1057}, 17, 27, open);
    layout.show_together({"inspector", "transcript"}, "lesson");
    layout.update({0, 23, 1920, 1057}, 17, 27, open);
    REQUIRE(layout.visible("inspector"));
    layout.update({0, 23, 1366, 745}, 30, 48, open); // big text: compact
    CHECK(layout.shape() == Shape::Compact);
    CHECK(layout.visible("inspector"));
    CHECK(layout.visible("transcript"));
    layout.reset();
    layout.update({0, 23, 1366, 745}, 30, 48, open);
    CHECK(layout.visible("topology"));
    CHECK(layout.visible("transcript"));
}

TEST_CASE("split ratios the user chose are kept per shape and reset restores them") {
    auto open = default_panels();
    Layout layout;
    const Rect work{0, 23, 1920, 1057};
    layout.update(work, 17, 27, open);
    const float before = layout.panel_rect("topology")->h;
    const auto& nodes = layout.plan().tree.nodes();
    int left = -1; // the split between the network and the sequence diagram
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].region < 0 && nodes[i].first >= 0 &&
            nodes[static_cast<std::size_t>(nodes[i].first)].region == 0)
            left = static_cast<int>(i);
    REQUIRE(left >= 0);
    layout.set_ratio(left, 0.7f);
    layout.update(work, 17, 27, open);
    CHECK(layout.panel_rect("topology")->h > before + 100);
    check_tiling(layout, work, "dragged");
    Layout again;
    again.set_ratios(layout.ratios());
    again.update(work, 17, 27, open);
    CHECK(again.panel_rect("topology")->h == layout.panel_rect("topology")->h);
    layout.reset();
    layout.update(work, 17, 27, open);
    CHECK(layout.panel_rect("topology")->h == before);
}
