#include "diagram_layout.h"

#include "fit_text.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <optional>

namespace mailsim::ui {
namespace {

using Curve = std::array<ImVec2, 4>;

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
ImVec2 centre(const LayoutRect& r) {
    return lerp(r.min, r.max, 0.5f);
}

ImVec2 at(const Curve& c, float t) {
    const ImVec2 a = lerp(c[0], c[1], t), b = lerp(c[1], c[2], t), d = lerp(c[2], c[3], t);
    return lerp(lerp(a, b, t), lerp(b, d, t), t);
}

// The part of the curve between t0 and t1 (de Casteljau twice).
Curve part(const Curve& c, float t0, float t1) {
    auto split = [](const Curve& k, float t, bool left) {
        const ImVec2 a = lerp(k[0], k[1], t), b = lerp(k[1], k[2], t), d = lerp(k[2], k[3], t);
        const ImVec2 ab = lerp(a, b, t), bd = lerp(b, d, t), m = lerp(ab, bd, t);
        return left ? Curve{k[0], a, ab, m} : Curve{m, bd, d, k[3]};
    };
    const Curve head = split(c, t1, true);
    return split(head, t1 > 0 ? t0 / t1 : 0, false);
}

constexpr int kSamples = 48;

std::vector<ImVec2> polyline(const Curve& c, int samples = kSamples) {
    std::vector<ImVec2> points;
    for (int k = 0; k <= samples; ++k)
        points.push_back(at(c, static_cast<float>(k) / static_cast<float>(samples)));
    return points;
}

// What a route through a state or off the diagram costs: more than any number of crossings.
constexpr float kBlocked = 100000.0f;

// Routing compares every candidate with every arrow so far: a coarser line is enough there.
constexpr int kRouteSamples = 24;

float cross(ImVec2 a, ImVec2 b) {
    return a.x * b.y - a.y * b.x;
}

bool segments_cross(ImVec2 a, ImVec2 b, ImVec2 c, ImVec2 d) {
    const ImVec2 r = sub(b, a), s = sub(d, c);
    const float denom = cross(r, s);
    if (std::abs(denom) < 1e-6f)
        return false;
    const float t = cross(sub(c, a), s) / denom, u = cross(sub(c, a), r) / denom;
    return t > 0 && t < 1 && u > 0 && u < 1;
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

// The longest start of `text` that, with "…", fits in `width` (all of it if it fits); cut
// between UTF-8 characters, never inside one. fitting_prefix's cut, in the diagram's own
// measure (its text may be larger than the UI's).
std::string elide(const std::string& text, float width, const MeasureText& measure) {
    if (measure(text).x <= width)
        return text;
    std::string best;
    for (std::size_t end = 1; end < text.size(); ++end) {
        if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            continue; // inside a character
        std::string start = text.substr(0, end);
        while (!start.empty() && (start.back() == ' ' || start.back() == ','))
            start.pop_back();
        if (measure(start + kEllipsis).x > width)
            break;
        best = start;
    }
    return best + kEllipsis;
}

class Planner {
public:
    Planner(const StateDiagram& diagram, const std::vector<std::string>& names, float em,
            const MeasureText& measure, DiagramForm form)
        : m_diagram(diagram), m_em(em), m_measure(measure), m_form(form) {
        // Box sizes do not depend on the spacing: measure them once.
        const auto& listing = m_measure;
        for (std::size_t i = 0; i < diagram.states.size(); ++i) {
            const ImVec2 name = m_measure(i < names.size() ? names[i] : diagram.states[i].name);
            ImVec2 size(name.x + em * 1.4f, em * (name_top(form) * 2 + 1.0f));
            std::vector<std::string> lines;
            const int loop = diagram.find_edge(static_cast<int>(i), static_cast<int>(i));
            ImVec2 list_size(0, 0);
            if (loop >= 0) {
                const std::string list =
                    "\xe2\x86\xbb " + diagram.edges[static_cast<size_t>(loop)].label;
                // The compact figure lists them on one line no wider than the name needs
                // (all of them on hover).
                const float width =
                    std::max(name.x, em * (form == DiagramForm::Compact ? 4 : 6.5f));
                lines = form == DiagramForm::Compact
                            ? std::vector<std::string>{elide(list, width, listing)}
                            : wrap(list, width, listing);
                for (const auto& line : lines)
                    list_size.x = std::max(list_size.x, listing(line).x);
                list_size.y = em * kListingLineSpacing * static_cast<float>(lines.size());
                size.x = std::max(size.x, list_size.x + em * 1.2f);
                size.y += list_size.y + em * 0.2f;
            }
            m_box_sizes.push_back(size);
            m_list_sizes.push_back(list_size);
            m_listings.push_back(std::move(lines));
        }
    }

    ImVec2 box_size(std::size_t state) const { return m_box_sizes[state]; }

    // One attempt with the states centred at `centres` in this much room; false when some
    // arrow found no way round the states (or, in the textbook form, some label no free spot).
    bool plan(ImVec2 size, const std::vector<ImVec2>& centres, float label_width,
              DiagramLayout& out) {
        out = DiagramLayout{};
        out.size = size;
        out.form = m_form;
        m_bounds = {{0, 0}, size};
        const float em = m_em;
        for (std::size_t i = 0; i < m_diagram.states.size(); ++i)
            out.states.push_back(LayoutRect::centred(centres[i], m_box_sizes[i]));
        out.edges.resize(m_diagram.edges.size());
        m_labels.clear();
        m_failed.clear();
        m_routes.clear();
        m_routes.resize(m_diagram.edges.size());
        m_coarse.clear();
        m_coarse.resize(m_diagram.edges.size());
        // Self-loops: listed inside their state, under its name.
        for (std::size_t i = 0; i < m_diagram.edges.size(); ++i) {
            const DiagramEdge& edge = m_diagram.edges[i];
            if (edge.from != edge.to)
                continue;
            EdgeLayout& e = out.edges[i];
            const auto state = static_cast<std::size_t>(edge.from);
            const LayoutRect& box = out.states[state];
            e.listed = true;
            e.lines = m_listings[state];
            e.elided = m_form == DiagramForm::Compact &&
                       e.lines.front().size() < edge.label.size() + 4; // "↻ " is 4 bytes
            const ImVec2 list = m_list_sizes[state];
            const float x = (box.min.x + box.max.x - list.x) * 0.5f;
            const float top = box.min.y + em * (name_top(m_form) + 1.15f); // under the name
            e.label = {{x, top}, {x + list.x, top + list.y}};
            const ImVec2 c = centre(e.label);
            e.curve = {c, c, c, c};
        }
        // Arrows: the shortest first, so they keep the straight lines.
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < m_diagram.edges.size(); ++i)
            if (m_diagram.edges[i].from != m_diagram.edges[i].to)
                order.push_back(i);
        auto span = [&](std::size_t i) {
            const DiagramEdge& edge = m_diagram.edges[i];
            return length(sub(centre(out.states[static_cast<size_t>(edge.from)]),
                              centre(out.states[static_cast<size_t>(edge.to)])));
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return span(a) < span(b); });
        for (std::size_t i : order)
            route_arrow(out, i);
        // Each arrow once more, now that it sees every other: crossings only the later arrows
        // caused can be bent away.
        bool routed = true; // every arrow clear of the other states and inside the diagram
        for (int pass = 0; pass < 2; ++pass) {
            routed = true;
            for (std::size_t i : order) {
                m_coarse[i].clear();
                routed = route_arrow(out, i) && routed;
            }
        }
        // Labels: the biggest first, they have the fewest places to go.
        std::vector<std::size_t> labels = order;
        for (std::size_t i : labels) {
            EdgeLayout& e = out.edges[i];
            const std::string& label = m_diagram.edges[i].label;
            if (m_form == DiagramForm::Compact) {
                e.lines = {elide(label, label_width, m_measure)};
                e.elided = e.lines[0] != label;
            } else {
                e.lines = wrap(label, label_width, m_measure);
            }
        }
        auto area = [&](std::size_t i) {
            float w = 0;
            for (const auto& line : out.edges[i].lines)
                w = std::max(w, m_measure(line).x);
            return w * static_cast<float>(out.edges[i].lines.size());
        };
        std::stable_sort(labels.begin(), labels.end(),
                         [&](std::size_t a, std::size_t b) { return area(a) > area(b); });
        for (std::size_t i : labels) {
            EdgeLayout& e = out.edges[i];
            ImVec2 box(0, em * 0.3f + em * 1.1f * static_cast<float>(e.lines.size()));
            for (const auto& line : e.lines)
                box.x = std::max(box.x, m_measure(line).x + em * 0.6f);
            if (place_label(out, i, box))
                m_labels.push_back(e.label);
            else if (m_form == DiagramForm::Compact)
                e.label_shown = false; // no room: on hover, or when it is the arrow just taken
            else
                m_failed.push_back(i);
        }
        return routed && m_failed.empty();
    }

    // Last resort: any free spot nearest the arrow's middle, else below everything.
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
                    const LayoutRect r = LayoutRect::centred(ImVec2(x, y), size);
                    const float d = length(sub(ImVec2(x, y), want));
                    if ((!best || d < best_distance) && free(out, r, i)) {
                        best = r;
                        best_distance = d;
                    }
                }
            if (!best) {
                best = LayoutRect{{0, out.size.y}, {size.x, out.size.y + size.y}};
                out.size.y += size.y + m_em * 0.2f;
                m_bounds.max.y = out.size.y;
            }
            e.label = *best;
            m_labels.push_back(e.label);
        }
    }

private:
    // Free for edge `self`'s label: inside, on no state or label, crossed by no other arrow.
    bool free(const DiagramLayout& out, const LayoutRect& r, std::size_t self) const {
        if (!r.inside(m_bounds))
            return false;
        for (const auto& label : m_labels)
            if (label.inflated(m_em * 0.15f).overlaps(r))
                return false;
        for (const auto& state : out.states)
            if (state.inflated(m_em * 0.2f).overlaps(r))
                return false;
        const LayoutRect clear = r.inflated(m_em * 0.1f);
        for (std::size_t k = 0; k < m_routes.size(); ++k) {
            if (k == self || m_routes[k].empty())
                continue;
            for (std::size_t p = 1; p < m_routes[k].size(); ++p)
                if (segment_crosses(m_routes[k][p - 1], m_routes[k][p], clear))
                    return false;
            // Nor may it hide another arrow's head.
            if (clear.inflated(m_em * 0.4f).contains(m_routes[k].back()))
                return false;
        }
        return true;
    }

    // How bad a route is: through a state or off the diagram is all but forbidden; each
    // crossing of an arrow already routed costs much more than a bend.
    float cost(const DiagramLayout& out, const std::vector<ImVec2>& line, const DiagramEdge& edge,
               float bend) const {
        float total = std::abs(bend) * 10.0f;
        for (std::size_t p = 1; p < line.size(); ++p) {
            if (!m_bounds.contains(line[p]))
                total += kBlocked;
            for (std::size_t s = 0; s < out.states.size(); ++s)
                if (static_cast<int>(s) != edge.from && static_cast<int>(s) != edge.to &&
                    segment_crosses(line[p - 1], line[p], out.states[s].inflated(m_em * 0.3f)))
                    total += kBlocked * 10;
        }
        for (std::size_t k = 0; k < m_coarse.size(); ++k) {
            const auto& other = m_coarse[k];
            if (other.empty())
                continue;
            const DiagramEdge& o = m_diagram.edges[k];
            // Arrows that meet at a state may touch there.
            const bool shared =
                o.from == edge.from || o.from == edge.to || o.to == edge.from || o.to == edge.to;
            const std::size_t skip = shared ? 2 : 0;
            for (std::size_t p = 1 + skip; p + skip < line.size(); ++p)
                for (std::size_t q = 1 + skip; q + skip < other.size(); ++q) {
                    if (segments_cross(line[p - 1], line[p], other[q - 1], other[q]))
                        total += 100.0f;
                    // Lying along another arrow is worse than crossing it.
                    if (length(sub(line[p], other[q])) < m_em * 0.5f)
                        total += 20.0f;
                }
        }
        return total;
    }

    // False when even the best route runs through a state or off the diagram.
    bool route_arrow(DiagramLayout& out, std::size_t index) {
        const DiagramEdge& edge = m_diagram.edges[index];
        const LayoutRect& a = out.states[static_cast<size_t>(edge.from)];
        const LayoutRect& b = out.states[static_cast<size_t>(edge.to)];
        const ImVec2 p0 = centre(a), p3 = centre(b);
        const ImVec2 d = sub(p3, p0);
        const ImVec2 normal = unit(ImVec2(-d.y, d.x));
        const float len = length(d);
        static constexpr float kBends[] = {0.0f, 0.15f, -0.15f, 0.3f,  -0.3f, 0.45f, -0.45f,
                                           0.6f, -0.6f, 0.8f,   -0.8f, 1.0f,  -1.0f};
        Curve best{};
        float best_cost = FLT_MAX;
        for (float bend : kBends) {
            const ImVec2 q = add(lerp(p0, p3, 0.5f), scale(normal, bend * len));
            const Curve c{p0, lerp(p0, q, 2.0f / 3.0f), lerp(p3, q, 2.0f / 3.0f), p3};
            const float k = cost(out, polyline(trimmed(c, a, b), kRouteSamples), edge, bend);
            if (k < best_cost) {
                best_cost = k;
                best = c;
            }
        }
        out.edges[index].curve = trimmed(best, a, b);
        m_routes[index] = polyline(out.edges[index].curve);
        m_coarse[index] = polyline(out.edges[index].curve, kRouteSamples);
        return best_cost < kBlocked;
    }

    // Cut to the boxes' edges so the arrowhead touches the target.
    static Curve trimmed(const Curve& c, const LayoutRect& a, const LayoutRect& b) {
        float t0 = 0, t1 = 1;
        while (t0 < 0.5f && a.contains(at(c, t0)))
            t0 += 0.005f;
        while (t1 > 0.5f && b.contains(at(c, t1)))
            t1 -= 0.005f;
        return part(c, t0, t1);
    }

    bool place_label(DiagramLayout& out, std::size_t index, ImVec2 box) {
        EdgeLayout& e = out.edges[index];
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
                    std::abs(n.x) * box.x * 0.5f + std::abs(n.y) * box.y * 0.5f + m_em * 0.3f;
                const LayoutRect r = LayoutRect::centred(add(p, scale(n, k * reach)), box);
                if (free(out, r, index)) {
                    e.label = r;
                    return true;
                }
            }
        e.label = LayoutRect::centred(e.point(0.5f), box);
        return false;
    }

    const StateDiagram& m_diagram;
    float m_em;
    const MeasureText& m_measure;
    DiagramForm m_form;
    std::vector<ImVec2> m_box_sizes, m_list_sizes;
    std::vector<std::vector<std::string>> m_listings;
    LayoutRect m_bounds;
    std::vector<LayoutRect> m_labels;
    std::vector<std::size_t> m_failed;         // edges whose label found no spot
    std::vector<std::vector<ImVec2>> m_routes; // per edge, its arrow as a polyline
    std::vector<std::vector<ImVec2>> m_coarse; // the same, coarser, for routing
};

} // namespace

ImVec2 EdgeLayout::point(float t) const {
    return at(curve, t);
}

bool segment_crosses(ImVec2 a, ImVec2 b, const LayoutRect& r) {
    // Liang-Barsky: clip the segment to the rectangle.
    float t0 = 0, t1 = 1;
    const ImVec2 d = sub(b, a);
    const float p[4] = {-d.x, d.x, -d.y, d.y};
    const float q[4] = {a.x - r.min.x, r.max.x - a.x, a.y - r.min.y, r.max.y - a.y};
    for (int i = 0; i < 4; ++i) {
        if (std::abs(p[i]) < 1e-9f) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const float t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

bool curve_crosses(const EdgeLayout& edge, const LayoutRect& r) {
    if (edge.listed)
        return false;
    const auto line = polyline(edge.curve);
    for (std::size_t p = 1; p < line.size(); ++p)
        if (segment_crosses(line[p - 1], line[p], r))
            return true;
    return false;
}

int count_crossings(const StateDiagram& diagram, const DiagramLayout& layout, float em) {
    const std::size_t n = layout.edges.size();
    std::vector<std::vector<ImVec2>> lines(n);
    for (std::size_t i = 0; i < n; ++i)
        if (!layout.edges[i].listed)
            lines[i] = polyline(layout.edges[i].curve, kSamples * 2);
    int crossings = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = i + 1; k < n; ++k) {
            if (lines[i].empty() || lines[k].empty())
                continue;
            const DiagramEdge& a = diagram.edges[i];
            const DiagramEdge& b = diagram.edges[k];
            std::vector<LayoutRect> meeting; // states both arrows touch
            for (int s : {a.from, a.to})
                if (s == b.from || s == b.to)
                    meeting.push_back(layout.states[static_cast<std::size_t>(s)].inflated(em));
            std::vector<ImVec2> found;
            for (std::size_t p = 1; p < lines[i].size(); ++p)
                for (std::size_t q = 1; q < lines[k].size(); ++q) {
                    if (!segments_cross(lines[i][p - 1], lines[i][p], lines[k][q - 1], lines[k][q]))
                        continue;
                    const ImVec2 at_point = lines[i][p];
                    bool near_meeting = false;
                    for (const auto& r : meeting)
                        near_meeting = near_meeting || r.contains(at_point);
                    bool seen = false; // one crossing found on two neighbouring segments
                    for (const auto& f : found)
                        seen = seen || length(sub(f, at_point)) < em * 0.5f;
                    if (!near_meeting && !seen)
                        found.push_back(at_point);
                }
            crossings += static_cast<int>(found.size());
        }
    return crossings;
}

std::vector<ImVec2> state_box_sizes(const StateDiagram& diagram,
                                    const std::vector<std::string>& names, float em,
                                    const MeasureText& measure, DiagramForm form) {
    const Planner planner(diagram, names, em, measure, form);
    std::vector<ImVec2> sizes;
    for (std::size_t i = 0; i < diagram.states.size(); ++i)
        sizes.push_back(planner.box_size(i));
    return sizes;
}

DiagramLayout route_compact_diagram(const StateDiagram& diagram,
                                    const std::vector<std::string>& names,
                                    const std::vector<ImVec2>& centres, ImVec2 size,
                                    float label_width, float em, const MeasureText& measure,
                                    bool* routed) {
    DiagramLayout out;
    Planner planner(diagram, names, em, measure, DiagramForm::Compact);
    const bool ok = planner.plan(size, centres, label_width, out);
    if (routed)
        *routed = ok;
    return out;
}

DiagramLayout layout_diagram(const StateDiagram& diagram, const std::vector<std::string>& names,
                             ImVec2 available, float em, const MeasureText& measure) {
    DiagramLayout out;
    if (diagram.states.empty())
        return out;
    Planner planner(diagram, names, em, measure, DiagramForm::Textbook);
    float columns = 0, rows = 0, widest = 0, tallest = 0;
    for (std::size_t i = 0; i < diagram.states.size(); ++i) {
        columns = std::max(columns, diagram.states[i].column);
        rows = std::max(rows, diagram.states[i].row);
        widest = std::max(widest, planner.box_size(i).x);
        tallest = std::max(tallest, planner.box_size(i).y);
    }
    // Room above the first row and below the last for arrows bending round and their labels:
    // little at first, more on each attempt that needs it.
    float top = tallest * 0.5f + em * 2.0f, bottom = top;
    const float margin = widest * 0.5f + em * 2.0f;
    // Fill the room, but not so loosely that arrows turn into long thin lines.
    float column_width = std::clamp(columns > 0 ? (available.x - 2 * margin) / columns : 0.0f,
                                    widest + em * 4.0f, widest + em * 12.0f);
    float row_height = std::clamp(rows > 0 ? (available.y - top - bottom) / rows : 0.0f,
                                  tallest + em * 2.5f, tallest + em * 8.0f);
    for (int attempt = 0; attempt < 12; ++attempt) {
        const ImVec2 size(2 * margin + columns * column_width, top + rows * row_height + bottom);
        std::vector<ImVec2> centres;
        for (const auto& s : diagram.states)
            centres.emplace_back(margin + s.column * column_width, top + s.row * row_height);
        if (planner.plan(size, centres, std::max(em * 6, column_width * 0.55f), out))
            return out;
        // Not enough room for every label or arrow: spread the grid and try again.
        row_height += em * 1.0f;
        column_width += em * 1.0f;
        top += em * 0.75f;
        bottom += em * 0.75f;
    }
    planner.place_anywhere(out);
    return out;
}

} // namespace mailsim::ui
