// Splitters between the layout's regions: a drag moves the boundary by what the mouse moved,
// no region gets smaller than its tab header and a couple of lines (nested splits included),
// the regions still tile the work area, a double-click resets one split, View > Reset layout
// resets all, and the dragged ratios survive the settings' round trip.
#include "ui/app/layout.h"
#include "ui/app/settings.h"
#include "ui/panels/panel_registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

using namespace mailsim::ui;

namespace {

constexpr float kEm = 17;
constexpr float kHeader = 27;

std::map<std::string, bool> default_panels() {
    std::map<std::string, bool> open;
    for (const auto& panel : panel_registry())
        open[panel.id] = panel.open_by_default;
    return open;
}

const PlacedRegion& region(const Layout& layout, const std::string& id) {
    const auto& regions = layout.regions();
    const auto found = std::find_if(regions.begin(), regions.end(),
                                    [&](const PlacedRegion& r) { return r.id == id; });
    REQUIRE(found != regions.end());
    return *found;
}

// The splitter between exactly these two neighbours (the last region before it and the
// first after it, in the tree's order).
const Splitter& splitter_between(const Layout& layout, const std::string& before,
                                 const std::string& after) {
    for (const auto& s : layout.splitters())
        if (std::find(s.before.begin(), s.before.end(), before) != s.before.end() &&
            std::find(s.after.begin(), s.after.end(), after) != s.after.end())
            return s;
    FAIL("no splitter between " << before << " and " << after);
    return layout.splitters().front();
}

float overlap(const Rect& a, const Rect& b) {
    const float w = std::min(a.right(), b.right()) - std::max(a.x, b.x);
    const float h = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
}

// The regions tile `work`, and each region with a header keeps its minimum where the work
// area has room for the plan's minimums at all (`roomy`).
void check_tiling(const Layout& layout, const Rect& work, bool roomy, const std::string& what) {
    INFO(what);
    const auto& regions = layout.regions();
    const MinSize least = region_min_size(kEm, kHeader);
    float area = 0;
    for (std::size_t i = 0; i < regions.size(); ++i) {
        const Rect& r = regions[i].rect;
        INFO(regions[i].id << " " << r.x << "," << r.y << " " << r.w << "x" << r.h);
        CHECK(r.x >= work.x);
        CHECK(r.y >= work.y);
        CHECK(r.right() <= work.right());
        CHECK(r.bottom() <= work.bottom());
        if (roomy && !regions[i].header.empty()) {
            CHECK(r.w >= std::floor(least.w));
            CHECK(r.h >= std::floor(least.h));
        }
        area += r.w * r.h;
        for (std::size_t j = i + 1; j < regions.size(); ++j)
            CHECK(overlap(r, regions[j].rect) == 0);
    }
    CHECK(area == doctest::Approx(work.w * work.h));
    for (const auto& s : layout.splitters()) {
        INFO(s.id);
        CHECK(s.handle.x >= work.x);
        CHECK(s.handle.y >= work.y);
        CHECK(s.handle.right() <= work.right());
        CHECK(s.handle.bottom() <= work.bottom());
    }
}

} // namespace

TEST_CASE("ratio_for_position maps a boundary to a share and keeps both minimums") {
    Cut cut;
    cut.axis = Axis::Columns;
    cut.area = Rect{100, 0, 1000, 500};
    cut.ratio = 0.5f;
    cut.min_first = 200;
    cut.min_second = 300;
    CHECK(ratio_for_position(cut, 600) == doctest::Approx(0.5f));
    CHECK(ratio_for_position(cut, 450) == doctest::Approx(0.35f));
    CHECK(ratio_for_position(cut, 150) == doctest::Approx(0.2f));   // first keeps 200
    CHECK(ratio_for_position(cut, -5000) == doctest::Approx(0.2f)); // far off: the same
    CHECK(ratio_for_position(cut, 1000) == doctest::Approx(0.7f));  // second keeps 300
    CHECK(ratio_for_position(cut, 9000) == doctest::Approx(0.7f));
    cut.axis = Axis::Rows; // the same along y
    cut.area = Rect{0, 50, 500, 1000};
    CHECK(ratio_for_position(cut, 450) == doctest::Approx(0.4f));
    // No room for both minimums: a drag changes nothing.
    cut.area.h = 400;
    CHECK(ratio_for_position(cut, 100) == doctest::Approx(0.5f));
}

TEST_CASE("every boundary between two shown regions has a splitter on it, but the time strip") {
    for (const Rect& work : {Rect{0, 23, 1366, 745}, Rect{0, 23, 1920, 1057},
                             Rect{0, 23, 820, 1157}, Rect{0, 23, 390, 821}}) {
        Layout layout;
        auto open = default_panels();
        for (auto& [id, o] : open)
            o = true;
        layout.update(work, kEm, kHeader, open);
        INFO(shape_name(layout.shape()));
        // A binary tree of n shown regions has n - 1 boundaries; the time controls' is fixed.
        CHECK(layout.splitters().size() == layout.regions().size() - 2);
        for (const auto& s : layout.splitters()) {
            INFO(s.id);
            CHECK(s.id.rfind(std::string(shape_name(layout.shape())) + ".", 0) == 0);
            CHECK(std::find(s.before.begin(), s.before.end(), "controls") == s.before.end());
            CHECK(std::find(s.after.begin(), s.after.end(), "controls") == s.after.end());
            const bool columns = s.cut.axis == Axis::Columns;
            const float thickness = columns ? s.handle.w : s.handle.h;
            CHECK(thickness == splitter_thickness(kEm));
            // The handle straddles the boundary, and the regions on both sides touch it.
            const float middle =
                columns ? s.handle.x + s.handle.w / 2 : s.handle.y + s.handle.h / 2;
            CHECK(std::abs(middle - s.cut.position) <= 1);
            for (const auto& id : s.before) {
                const Rect& r = region(layout, id).rect;
                CHECK((columns ? r.right() : r.bottom()) <= s.cut.position);
            }
            for (const auto& id : s.after) {
                const Rect& r = region(layout, id).rect;
                CHECK((columns ? r.x : r.y) >= s.cut.position);
            }
            // A quarter along the handle: its middle may be where another one ends.
            const float cx = columns ? s.cut.position : s.handle.x + s.handle.w / 4;
            const float cy = columns ? s.handle.y + s.handle.h / 4 : s.cut.position;
            const Splitter* found = layout.splitter_near(cx, cy);
            REQUIRE(found);
            CHECK(found->id == s.id);
            // A finger beside the handle reaches it; one further away does not.
            const float reach = kEm / 2, off = thickness / 2 + reach - 1;
            const Splitter* beside =
                layout.splitter_near(columns ? cx + off : cx, columns ? cy : cy - off, reach);
            REQUIRE(beside);
            CHECK(beside->id == s.id);
            const Splitter* far = layout.splitter_near(columns ? cx + off + 4 : cx,
                                                       columns ? cy : cy - off - 4, reach);
            CHECK((!far || far->id != s.id));
        }
    }
}

TEST_CASE("the handle is a few pixels wide and grows with the text") {
    CHECK(splitter_thickness(17) >= 4);
    CHECK(splitter_thickness(17) <= 10);
    CHECK(splitter_thickness(34) > splitter_thickness(17)); // DPR 2 or twice the text
}

TEST_CASE("a drag moves the boundary by what the mouse moved, and the regions still tile") {
    auto open = default_panels();
    Layout layout;
    const Rect work{0, 23, 1366, 745};
    layout.update(work, kEm, kHeader, open);
    REQUIRE(layout.shape() == Shape::Wide);
    // The sequence diagram gets more room: its top edge goes up by 120 pixels.
    const Splitter left = splitter_between(layout, "network", "diagram");
    CHECK(left.cut.axis == Axis::Rows);
    const Rect network = region(layout, "network").rect;
    const Rect diagram = region(layout, "diagram").rect;
    CHECK(layout.drag_splitter(left.id, left.cut.position - 120));
    CHECK(region(layout, "network").rect.h == network.h - 120); // at once, not next frame
    CHECK(region(layout, "diagram").rect.h == diagram.h + 120);
    CHECK(region(layout, "diagram").rect.y == diagram.y - 120);
    check_tiling(layout, work, true, "after the drag");
    // The next frame keeps it.
    layout.update(work, kEm, kHeader, open);
    CHECK(region(layout, "diagram").rect.h == diagram.h + 120);
    // A vertical boundary: the lesson gets 100 pixels more.
    const Splitter guide = splitter_between(layout, "store", "guide");
    CHECK(guide.cut.axis == Axis::Columns);
    const Rect lesson = region(layout, "guide").rect;
    CHECK(layout.drag_splitter(guide.id, guide.cut.position - 100));
    CHECK(region(layout, "guide").rect.w == lesson.w + 100);
    CHECK(region(layout, "guide").rect.x == lesson.x - 100);
    check_tiling(layout, work, true, "after the second drag");
    // Dropping where it is changes nothing.
    const Splitter now = splitter_between(layout, "store", "guide");
    CHECK_FALSE(layout.drag_splitter(now.id, now.cut.position));
}

TEST_CASE("a drag stops where a region would get smaller than its header and a few lines") {
    auto open = default_panels();
    Layout layout;
    const Rect work{0, 23, 1366, 745};
    layout.update(work, kEm, kHeader, open);
    const MinSize least = region_min_size(kEm, kHeader);
    for (const auto& splitter : std::vector<Splitter>(layout.splitters())) {
        INFO(splitter.id);
        for (float far : {-5000.0f, 5000.0f}) {
            layout.drag_splitter(splitter.id, far);
            check_tiling(layout, work, true, splitter.id + " dragged far");
        }
    }
    // The nested case: the boundary above the stores (mailboxes over queues) pushed down as
    // far as it goes leaves both of them their minimum, not just the pair together.
    const Splitter middle = splitter_between(layout, "dialogue", "store");
    layout.drag_splitter(middle.id, 10000);
    CHECK(region(layout, "store").rect.h >= std::floor(least.h));
    CHECK(region(layout, "queue").rect.h >= std::floor(least.h));
    CHECK(region(layout, "queue").rect.bottom() == region(layout, "controls").rect.y);
    // The outer column boundary pushed right: the dialogue and the lesson both keep theirs.
    const Splitter main = splitter_between(layout, "diagram", "dialogue");
    layout.drag_splitter(main.id, 10000);
    CHECK(region(layout, "dialogue").rect.w >= std::floor(least.w));
    CHECK(region(layout, "guide").rect.w >= std::floor(least.w));
    check_tiling(layout, work, true, "nested drags");
}

TEST_CASE("random drags in every shape, then a smaller window: always a tiling") {
    std::uint32_t seed = 2026;
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (const Rect& work :
         {Rect{0, 23, 1366, 745}, Rect{0, 23, 1920, 1057}, Rect{0, 23, 1100, 745},
          Rect{0, 23, 820, 1157}, Rect{0, 23, 390, 821}}) {
        Layout layout;
        auto open = default_panels();
        for (auto& [id, o] : open)
            o = next() % 3 != 0 || id == "lesson";
        layout.update(work, kEm, kHeader, open);
        const std::string shape = shape_name(layout.shape());
        for (int drag = 0; drag < 40 && !layout.splitters().empty(); ++drag) {
            const auto& splitters = layout.splitters();
            const Splitter s = splitters[next() % splitters.size()];
            const float span = s.cut.axis == Axis::Columns ? work.w : work.h;
            layout.drag_splitter(s.id, static_cast<float>(next() % 2000) / 2000.0f * span * 1.4f -
                                           span * 0.2f);
            check_tiling(layout, work, true, shape + " drag " + std::to_string(drag));
        }
        // The same ratios in a window of another size (same shape): still a tiling.
        const Rect smaller{work.x, work.y, std::round(work.w * 0.9f), std::round(work.h * 0.9f)};
        layout.update(smaller, kEm, kHeader, open);
        check_tiling(layout, smaller, layout.shape() != Shape::Phone, shape + " smaller");
    }
}

TEST_CASE("a double-click resets one split; View > Reset layout resets every split") {
    auto open = default_panels();
    Layout layout;
    const Rect wide{0, 23, 1366, 745};
    layout.update(wide, kEm, kHeader, open);
    const Rect network = region(layout, "network").rect;
    const Rect guide = region(layout, "guide").rect;
    const Splitter left = splitter_between(layout, "network", "diagram");
    const Splitter right = splitter_between(layout, "store", "guide");
    layout.drag_splitter(left.id, left.cut.position + 80);
    layout.drag_splitter(right.id, right.cut.position + 90);
    CHECK(layout.ratios().size() == 2);
    layout.reset_splitter(left.id);
    CHECK(region(layout, "network").rect.h == network.h);  // back, at once
    CHECK(region(layout, "guide").rect.w == guide.w - 90); // the other one stays
    CHECK(layout.ratios().size() == 1);
    // A drag in the compact shape too (big text), then Reset layout: both shapes' defaults.
    layout.update(wide, kEm * 1.77f, kHeader * 1.77f, open);
    REQUIRE(layout.shape() == Shape::Compact);
    const Splitter views = layout.splitters().front();
    layout.drag_splitter(views.id, views.cut.position + 60);
    CHECK(layout.ratios().size() == 2);
    layout.reset();
    CHECK(layout.ratios().empty());
    layout.update(wide, kEm, kHeader, open);
    CHECK(region(layout, "guide").rect.w == guide.w);
}

TEST_CASE("dragged ratios survive the settings' round trip, small ones too") {
    auto open = default_panels();
    Layout layout;
    const Rect work{0, 46, 3840, 2114}; // a 4K projector at DPR 2: 20 em of 34 px is 0.18
    layout.update(work, 34, 54, open);
    const Splitter main = splitter_between(layout, "diagram", "dialogue");
    layout.drag_splitter(main.id, -1000);
    const float ratio = layout.ratios().at(main.id);
    CHECK(ratio < 0.2f);
    Settings settings;
    settings.split_ratios = layout.ratios();
    const Settings loaded = Settings::from_json(settings.to_json());
    CHECK(loaded.split_ratios.at(main.id) == doctest::Approx(ratio));
    Layout again;
    again.set_ratios(loaded.split_ratios);
    again.update(work, 34, 54, open);
    CHECK(region(again, "diagram").rect.w == region(layout, "diagram").rect.w);
    // Bad input stays within bounds.
    const Settings bad = Settings::from_json(R"({"split_ratios":{"wide.4":-3,"wide.2":"x"}})");
    CHECK(bad.split_ratios.at("wide.4") == doctest::Approx(kMinSplitRatio));
    CHECK(bad.split_ratios.count("wide.2") == 0);
}
