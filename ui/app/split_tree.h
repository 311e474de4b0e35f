#pragma once
// The geometry of the screen layout: a small binary tree that cuts the work area into
// regions (Dear ImGui 1.86 has no docking). Pure arithmetic, no ImGui, so a unit test can
// check that the regions tile the area for any size and text scale, and that a splitter's
// drag keeps every region at its minimum.
#include <vector>

namespace mailsim::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool empty() const { return w <= 0 || h <= 0; }
    bool contains(float px, float py) const {
        return px >= x && px < right() && py >= y && py < bottom();
    }
};

// Columns: the two children side by side (the cut is vertical); Rows: one above the other.
enum class Axis { Columns, Rows };

// The shares a split may keep (a stored ratio outside them is bad input, not a choice).
inline constexpr float kMinSplitRatio = 0.02f;
inline constexpr float kMaxSplitRatio = 0.98f;

struct SplitNode {
    int region = -1; // >= 0: a leaf that shows this region; otherwise a split
    Axis axis = Axis::Rows;
    float ratio = 0.5f;      // the first child's share of the room
    float fixed_last_em = 0; // > 0: the second child is this many em (the time controls strip)
    float min_em = 8;        // neither child smaller than this while there is room for both
    int first = -1, second = -1;
};

// The least room a region takes, in pixels (a tab header and a couple of lines).
struct MinSize {
    float w = 0, h = 0;
};

// A boundary between two shown parts of the tree: what a splitter drags.
struct Cut {
    int node = -1;
    Axis axis = Axis::Rows;
    Rect area;            // the split's whole room
    float position = 0;   // the boundary: an x for Columns, a y for Rows
    float ratio = 0.5f;   // the split's ratio that gave it
    float min_first = 0;  // the least room either side keeps along the axis, where the room
    float min_second = 0; // holds both (otherwise the tree shares it by these minimums)
    std::vector<int> first_regions, second_regions; // the shown regions on either side
};

// The share of the room that puts the boundary at `position` (a splitter dragged there),
// moved back as far as each side's minimum needs.
float ratio_for_position(const Cut& cut, float position);

class SplitTree {
public:
    int leaf(int region);
    int split(Axis axis, float ratio, int first, int second, float min_em = 8);
    int split_fixed_last(Axis axis, float last_em, int first, int second);
    void set_root(int node) { m_root = node; }
    int root() const { return m_root; }
    std::vector<SplitNode>& nodes() { return m_nodes; }
    const std::vector<SplitNode>& nodes() const { return m_nodes; }
    int region_count() const;

    // One rectangle per region, tiling `area` exactly in whole pixels. A region that is not
    // occupied gets an empty rectangle and its sibling takes the room, so the screen never
    // shows a hole where a closed panel was. No region is smaller than `leaf_min` (nor a
    // split's own min_em) where the room holds them all. `cuts`, if given, receives every
    // boundary between two shown parts that a user may drag (not the fixed strips).
    std::vector<Rect> tile(Rect area, float em, const std::vector<bool>& occupied,
                           MinSize leaf_min = {}, std::vector<Cut>* cuts = nullptr) const;

private:
    struct Pass {
        float em;
        const std::vector<bool>& occupied;
        MinSize leaf_min;
        std::vector<Rect>& out;
        std::vector<Cut>* cuts;
    };
    bool occupied_below(int node, const std::vector<bool>& occupied) const;
    float min_extent(int node, Axis axis, const Pass& pass) const;
    void regions_below(int node, const std::vector<bool>& occupied, std::vector<int>& out) const;
    void tile_node(int node, Rect area, Pass& pass) const;

    std::vector<SplitNode> m_nodes;
    int m_root = -1;
};

} // namespace mailsim::ui
