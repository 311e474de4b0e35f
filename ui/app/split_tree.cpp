#include "split_tree.h"

#include <algorithm>
#include <cmath>

namespace mailsim::ui {

float ratio_for_position(const Cut& cut, float position) {
    const bool columns = cut.axis == Axis::Columns;
    const float start = columns ? cut.area.x : cut.area.y;
    const float total = columns ? cut.area.w : cut.area.h;
    // No room for both minimums: the tree shares the room by them whatever the ratio says.
    if (total <= 0 || total < cut.min_first + cut.min_second)
        return cut.ratio;
    const float first = std::clamp(position - start, cut.min_first, total - cut.min_second);
    return std::clamp(first / total, kMinSplitRatio, kMaxSplitRatio);
}

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

void SplitTree::regions_below(int index, const std::vector<bool>& occupied,
                              std::vector<int>& out) const {
    if (!occupied_below(index, occupied))
        return;
    const SplitNode& node = m_nodes[static_cast<std::size_t>(index)];
    if (node.region >= 0) {
        out.push_back(node.region);
        return;
    }
    regions_below(node.first, occupied, out);
    regions_below(node.second, occupied, out);
}

// The least room the shown part of the tree below `index` needs along `axis`: side by side
// along the axis the minimums add up, across it the larger one counts.
float SplitTree::min_extent(int index, Axis axis, const Pass& pass) const {
    if (!occupied_below(index, pass.occupied))
        return 0;
    const SplitNode& node = m_nodes[static_cast<std::size_t>(index)];
    if (node.region >= 0)
        return axis == Axis::Columns ? pass.leaf_min.w : pass.leaf_min.h;
    const bool first_used = occupied_below(node.first, pass.occupied);
    const bool second_used = occupied_below(node.second, pass.occupied);
    if (!first_used || !second_used)
        return min_extent(first_used ? node.first : node.second, axis, pass);
    float first = min_extent(node.first, axis, pass);
    float second = min_extent(node.second, axis, pass);
    if (node.axis != axis)
        return std::max(first, second);
    if (node.fixed_last_em > 0)
        return first + node.fixed_last_em * pass.em;
    first = std::max(first, node.min_em * pass.em);
    second = std::max(second, node.min_em * pass.em);
    return first + second;
}

std::vector<Rect> SplitTree::tile(Rect area, float em, const std::vector<bool>& occupied,
                                  MinSize leaf_min, std::vector<Cut>* cuts) const {
    std::vector<Rect> out(static_cast<std::size_t>(region_count()));
    if (cuts)
        cuts->clear();
    // Whole pixels: every cut is rounded once, so neighbours share an edge exactly.
    const float x = std::round(area.x), y = std::round(area.y);
    area = Rect{x, y, std::round(area.right()) - x, std::round(area.bottom()) - y};
    Pass pass{em, occupied, leaf_min, out, cuts};
    if (m_root >= 0 && !area.empty())
        tile_node(m_root, area, pass);
    return out;
}

void SplitTree::tile_node(int index, Rect area, Pass& pass) const {
    const SplitNode& node = m_nodes[static_cast<std::size_t>(index)];
    if (node.region >= 0) {
        pass.out[static_cast<std::size_t>(node.region)] = area;
        return;
    }
    const bool first_used = occupied_below(node.first, pass.occupied);
    const bool second_used = occupied_below(node.second, pass.occupied);
    if (!first_used || !second_used) {
        if (first_used)
            tile_node(node.first, area, pass);
        else if (second_used)
            tile_node(node.second, area, pass);
        return;
    }
    const bool columns = node.axis == Axis::Columns;
    const float total = columns ? area.w : area.h;
    float first = total * node.ratio;
    float min_first = 0, min_second = 0;
    if (node.fixed_last_em > 0) {
        // The fixed strip keeps its size unless it would take more than half of the room.
        first = std::max(total - node.fixed_last_em * pass.em, total * 0.5f);
    } else {
        const float least = node.min_em * pass.em;
        min_first = std::max(least, min_extent(node.first, node.axis, pass));
        min_second = std::max(least, min_extent(node.second, node.axis, pass));
        if (total >= min_first + min_second)
            first = std::clamp(first, min_first, total - min_second);
        else if (min_first + min_second > 0)
            first = total * min_first / (min_first + min_second); // both squeezed alike
    }
    first = std::clamp(first, 0.0f, total);
    const float cut = std::round((columns ? area.x : area.y) + first);
    if (pass.cuts && node.fixed_last_em <= 0) {
        Cut boundary;
        boundary.node = index;
        boundary.axis = node.axis;
        boundary.area = area;
        boundary.position = cut;
        boundary.ratio = node.ratio;
        boundary.min_first = min_first;
        boundary.min_second = min_second;
        regions_below(node.first, pass.occupied, boundary.first_regions);
        regions_below(node.second, pass.occupied, boundary.second_regions);
        pass.cuts->push_back(boundary);
    }
    if (columns) {
        tile_node(node.first, Rect{area.x, area.y, cut - area.x, area.h}, pass);
        tile_node(node.second, Rect{cut, area.y, area.right() - cut, area.h}, pass);
    } else {
        tile_node(node.first, Rect{area.x, area.y, area.w, cut - area.y}, pass);
        tile_node(node.second, Rect{area.x, cut, area.w, area.bottom() - cut}, pass);
    }
}

} // namespace mailsim::ui
