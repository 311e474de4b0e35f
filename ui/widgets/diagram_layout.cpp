#include "diagram_layout.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <optional>

namespace mailsim::ui {
namespace {

ImVec2 add(ImVec2 a, ImVec2 b) {
    return {a.x + b.x, a.y + b.y};
}
ImVec2 sub(ImVec2 a, ImVec2 b) {
    return {a.x - b.x, a.y - b.y};
}
ImVec2 scale(ImVec2 a, float k) {
    return {a.x * k, a.y * k};
}
ImVec2 lerp(ImVec2 a, ImVec2 b, float t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}
float length(ImVec2 a) {
    return std::sqrt(a.x * a.x + a.y * a.y);
}
ImVec2 unit(ImVec2 a) {
    const float len = length(a);
    return len > 1e-4f ? scale(a, 1.0f / len) : ImVec2(1, 0);
}
bool contains(const LayoutRect& r, ImVec2 p) {
    return p.x >= r.min.x && p.x <= r.max.x && p.y >= r.min.y && p.y <= r.max.y;
}
LayoutRect inflate(const LayoutRect& r, float by) {
    return {{r.min.x - by, r.min.y - by}, {r.max.x + by, r.max.y + by}};
}
LayoutRect centred(ImVec2 c, ImVec2 size) {
    return {{c.x - size.x * 0.5f, c.y - size.y * 0.5f}, {c.x + size.x * 0.5f, c.y + size.y * 0.5f}};
}

using Curve = std::array<ImVec2, 4>;

ImVec2 at(const Curve& c, float t) {
    const ImVec2 a = lerp(c[0], c[1], t), b = lerp(c[1], c[2], t), d = lerp(c[2], c[3], t);
    return lerp(lerp(a, b, t), lerp(b, d, t), t);
}

// The part of the curve between t0 and t1 (de Casteljau twice).
Curve part(const Curve& c, float t0, float t1) {
    auto left = [](const Curve& k, float t) {
        const ImVec2 a = lerp(k[0], k[1], t), b = lerp(k[1], k[2], t), d = lerp(k[2], k[3], t);
        const ImVec2 ab = lerp(a, b, t), bd = lerp(b, d, t);
        return Curve{k[0], a, ab, lerp(ab, bd, t)};
    };
    auto right = [](const Curve& k, float t) {
        const ImVec2 a = lerp(k[0], k[1], t), b = lerp(k[1], k[2], t), d = lerp(k[2], k[3], t);
        const ImVec2 ab = lerp(a, b, t), bd = lerp(b, d, t);
        return Curve{lerp(ab, bd, t), bd, d, k[3]};
    };
    const Curve head = left(c, t1);
    return right(head, t1 > 0 ? t0 / t1 : 0);
}

// Labels break after a comma so a long list of triggers becomes a short block.
std::vector<std::string> wrap(const std::string& label, float max_width,
                              const MeasureText& measure) {
    std::vector<std::string> items;
    for (std::size_t start = 0; start <= label.size();) {
        std::size_t end = label.find(", ", start);
        if (end == std::string::npos)
            end = label.size();
        items.push_back(label.substr(start, end - start));
        start = end + 2;
    }
    std::vector<std::string> lines;
    for (const auto& item : items) {
        if (!lines.empty() && measure(lines.back() + ", " + item).x <= max_width)
            lines.back() += ", " + item;
        else {
            if (!lines.empty())
                lines.back() += ",";
            lines.push_back(item);
        }
    }
    return lines;
}

class Planner {
public:
    Planner(const StateDiagram& diagram, const std::vector<std::string>& names, float em,
            const MeasureText& measure)
        : m_diagram(diagram), m_names(names), m_em(em), m_measure(measure) {}

    // One attempt with this much room; false when some label found no free spot.
    bool plan(ImVec2 size, float column_width, float row_height, float top, float left,
              DiagramLayout& out) {
        out = DiagramLayout{};
        out.size = size;
        m_bounds = {{0, 0}, size};
        const float em = m_em;
        for (std::size_t i = 0; i < m_diagram.states.size(); ++i) {
            const auto& s = m_diagram.states[i];
            const ImVec2 c(left + s.column * column_width, top + s.row * row_height);
            const ImVec2 text = m_measure(i < m_names.size() ? m_names[i] : s.name);
            out.states.push_back(centred(c, ImVec2(text.x + em * 1.4f, em * 1.8f)));
        }
        m_labels.clear();
        m_failed.clear();
        m_tips.clear();
        out.edges.resize(m_diagram.edges.size());
        // Arrows first, so labels can keep clear of every arrowhead.
        for (std::size_t i = 0; i < m_diagram.edges.size(); ++i)
            if (m_diagram.edges[i].from != m_diagram.edges[i].to)
                route_arrow(out, m_diagram.edges[i], out.edges[i]);
        // Loops first: they have the fewest places to go.
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < m_diagram.edges.size(); ++i)
            if (m_diagram.edges[i].from == m_diagram.edges[i].to)
                order.push_back(i);
        for (std::size_t i = 0; i < m_diagram.edges.size(); ++i)
            if (m_diagram.edges[i].from != m_diagram.edges[i].to)
                order.push_back(i);
        for (std::size_t i : order) {
            const DiagramEdge& edge = m_diagram.edges[i];
            EdgeLayout& e = out.edges[i];
            const float max_width =
                std::max(em * 7, column_width * (edge.from == edge.to ? 0.95f : 0.7f));
            e.lines = wrap(edge.label, max_width, m_measure);
            ImVec2 box(0, em * 0.3f + em * 1.1f * static_cast<float>(e.lines.size()));
            for (const auto& line : e.lines)
                box.x = std::max(box.x, m_measure(line).x + em * 0.6f);
            const bool placed =
                edge.from == edge.to ? place_loop(out, edge, e, box) : place_arrow(out, e, box);
            if (placed)
                m_labels.push_back(e.label);
            else
                m_failed.push_back(i);
        }
        return m_failed.empty();
    }

    // Last resort: any free spot, nearest the arrow's middle first.
    void place_anywhere(DiagramLayout& out) {
        for (std::size_t i : m_failed) {
            EdgeLayout& e = out.edges[i];
            const ImVec2 size(e.label.max.x - e.label.min.x, e.label.max.y - e.label.min.y);
            const ImVec2 want = e.point(0.5f);
            std::optional<LayoutRect> best;
            float best_distance = 0;
            const float step = m_em * 0.5f;
            for (float y = size.y * 0.5f; y + size.y * 0.5f <= out.size.y; y += step)
                for (float x = size.x * 0.5f; x + size.x * 0.5f <= out.size.x; x += step) {
                    const LayoutRect r = centred(ImVec2(x, y), size);
                    const float d = length(sub(ImVec2(x, y), want));
                    if ((!best || d < best_distance) && free(out, r)) {
                        best = r;
                        best_distance = d;
                    }
                }
            if (!best) { // below everything: the diagram grows
                best = LayoutRect{{0, out.size.y}, {size.x, out.size.y + size.y}};
                out.size.y += size.y + m_em * 0.2f;
                m_bounds.max.y = out.size.y;
            }
            e.label = *best;
            m_labels.push_back(e.label);
        }
    }

private:
    bool free(const DiagramLayout& out, const LayoutRect& r) const {
        if (!r.inside(m_bounds))
            return false;
        for (const auto& label : m_labels)
            if (inflate(label, m_em * 0.1f).overlaps(r))
                return false;
        for (const auto& state : out.states)
            if (inflate(state, m_em * 0.2f).overlaps(r))
                return false;
        for (const ImVec2& tip : m_tips)
            if (inflate(LayoutRect{tip, tip}, m_em * 0.6f).overlaps(r))
                return false;
        return true;
    }

    bool curve_clear(const DiagramLayout& out, const Curve& c, int from, int to) const {
        for (int k = 1; k < 32; ++k) {
            const ImVec2 p = at(c, static_cast<float>(k) / 32.0f);
            if (!contains(m_bounds, p))
                return false;
            for (std::size_t s = 0; s < out.states.size(); ++s)
                if (static_cast<int>(s) != from && static_cast<int>(s) != to &&
                    contains(inflate(out.states[s], m_em * 0.4f), p))
                    return false;
        }
        return true;
    }

    void route_arrow(const DiagramLayout& out, const DiagramEdge& edge, EdgeLayout& e) {
        const LayoutRect& a = out.states[static_cast<size_t>(edge.from)];
        const LayoutRect& b = out.states[static_cast<size_t>(edge.to)];
        const ImVec2 p0 = lerp(a.min, a.max, 0.5f), p3 = lerp(b.min, b.max, 0.5f);
        const ImVec2 d = sub(p3, p0);
        const ImVec2 normal = unit(ImVec2(-d.y, d.x)); // to the right of the direction
        const float len = length(d);
        // Opposite arrows bend to their own right so they never share a line.
        const bool pair = m_diagram.find_edge(edge.to, edge.from) >= 0;
        static constexpr float kBends[] = {0.0f, 0.12f, -0.12f, 0.25f, -0.25f,
                                           0.4f, -0.4f, 0.55f,  -0.55f};
        Curve chosen{};
        bool found = false;
        for (float bend : kBends) {
            if (pair && bend <= 0.05f)
                continue;
            const ImVec2 q = add(lerp(p0, p3, 0.5f), scale(normal, bend * len));
            const Curve c{p0, lerp(p0, q, 2.0f / 3.0f), lerp(p3, q, 2.0f / 3.0f), p3};
            if (curve_clear(out, c, edge.from, edge.to)) {
                chosen = c;
                found = true;
                break;
            }
        }
        if (!found) {
            const ImVec2 q = add(lerp(p0, p3, 0.5f), scale(normal, 0.15f * len));
            chosen = {p0, lerp(p0, q, 2.0f / 3.0f), lerp(p3, q, 2.0f / 3.0f), p3};
        }
        // Trim to the boxes' edges so the arrowhead touches the target.
        float t0 = 0, t1 = 1;
        while (t0 < 0.5f && contains(a, at(chosen, t0)))
            t0 += 0.005f;
        while (t1 > 0.5f && contains(b, at(chosen, t1)))
            t1 -= 0.005f;
        e.curve = part(chosen, t0, t1);
        m_tips.push_back(e.curve[3]);
    }

    bool place_arrow(const DiagramLayout& out, EdgeLayout& e, ImVec2 box) {
        static constexpr float kAlong[] = {0.5f,  0.42f, 0.58f, 0.34f, 0.66f, 0.26f,
                                           0.74f, 0.18f, 0.82f, 0.1f,  0.9f};
        static constexpr float kAcross[] = {0.0f, 1.0f, -1.0f, 2.0f, -2.0f, 3.0f, -3.0f};
        for (float k : kAcross)
            for (float t : kAlong) {
                const ImVec2 p = e.point(t);
                const ImVec2 tangent = unit(
                    sub(e.point(std::min(t + 0.02f, 1.0f)), e.point(std::max(t - 0.02f, 0.0f))));
                const ImVec2 n(-tangent.y, tangent.x);
                const float reach =
                    std::abs(n.x) * box.x * 0.5f + std::abs(n.y) * box.y * 0.5f + m_em * 0.25f;
                const LayoutRect r = centred(add(p, scale(n, k * reach)), box);
                if (free(out, r)) {
                    e.label = r;
                    return true;
                }
            }
        // Crowded: the free spot nearest the arrow, if one is close enough to read as its label.
        std::array<ImVec2, 17> samples;
        for (std::size_t i = 0; i < samples.size(); ++i)
            samples[i] = e.point(0.1f + 0.8f * static_cast<float>(i) / 16.0f);
        LayoutRect reach{samples[0], samples[0]};
        for (const ImVec2& p : samples) {
            reach.min = ImVec2(std::min(reach.min.x, p.x), std::min(reach.min.y, p.y));
            reach.max = ImVec2(std::max(reach.max.x, p.x), std::max(reach.max.y, p.y));
        }
        reach = inflate(reach, m_em * 3.0f);
        std::optional<LayoutRect> best;
        float best_distance = m_em * 3.0f + std::max(box.x, box.y) * 0.5f;
        for (float y = reach.min.y; y <= reach.max.y; y += m_em * 0.5f)
            for (float x = reach.min.x; x <= reach.max.x; x += m_em * 0.5f) {
                float distance = FLT_MAX;
                for (const ImVec2& p : samples)
                    distance = std::min(distance, length(sub(p, ImVec2(x, y))));
                if (distance >= best_distance)
                    continue;
                const LayoutRect r = centred(ImVec2(x, y), box);
                if (free(out, r)) {
                    best = r;
                    best_distance = distance;
                }
            }
        if (best) {
            e.label = *best;
            return true;
        }
        e.label = centred(e.point(0.5f), box);
        return false;
    }

    bool place_loop(const DiagramLayout& out, const DiagramEdge& edge, EdgeLayout& e, ImVec2 box) {
        const LayoutRect& s = out.states[static_cast<size_t>(edge.from)];
        const ImVec2 c = lerp(s.min, s.max, 0.5f);
        const float em = m_em;
        // Above, below, right, left: outward direction and the point on the box's side.
        const std::array<std::pair<ImVec2, ImVec2>, 4> sides = {{
            {ImVec2(0, -1), ImVec2(c.x, s.min.y)},
            {ImVec2(0, 1), ImVec2(c.x, s.max.y)},
            {ImVec2(1, 0), ImVec2(s.max.x, c.y)},
            {ImVec2(-1, 0), ImVec2(s.min.x, c.y)},
        }};
        for (const auto& [out_dir, base] : sides) {
            const ImVec2 along(-out_dir.y, out_dir.x);
            const Curve loop{add(base, scale(along, -em * 0.6f)),
                             add(add(base, scale(along, -em * 1.6f)), scale(out_dir, em * 2.4f)),
                             add(add(base, scale(along, em * 1.6f)), scale(out_dir, em * 2.4f)),
                             add(base, scale(along, em * 0.6f))};
            if (!curve_clear(out, loop, edge.from, edge.from))
                continue;
            e.curve = loop;
            const ImVec2 apex = e.point(0.5f);
            const float reach =
                std::abs(out_dir.x) * box.x * 0.5f + std::abs(out_dir.y) * box.y * 0.5f;
            for (float shift : {0.0f, 1.0f, -1.0f}) {
                const ImVec2 centre = add(add(apex, scale(out_dir, reach + em * 0.15f)),
                                          scale(along, shift * (std::abs(along.x) * box.x * 0.5f +
                                                                std::abs(along.y) * box.y * 0.5f)));
                const LayoutRect r = centred(centre, box);
                if (free(out, r)) {
                    e.label = r;
                    m_tips.push_back(loop[3]);
                    return true;
                }
            }
        }
        const ImVec2 base = sides[0].second;
        e.curve = {add(base, ImVec2(-em * 0.6f, 0)), add(base, ImVec2(-em * 1.6f, -em * 2.4f)),
                   add(base, ImVec2(em * 1.6f, -em * 2.4f)), add(base, ImVec2(em * 0.6f, 0))};
        e.label = centred(e.point(0.5f), box);
        return false;
    }

    const StateDiagram& m_diagram;
    const std::vector<std::string>& m_names;
    float m_em;
    const MeasureText& m_measure;
    LayoutRect m_bounds;
    std::vector<LayoutRect> m_labels;
    std::vector<std::size_t> m_failed; // edges whose label found no spot along the arrow
    std::vector<ImVec2> m_tips;        // arrowheads, which labels must not hide
};

} // namespace

ImVec2 EdgeLayout::point(float t) const {
    return at(curve, t);
}

DiagramLayout layout_diagram(const StateDiagram& diagram, const std::vector<std::string>& names,
                             ImVec2 available, float em, const MeasureText& measure) {
    DiagramLayout out;
    if (diagram.states.empty())
        return out;
    float columns = 0, rows = 0, widest = 0;
    for (std::size_t i = 0; i < diagram.states.size(); ++i) {
        columns = std::max(columns, diagram.states[i].column);
        rows = std::max(rows, diagram.states[i].row);
        widest = std::max(widest, measure(i < names.size() ? names[i] : diagram.states[i].name).x +
                                      em * 1.4f);
    }
    Planner planner(diagram, names, em, measure);
    // Room above the first row for loops and their labels, below the last for labels.
    const float top = em * 5.5f, bottom = em * 4.0f;
    const float margin = widest * 0.5f + em * 3.0f;
    // Fill the room, but not so loosely that arrows turn into long thin lines.
    float column_width = std::clamp(columns > 0 ? (available.x - 2 * margin) / columns : 0.0f,
                                    widest + em * 4.0f, widest + em * 12.0f);
    float row_height =
        std::clamp(rows > 0 ? (available.y - top - bottom) / rows : 0.0f, em * 5.0f, em * 9.0f);
    for (int attempt = 0; attempt < 8; ++attempt) {
        const ImVec2 size(2 * margin + columns * column_width, top + rows * row_height + bottom);
        if (planner.plan(size, column_width, row_height, top, margin, out))
            return out;
        // Not enough room for every label: spread the grid and try again.
        row_height += em * 1.5f;
        column_width += em * 1.5f;
    }
    planner.place_anywhere(out);
    return out;
}

} // namespace mailsim::ui
