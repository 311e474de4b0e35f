#include "layout.h"

#include <algorithm>
#include <set>

namespace mailsim::ui {
namespace {

// The time controls strip: a row of buttons, the timeline and the status line.
constexpr float kControlsEm = 5.4f;

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
                    {"guide", {"lesson", "quiz", "welcome"}},
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
        {"guide", {"lesson", "quiz", "welcome"}},
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
        {"guide", {"lesson", "quiz", "welcome"}},
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
                    {"guide", {"lesson", "quiz", "welcome"}},
                    {"controls", {"controls"}, false}};
    SplitTree& t = plan.tree;
    const int main = t.split(Axis::Rows, 0.55f, t.leaf(0), t.leaf(1), 6);
    t.set_root(t.split_fixed_last(Axis::Rows, kControlsEm, main, t.leaf(2)));
    return plan;
}

} // namespace

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
    // What was on screen stays on screen in the new shape, as far as it has room.
    // What was asked for most recently comes first (a lesson step's views), then the rest of
    // what was on screen; before the first frame (a deep link opened a lesson) nothing is
    // placed yet and only what was asked for is carried.
    std::vector<std::string> shown;
    for (const auto& id : m_recent)
        if (auto open = m_open.find(id); open == m_open.end() || open->second)
            shown.push_back(id);
    for (const auto& region : m_placed)
        if (std::find(shown.begin(), shown.end(), region.active) == shown.end())
            shown.push_back(region.active);
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
    const std::vector<std::string> recent = m_recent;
    show_together(shown, m_keep);
    m_recent = recent;
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

    const std::size_t count = m_plan.regions.size();
    std::vector<std::vector<std::string>> panels(count);
    for (std::size_t r = 0; r < count; ++r)
        for (const auto& id : m_plan.regions[r].panels)
            if (auto open = open_panels.find(id);
                open != open_panels.end() && open->second && region_of(id) == static_cast<int>(r))
                panels[r].push_back(id);
    // Panels moved here, and panels no plan knows, after the region's own.
    for (const auto& [id, open] : open_panels) {
        if (!open)
            continue;
        const auto r = static_cast<std::size_t>(region_of(id));
        if (r < count && std::find(panels[r].begin(), panels[r].end(), id) == panels[r].end())
            panels[r].push_back(id);
    }
    std::vector<bool> occupied(count);
    for (std::size_t r = 0; r < count; ++r)
        occupied[r] = !panels[r].empty();
    const auto rects = m_plan.tree.tile(work, em, occupied);
    const auto full = m_plan.tree.tile(work, em, std::vector<bool>(count, true));
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
            const float h = std::min(header_height, placed.rect.h);
            placed.header = Rect{placed.rect.x, placed.rect.y, placed.rect.w, h};
            placed.body = Rect{placed.rect.x, placed.rect.y + h, placed.rect.w, placed.rect.h - h};
        }
        m_placed.push_back(placed);
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
    std::set<int> taken;
    if (!keep.empty())
        taken.insert(region_of(keep));
    for (const auto& id : ids)
        m_moved.erase(
            id); // each step starts from the panels' homes: the same step, the same screen
    for (const auto& id : ids) {
        int r = region_of(id);
        if (taken.count(r)) {
            int best = -1;
            float best_area = -1;
            for (std::size_t i = 0; i < m_plan.regions.size(); ++i) {
                const float area = i < m_full_area.size() ? m_full_area[i] : 1.0f;
                if (m_plan.regions[i].header && !taken.count(static_cast<int>(i)) &&
                    area > best_area) {
                    best = static_cast<int>(i);
                    best_area = area;
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
}

void Layout::reset() {
    const std::string prefix = std::string(shape_name(m_plan.shape)) + ".";
    for (auto it = m_ratios.begin(); it != m_ratios.end();)
        it = it->first.rfind(prefix, 0) == 0 ? m_ratios.erase(it) : std::next(it);
    m_placed.clear(); // nothing carried over: the default split and tabs
    m_active.clear();
    m_recent.clear();
    enter_shape(m_plan.shape);
}

std::string Layout::ratio_key(int node) const {
    return std::string(shape_name(m_plan.shape)) + "." + std::to_string(node);
}

void Layout::set_ratio(int node, float ratio) {
    auto& nodes = m_plan.tree.nodes();
    if (node < 0 || node >= static_cast<int>(nodes.size()))
        return;
    ratio = std::clamp(ratio, 0.1f, 0.9f);
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
            nodes[i].ratio = std::clamp(found->second, 0.1f, 0.9f);
    }
}

} // namespace mailsim::ui
