#pragma once
// The geometry of the screen layout: a small binary tree that cuts the work area into
// regions (Dear ImGui 1.86 has no docking). Pure arithmetic, no ImGui, so a unit test can
// check that the regions tile the area for any size and text scale.
#include <vector>

namespace mailsim::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool empty() const { return w <= 0 || h <= 0; }
};

// Columns: the two children side by side (the cut is vertical); Rows: one above the other.
enum class Axis { Columns, Rows };

struct SplitNode {
    int region = -1; // >= 0: a leaf that shows this region; otherwise a split
    Axis axis = Axis::Rows;
    float ratio = 0.5f;      // the first child's share of the room
    float fixed_last_em = 0; // > 0: the second child is this many em (the time controls strip)
    float min_em = 8;        // neither child smaller than this while there is room for both
    int first = -1, second = -1;
};

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
    // shows a hole where a closed panel was.
    std::vector<Rect> tile(Rect area, float em, const std::vector<bool>& occupied) const;

private:
    bool occupied_below(int node, const std::vector<bool>& occupied) const;
    void tile_node(int node, Rect area, float em, const std::vector<bool>& occupied,
                   std::vector<Rect>& out) const;

    std::vector<SplitNode> m_nodes;
    int m_root = -1;
};

} // namespace mailsim::ui
