#include "compact_diagram.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <functional>

namespace mailsim::ui {
namespace {

// Clear space between neighbouring boxes, in ems: a visible arrow with its head between boxes
// side by side, a one-line label between rows.
constexpr float kGapAcross = 2.0f;
constexpr float kGapBetweenRows = 2.2f;
// Round the figure: arrows bend round the first and last line there; at the ends of the lines
// less is enough.
constexpr float kMargin = 1.4f;
constexpr float kMarginAtEnds = 0.8f;
// The most the gaps grow to fill a tile with room to spare (more reads as loose, not clearer).
constexpr float kMoreGapAcross = 5.0f;
constexpr float kMoreGapBetweenRows = 3.0f;
// A label longer than this many ems is elided (whole on hover).
constexpr float kLabelEms = 8.0f;
// Grid columns half a column apart in the textbook stay at least this far apart (ems per column).
constexpr float kColumnUnit = 1.0f;

// Each state's place in a re-flow, in grid units: `along` the path (the textbook column, from
// the start of its band) and `across` it (the rank of its row, bands after one another).
struct Grid {
    std::vector<float> along, across;
};

std::vector<float> ranks(const std::vector<float>& values) {
    std::vector<float> distinct = values;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::vector<float> out;
    for (float v : values)
        out.push_back(static_cast<float>(std::lower_bound(distinct.begin(), distinct.end(), v) -
                                         distinct.begin()));
    return out;
}

Grid fold(const StateDiagram& diagram, int bands) {
    float lo = FLT_MAX, hi = -FLT_MAX;
    std::vector<float> rows;
    for (const auto& s : diagram.states) {
        lo = std::min(lo, s.column);
        hi = std::max(hi, s.column);
        rows.push_back(s.row);
    }
    const std::vector<float> row_rank = ranks(rows);
    const float row_count = *std::max_element(row_rank.begin(), row_rank.end()) + 1;
    const float span = (hi - lo) / static_cast<float>(bands);
    std::vector<int> band;
    std::vector<float> start(static_cast<std::size_t>(bands), FLT_MAX);
    for (const auto& s : diagram.states) {
        const int k = span > 0 ? std::min(bands - 1, static_cast<int>((s.column - lo) / span)) : 0;
        band.push_back(k);
        start[static_cast<std::size_t>(k)] = std::min(start[static_cast<std::size_t>(k)], s.column);
    }
    Grid grid;
    std::vector<float> across;
    for (std::size_t i = 0; i < diagram.states.size(); ++i) {
        const auto k = static_cast<std::size_t>(band[i]);
        grid.along.push_back(diagram.states[i].column - start[k]);
        across.push_back(row_rank[i] + static_cast<float>(k) * row_count);
    }
    grid.across = ranks(across); // a band without some of the rows leaves no empty line
    return grid;
}

// Centre coordinates along one axis: each distinct grid value after the previous ones, as
// close as the boxes that `conflict` (share a line) allow, at least `unit` per grid unit.
std::vector<float> pack(const std::vector<float>& grid, const std::vector<float>& extent, float gap,
                        float unit, const std::function<bool(std::size_t, std::size_t)>& conflict) {
    std::vector<float> distinct = grid;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::vector<float> at(distinct.size(), 0);
    for (std::size_t k = 1; k < distinct.size(); ++k) {
        at[k] = at[k - 1] + (distinct[k] - distinct[k - 1]) * unit;
        for (std::size_t j = 0; j < grid.size(); ++j) {
            if (grid[j] != distinct[k])
                continue;
            for (std::size_t i = 0; i < grid.size(); ++i) {
                if (grid[i] >= distinct[k] || !conflict(i, j))
                    continue;
                const auto a = static_cast<std::size_t>(
                    std::lower_bound(distinct.begin(), distinct.end(), grid[i]) - distinct.begin());
                at[k] = std::max(at[k], at[a] + (extent[i] + extent[j]) * 0.5f + gap);
            }
        }
    }
    std::vector<float> out;
    for (float g : grid)
        out.push_back(at[static_cast<std::size_t>(
            std::lower_bound(distinct.begin(), distinct.end(), g) - distinct.begin())]);
    return out;
}

struct Packed {
    std::vector<ImVec2> centres;
    ImVec2 size;
    int steps_x = 0, steps_y = 0; // distinct places minus one, per axis (where gaps add up)
};

int steps(const std::vector<float>& grid) {
    std::vector<float> distinct = grid;
    std::sort(distinct.begin(), distinct.end());
    return static_cast<int>(std::unique(distinct.begin(), distinct.end()) - distinct.begin()) - 1;
}

// The boxes of `sizes` on `grid`; `gap_along` and `gap_across` in pixels.
Packed arrange(const Grid& grid, const std::vector<ImVec2>& sizes, bool down, float gap_along,
               float gap_across, float em, float margin) {
    std::vector<float> widths, heights;
    for (const ImVec2& s : sizes) {
        widths.push_back(s.x);
        heights.push_back(s.y);
    }
    const std::vector<float>& x_grid = down ? grid.across : grid.along;
    const std::vector<float>& y_grid = down ? grid.along : grid.across;
    const auto same_line = [&](std::size_t i, std::size_t j) {
        return grid.across[i] == grid.across[j];
    };
    const auto always = [](std::size_t, std::size_t) { return true; };
    // Along the path the boxes of one line keep apart; across it the lines do.
    const std::vector<float> xs =
        down ? pack(x_grid, widths, gap_across, 0, always)
             : pack(x_grid, widths, gap_along, kColumnUnit * em, same_line);
    const std::vector<float> ys =
        down ? pack(y_grid, heights, gap_along, kColumnUnit * em, same_line)
             : pack(y_grid, heights, gap_across, 0, always);
    float min_x = FLT_MAX, min_y = FLT_MAX, max_x = -FLT_MAX, max_y = -FLT_MAX;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        min_x = std::min(min_x, xs[i] - widths[i] * 0.5f);
        max_x = std::max(max_x, xs[i] + widths[i] * 0.5f);
        min_y = std::min(min_y, ys[i] - heights[i] * 0.5f);
        max_y = std::max(max_y, ys[i] + heights[i] * 0.5f);
    }
    const float ends = margin - (kMargin - kMarginAtEnds) * em;
    const ImVec2 edge(down ? margin : ends, down ? ends : margin);
    Packed out;
    for (std::size_t i = 0; i < sizes.size(); ++i)
        out.centres.emplace_back(xs[i] - min_x + edge.x, ys[i] - min_y + edge.y);
    out.size = ImVec2(max_x - min_x + 2 * edge.x, max_y - min_y + 2 * edge.y);
    out.steps_x = steps(x_grid);
    out.steps_y = steps(y_grid);
    return out;
}

bool fits(ImVec2 size, ImVec2 room) {
    return size.x <= room.x + 1 && size.y <= room.y + 1;
}

// The figure packed with `more` pixels of extra room round it and between its lines, then
// spread into the room that is left.
Packed spread(const Grid& grid, const std::vector<ImVec2>& sizes, bool down, ImVec2 room, float em,
              float more) {
    float gap_along = kGapAcross * em, gap_across = kGapBetweenRows * em + more;
    const float margin = kMargin * em + more;
    const Packed packed = arrange(grid, sizes, down, gap_along, gap_across, em, margin);
    const ImVec2 slack(room.x - packed.size.x, room.y - packed.size.y);
    const float slack_along = down ? slack.y : slack.x;
    const float slack_across = down ? slack.x : slack.y;
    const int steps_along = down ? packed.steps_y : packed.steps_x;
    const int steps_across = down ? packed.steps_x : packed.steps_y;
    if (slack_along > 0 && steps_along > 0)
        gap_along += std::min(slack_along / static_cast<float>(steps_along), kMoreGapAcross * em);
    if (slack_across > 0 && steps_across > 0)
        gap_across +=
            std::min(slack_across / static_cast<float>(steps_across), kMoreGapBetweenRows * em);
    const Packed wider = arrange(grid, sizes, down, gap_along, gap_across, em, margin);
    return fits(wider.size, room) || !fits(packed.size, room) ? wider : packed;
}

} // namespace

std::vector<Reflow> reflows() {
    return {{1, false}, {1, true}, {2, false}, {2, true}, {3, false}, {3, true}};
}

std::vector<Reflow> ranked_reflows(const StateDiagram& diagram,
                                   const std::vector<std::string>& names, ImVec2 room, float em,
                                   const MeasureText& measure) {
    const auto sizes = state_box_sizes(diagram, names, em, measure, DiagramForm::Compact);
    struct Ranked {
        Reflow reflow;
        bool fit;
        float score;
    };
    std::vector<Ranked> ranked;
    for (const Reflow& reflow : reflows()) {
        const Packed packed = arrange(fold(diagram, reflow.bands), sizes, reflow.down,
                                      kGapAcross * em, kGapBetweenRows * em, em, kMargin * em);
        const bool fit = fits(packed.size, room);
        // Fitting: the fewest bands, then the most room to spare. Else the one that scrolls one
        // way only (fewest bands first: its path is still the textbook's), then the least.
        const bool both_ways = packed.size.x > room.x + 1 && packed.size.y > room.y + 1;
        const float score = fit ? static_cast<float>(reflow.bands) * 10 -
                                      std::min(room.x / packed.size.x, room.y / packed.size.y)
                                : (both_ways ? 10.0f : 0.0f) + static_cast<float>(reflow.bands) +
                                      std::max(packed.size.x / room.x, packed.size.y / room.y);
        ranked.push_back({reflow, fit, score});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return a.fit != b.fit ? a.fit : a.score < b.score;
    });
    std::vector<Reflow> out;
    for (const Ranked& r : ranked)
        out.push_back(r.reflow);
    return out;
}

namespace {

DiagramLayout layout_in(const StateDiagram& diagram, const std::vector<std::string>& names,
                        Reflow reflow, ImVec2 room, float em, const MeasureText& measure,
                        bool* routed) {
    const auto sizes = state_box_sizes(diagram, names, em, measure, DiagramForm::Compact);
    const Grid grid = fold(diagram, reflow.bands);
    // An arrow that found no way round the states gets more room round the figure and
    // between its lines, as long as the figure still fits (or never did).
    DiagramLayout first;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const Packed packed =
            spread(grid, sizes, reflow.down, room, em, static_cast<float>(attempt) * 0.8f * em);
        if (attempt > 0 && !fits(packed.size, room) && fits(first.size, room))
            break;
        bool ok = false;
        DiagramLayout layout = route_compact_diagram(diagram, names, packed.centres, packed.size,
                                                     kLabelEms * em, em, measure, &ok);
        if (ok) {
            *routed = true;
            return layout;
        }
        if (attempt == 0)
            first = std::move(layout);
    }
    *routed = false;
    return first;
}

} // namespace

DiagramLayout layout_compact(const StateDiagram& diagram, const std::vector<std::string>& names,
                             Reflow reflow, ImVec2 room, float em, const MeasureText& measure) {
    if (diagram.states.empty())
        return {};
    bool routed = false;
    return layout_in(diagram, names, reflow, room, em, measure, &routed);
}

DiagramLayout layout_compact(const StateDiagram& diagram, const std::vector<std::string>& names,
                             ImVec2 room, float em, const MeasureText& measure) {
    if (diagram.states.empty())
        return {};
    const std::vector<Reflow> ranked = ranked_reflows(diagram, names, room, em, measure);
    DiagramLayout preferred;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        bool routed = false;
        DiagramLayout layout = layout_in(diagram, names, ranked[i], room, em, measure, &routed);
        if (routed)
            return layout;
        if (i == 0)
            preferred = std::move(layout);
    }
    return preferred; // no re-flow routes every arrow clear: the room's favourite
}

} // namespace mailsim::ui
