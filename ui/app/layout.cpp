#include "layout.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace mailsim::ui {
namespace {

// The time controls strip: a row of buttons, the timeline and the status line.
constexpr float kControlsEm = 5.4f;
// On a phone the controls' row wraps (FlowRow) into up to three lines: buttons, speed, clock.
constexpr float kPhoneControlsEm = 8.4f;

// Wide (desktop, projector at normal text size): the network and the sequence diagram on the
// left half, the dialogue and the stores in the middle, the lesson on the right.
LayoutPlan wide_plan() {
    LayoutPlan plan;
    plan.shape = Shape::Wide;
    // The tools that are forms (compose, faults) are in big regions, apart from each other:
    // "force 550, then send again" needs both.
    plan.regions = {{"network", {"topology", "state_machine", "explainer", "faults"}},
                    {"diagram", {"sequence", "inspector", "compose"}},
                    {"dialogue", {"transcript", "telnet"}},
                    {"store", {"mailboxes"}},
                    {"queue", {"queues"}},
                    {"guide", {"lesson", "quiz", "welcome", "world_editor"}},
                    {"controls", {"controls"}, false}};
    SplitTree& t = plan.tree;
    const int left = t.split(Axis::Rows, 0.45f, t.leaf(0), t.leaf(1));
    const int stores = t.split(Axis::Rows, 0.55f, t.leaf(3), t.leaf(4), 4);
    const int middle = t.split(Axis::Rows, 0.55f, t.leaf(2), stores);
    const int right = t.split(Axis::Columns, 0.5f, middle, t.leaf(5), 14);
    const int main = t.split(Axis::Columns, 0.5f, left, right, 20);
    t.set_root(t.split_fixed_last(Axis::Rows, kControlsEm, main, t.leaf(6)));
    return plan;
}

// Compact (a small laptop, projector mode, big text): two view regions and the lesson.
LayoutPlan compact_plan() {
    LayoutPlan plan;
    plan.shape = Shape::Compact;
    plan.regions = {
        {"views", {"topology", "sequence", "state_machine", "inspector", "explainer", "compose"}},
        {"dialogue", {"transcript", "mailboxes", "queues", "telnet", "faults"}},
        {"guide", {"lesson", "quiz", "welcome", "world_editor"}},
        {"controls", {"controls"}, false}};
    SplitTree& t = plan.tree;
    const int left = t.split(Axis::Rows, 0.55f, t.leaf(0), t.leaf(1), 6);
    const int main = t.split(Axis::Columns, 0.62f, left, t.leaf(2), 16);
    t.set_root(t.split_fixed_last(Axis::Rows, kControlsEm, main, t.leaf(3)));
    return plan;
}

// Portrait (a tablet held upright): the views on top, dialogue beside the stores, the lesson.
LayoutPlan portrait_plan() {
    LayoutPlan plan;
    plan.shape = Shape::Portrait;
    plan.regions = {
        {"views", {"topology", "sequence", "state_machine", "inspector", "explainer", "compose"}},
        {"dialogue", {"transcript", "telnet"}},
        {"store", {"mailboxes", "queues", "faults"}},
        {"guide", {"lesson", "quiz", "welcome", "world_editor"}},
        {"controls", {"controls"}, false}};
    SplitTree& t = plan.tree;
    const int row = t.split(Axis::Columns, 0.5f, t.leaf(1), t.leaf(2), 12);
    const int lower = t.split(Axis::Rows, 0.5f, row, t.leaf(3), 6);
    const int main = t.split(Axis::Rows, 0.4f, t.leaf(0), lower, 8);
    t.set_root(t.split_fixed_last(Axis::Rows, kControlsEm, main, t.leaf(4)));
    return plan;
}

// Phone: one panel at a time (a switcher in the header), the lesson below it while one is
// open, the time controls at the bottom.
LayoutPlan phone_plan() {
    LayoutPlan plan;
    plan.shape = Shape::Phone;
    plan.regions = {{"main",
                     {"topology", "sequence", "transcript", "mailboxes", "queues", "inspector",
                      "state_machine", "compose", "faults", "telnet", "explainer"}},
                    {"guide", {"lesson", "quiz", "welcome", "world_editor"}},
                    {"controls", {"controls"}, false}};
    SplitTree& t = plan.tree;
    const int main = t.split(Axis::Rows, 0.55f, t.leaf(0), t.leaf(1), 6);
    t.set_root(t.split_fixed_last(Axis::Rows, kPhoneControlsEm, main, t.leaf(2)));
    return plan;
}

} // namespace

float splitter_thickness(float em) {
    return std::max(4.0f, std::round(em * 0.4f));
}

MinSize region_min_size(float em, float header_height) {
    // Two lines of text with their spacing and the window's padding below the tabs.
    return MinSize{8 * em, header_height + 3.2f * em};
}

const char* shape_name(Shape shape) {
    switch (shape) {
    case Shape::Wide:
        return "wide";
    case Shape::Compact:
        return "compact";
    case Shape::Portrait:
        return "portrait";
    case Shape::Phone:
        return "phone";
    }
    return "wide";
}

Shape choose_shape(float width, float height, float em) {
    if (em <= 0)
        return Shape::Wide;
    const float width_em = width / em, height_em = height / em;
    if (width_em < 36)
        return Shape::Phone;
    if (height > width * 1.1f)
        return Shape::Portrait;
    if (width_em < 72 || height_em < 34)
        return Shape::Compact;
    return Shape::Wide;
}

LayoutPlan default_plan(Shape shape) {
    switch (shape) {
    case Shape::Wide:
        return wide_plan();
    case Shape::Compact:
        return compact_plan();
    case Shape::Portrait:
        return portrait_plan();
    case Shape::Phone:
        return phone_plan();
    }
    return wide_plan();
}

Layout::Layout() {
    enter_shape(Shape::Wide);
}

void Layout::enter_shape(Shape shape) {
    // What was on screen stays on screen in the new shape, as far as it has room: the views
    // shown together last (a lesson step's) are spread over the new regions again; everything
    // else that was shown goes home, as the active tab where its home is still free. Before
    // the first frame (a deep link opened a lesson) nothing is placed yet: then the panels
    // asked for so far are carried.
    const auto is_open = [this](const std::string& id) {
        auto open = m_open.find(id);
        return open == m_open.end() || open->second;
    };
    std::vector<std::string> together, others;
    for (const auto& id : m_together)
        if (is_open(id))
            together.push_back(id);
    const auto add_other = [&](const std::string& id) {
        if (!id.empty() && is_open(id) &&
            std::find(together.begin(), together.end(), id) == together.end() &&
            std::find(others.begin(), others.end(), id) == others.end())
            others.push_back(id);
    };
    for (const auto& id : m_recent)
        add_other(id);
    for (const auto& region : m_placed)
        add_other(region.active);
    if (m_placed.empty())
        for (const auto& id : m_active)
            add_other(id);

    m_plan = default_plan(shape);
    apply_ratios();
    m_home.clear();
    m_moved.clear();
    m_placed.clear();
    m_full_area.clear();
    m_active.assign(m_plan.regions.size(), "");
    for (std::size_t r = 0; r < m_plan.regions.size(); ++r)
        for (const auto& id : m_plan.regions[r].panels)
            m_home[id] = static_cast<int>(r);
    std::set<int> taken = place_together(together, m_keep);
    for (const auto& id : others) {
        const int r = region_of(id);
        if (r < 0 || static_cast<std::size_t>(r) >= m_active.size())
            continue;
        if (id == m_keep || !taken.count(r)) {
            taken.insert(r);
            m_active[static_cast<std::size_t>(r)] = id;
        }
    }
}

int Layout::region_of(const std::string& id) const {
    if (auto moved = m_moved.find(id); moved != m_moved.end())
        return moved->second;
    if (auto home = m_home.find(id); home != m_home.end())
        return home->second;
    return 0; // a panel no plan knows: the first (largest) region
}

void Layout::update(Rect work, float em, float header_height,
                    const std::map<std::string, bool>& open_panels) {
    m_open = open_panels;
    const Shape shape = choose_shape(work.w, work.h, em);
    if (shape != m_plan.shape)
        enter_shape(shape);
    m_work = work;
    m_em = em;
    m_header_height = header_height;
    place();
}

void Layout::place() {
    const std::size_t count = m_plan.regions.size();
    std::vector<std::vector<std::string>> panels(count);
    for (std::size_t r = 0; r < count; ++r)
        for (const auto& id : m_plan.regions[r].panels)
            if (auto open = m_open.find(id);
                open != m_open.end() && open->second && region_of(id) == static_cast<int>(r))
                panels[r].push_back(id);
    // Panels moved here, and panels no plan knows, after the region's own.
    for (const auto& [id, open] : m_open) {
        if (!open)
            continue;
        const auto r = static_cast<std::size_t>(region_of(id));
        if (r < count && std::find(panels[r].begin(), panels[r].end(), id) == panels[r].end())
            panels[r].push_back(id);
    }
    std::vector<bool> occupied(count);
    for (std::size_t r = 0; r < count; ++r)
        occupied[r] = !panels[r].empty();
    const MinSize least = region_min_size(m_em, m_header_height);
    std::vector<Cut> cuts;
    const auto rects = m_plan.tree.tile(m_work, m_em, occupied, least, &cuts);
    const auto full = m_plan.tree.tile(m_work, m_em, std::vector<bool>(count, true), least);
    m_full_area.assign(count, 0);
    m_placed.clear();
    for (std::size_t r = 0; r < count; ++r) {
        m_full_area[r] = r < full.size() ? full[r].w * full[r].h : 0;
        if (!occupied[r] || r >= rects.size())
            continue;
        PlacedRegion placed;
        placed.id = m_plan.regions[r].id;
        placed.rect = rects[r];
        placed.panels = panels[r];
        const auto& wanted = m_active[r];
        placed.active = std::find(panels[r].begin(), panels[r].end(), wanted) != panels[r].end()
                            ? wanted
                            : panels[r].front();
        m_active[r] = placed.active;
        placed.body = placed.rect;
        if (m_plan.regions[r].header) {
            const float h = std::min(m_header_height, placed.rect.h);
            placed.header = Rect{placed.rect.x, placed.rect.y, placed.rect.w, h};
            placed.body = Rect{placed.rect.x, placed.rect.y + h, placed.rect.w, placed.rect.h - h};
        }
        m_placed.push_back(placed);
    }
    place_splitters(cuts);
}

void Layout::place_splitters(const std::vector<Cut>& cuts) {
    m_splitters.clear();
    const float thickness = splitter_thickness(m_em);
    const auto names = [this](const std::vector<int>& regions) {
        std::vector<std::string> ids;
        for (int r : regions)
            ids.push_back(m_plan.regions[static_cast<std::size_t>(r)].id);
        return ids;
    };
    for (const Cut& cut : cuts) {
        Splitter splitter;
        splitter.id = ratio_key(cut.node);
        splitter.cut = cut;
        // Half on either side of the boundary, inside the split's room (never off screen).
        const float start = cut.position - std::round(thickness / 2);
        splitter.handle = cut.axis == Axis::Columns
                              ? Rect{start, cut.area.y, thickness, cut.area.h}
                              : Rect{cut.area.x, start, cut.area.w, thickness};
        splitter.before = names(cut.first_regions);
        splitter.after = names(cut.second_regions);
        m_splitters.push_back(splitter);
    }
}

const Splitter* Layout::splitter_near(float x, float y, float reach) const {
    const Splitter* nearest = nullptr;
    float best = 0;
    for (const auto& splitter : m_splitters) {
        Rect area = splitter.handle;
        const bool columns = splitter.cut.axis == Axis::Columns;
        (columns ? area.x : area.y) -= reach;
        (columns ? area.w : area.h) += 2 * reach;
        if (!area.contains(x, y))
            continue;
        const float distance = std::abs((columns ? x : y) - splitter.cut.position);
        if (!nearest || distance < best) {
            nearest = &splitter;
            best = distance;
        }
    }
    return nearest;
}

bool Layout::drag_splitter(const std::string& id, float position) {
    for (const auto& splitter : m_splitters) {
        if (splitter.id != id)
            continue;
        const float ratio = ratio_for_position(splitter.cut, position);
        const int node = splitter.cut.node;
        if (ratio == m_plan.tree.nodes()[static_cast<std::size_t>(node)].ratio)
            return false;
        set_ratio(node, ratio);
        place();
        return true;
    }
    return false;
}

void Layout::reset_splitter(const std::string& id) {
    for (const auto& splitter : m_splitters) {
        if (splitter.id != id)
            continue;
        const auto node = static_cast<std::size_t>(splitter.cut.node);
        const LayoutPlan plan = default_plan(m_plan.shape);
        m_plan.tree.nodes()[node].ratio = plan.tree.nodes()[node].ratio;
        m_ratios.erase(id);
        place();
        return;
    }
}

std::optional<Rect> Layout::panel_rect(const std::string& id) const {
    for (const auto& region : m_placed)
        if (region.active == id)
            return region.body;
    return std::nullopt;
}

void Layout::note_recent(const std::vector<std::string>& ids) {
    std::vector<std::string> recent = ids;
    for (const auto& id : m_recent)
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            recent.push_back(id);
    m_recent = std::move(recent);
}

void Layout::show(const std::string& id) {
    note_recent({id});
    const auto r = static_cast<std::size_t>(region_of(id));
    if (r < m_active.size())
        m_active[r] = id;
}

void Layout::show_together(const std::vector<std::string>& ids, const std::string& keep) {
    note_recent(ids);
    m_keep = keep;
    m_together = ids;
    place_together(ids, keep);
}

std::set<int> Layout::place_together(const std::vector<std::string>& ids, const std::string& keep) {
    std::set<int> taken;
    if (!keep.empty())
        taken.insert(region_of(keep));
    // Each step starts from the panels' homes: the same step, the same screen.
    for (const auto& id : ids)
        m_moved.erase(id);
    // In the order asked (the first matters most): a panel whose home is taken goes to the
    // largest free region, preferring one that is not the home of a panel still to come, so
    // a panel leaves its home only when it must.
    for (std::size_t n = 0; n < ids.size(); ++n) {
        const std::string& id = ids[n];
        int r = region_of(id);
        if (taken.count(r)) {
            std::set<int> wanted_later;
            for (std::size_t later = n + 1; later < ids.size(); ++later)
                wanted_later.insert(region_of(ids[later]));
            int best = -1;
            std::pair<bool, float> best_score{false, -1.0f};
            for (std::size_t i = 0; i < m_plan.regions.size(); ++i) {
                if (!m_plan.regions[i].header || taken.count(static_cast<int>(i)))
                    continue;
                // Any region not wanted later beats every region that is; then the largest.
                const std::pair<bool, float> score{!wanted_later.count(static_cast<int>(i)),
                                                   i < m_full_area.size() ? m_full_area[i] : 1.0f};
                if (score > best_score) {
                    best = static_cast<int>(i);
                    best_score = score;
                }
            }
            if (best < 0)
                continue; // no room for it beside the others (a phone): it stays a tab
            m_moved[id] = best;
            r = best;
        }
        taken.insert(r);
        if (r >= 0 && static_cast<std::size_t>(r) < m_active.size())
            m_active[static_cast<std::size_t>(r)] = id;
    }
    return taken;
}

void Layout::reset() {
    m_ratios.clear();
    m_placed.clear(); // nothing carried over: the default split and tabs
    m_active.clear();
    m_recent.clear();
    m_together.clear();
    enter_shape(m_plan.shape);
}

std::string Layout::ratio_key(int node) const {
    return std::string(shape_name(m_plan.shape)) + "." + std::to_string(node);
}

void Layout::set_ratio(int node, float ratio) {
    auto& nodes = m_plan.tree.nodes();
    if (node < 0 || node >= static_cast<int>(nodes.size()))
        return;
    ratio = std::clamp(ratio, kMinSplitRatio, kMaxSplitRatio);
    nodes[static_cast<std::size_t>(node)].ratio = ratio;
    m_ratios[ratio_key(node)] = ratio;
}

void Layout::set_ratios(const std::map<std::string, float>& ratios) {
    m_ratios = ratios;
    apply_ratios();
}

void Layout::apply_ratios() {
    auto& nodes = m_plan.tree.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].region >= 0 || nodes[i].fixed_last_em > 0)
            continue;
        if (auto found = m_ratios.find(ratio_key(static_cast<int>(i))); found != m_ratios.end())
            nodes[i].ratio = std::clamp(found->second, kMinSplitRatio, kMaxSplitRatio);
    }
}

} // namespace mailsim::ui
