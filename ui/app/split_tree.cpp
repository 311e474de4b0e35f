#include "split_tree.h"

#include <algorithm>
#include <cmath>

namespace mailsim::ui {

int SplitTree::leaf(int region) {
    SplitNode node;
    node.region = region;
    m_nodes.push_back(node);
    return static_cast<int>(m_nodes.size()) - 1;
}

int SplitTree::split(Axis axis, float ratio, int first, int second, float min_em) {
    SplitNode node;
    node.axis = axis;
    node.ratio = ratio;
    node.min_em = min_em;
    node.first = first;
    node.second = second;
    m_nodes.push_back(node);
    return static_cast<int>(m_nodes.size()) - 1;
}

int SplitTree::split_fixed_last(Axis axis, float last_em, int first, int second) {
    const int node = split(axis, 1.0f, first, second, 0);
    m_nodes[static_cast<std::size_t>(node)].fixed_last_em = last_em;
    return node;
}

int SplitTree::region_count() const {
    int count = 0;
    for (const auto& node : m_nodes)
        count = std::max(count, node.region + 1);
    return count;
}

bool SplitTree::occupied_below(int index, const std::vector<bool>& occupied) const {
    if (index < 0 || index >= static_cast<int>(m_nodes.size()))
        return false;
    const SplitNode& node = m_nodes[static_cast<std::size_t>(index)];
    if (node.region >= 0)
        return node.region < static_cast<int>(occupied.size()) &&
               occupied[static_cast<std::size_t>(node.region)];
    return occupied_below(node.first, occupied) || occupied_below(node.second, occupied);
}

std::vector<Rect> SplitTree::tile(Rect area, float em, const std::vector<bool>& occupied) const {
    std::vector<Rect> out(static_cast<std::size_t>(region_count()));
    // Whole pixels: every cut is rounded once, so neighbours share an edge exactly.
    const float x = std::round(area.x), y = std::round(area.y);
    area = Rect{x, y, std::round(area.right()) - x, std::round(area.bottom()) - y};
    if (m_root >= 0 && !area.empty())
        tile_node(m_root, area, em, occupied, out);
    return out;
}

void SplitTree::tile_node(int index, Rect area, float em, const std::vector<bool>& occupied,
                          std::vector<Rect>& out) const {
    const SplitNode& node = m_nodes[static_cast<std::size_t>(index)];
    if (node.region >= 0) {
        out[static_cast<std::size_t>(node.region)] = area;
        return;
    }
    const bool first_used = occupied_below(node.first, occupied);
    const bool second_used = occupied_below(node.second, occupied);
    if (!first_used || !second_used) {
        if (first_used)
            tile_node(node.first, area, em, occupied, out);
        else if (second_used)
            tile_node(node.second, area, em, occupied, out);
        return;
    }
    const float total = node.axis == Axis::Columns ? area.w : area.h;
    float first = node.fixed_last_em > 0 ? total - node.fixed_last_em * em : total * node.ratio;
    if (node.fixed_last_em > 0) {
        // The fixed strip keeps its size unless it would take more than half of the room.
        first = std::max(first, total * 0.5f);
    } else {
        const float min = node.min_em * em;
        if (total >= 2 * min)
            first = std::clamp(first, min, total - min);
    }
    first = std::clamp(first, 0.0f, total);
    if (node.axis == Axis::Columns) {
        const float cut = std::round(area.x + first);
        tile_node(node.first, Rect{area.x, area.y, cut - area.x, area.h}, em, occupied, out);
        tile_node(node.second, Rect{cut, area.y, area.right() - cut, area.h}, em, occupied, out);
    } else {
        const float cut = std::round(area.y + first);
        tile_node(node.first, Rect{area.x, area.y, area.w, cut - area.y}, em, occupied, out);
        tile_node(node.second, Rect{area.x, cut, area.w, area.bottom() - cut}, em, occupied, out);
    }
}

} // namespace mailsim::ui
