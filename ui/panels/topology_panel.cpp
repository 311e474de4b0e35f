// The network as the lecture draws it: user agents, mail servers, DNS, gateways and webmail
// with their names, domains and addresses; links; and every command or reply flying along
// them in its protocol's colour. Badges show queue lengths and mailbox sizes.
#include "panels.h"
#include "world_editor.h"

#include "sim/core/utf8_prefix.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/app/playback_pacer.h"
#include "ui/style/theme.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/label_placement.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

// Up to this many hosts the lecture's arc layout is used and every host gets a full box.
constexpr std::size_t kArcLayoutMaxHosts = 10;
constexpr std::size_t kMaxFlights = 12;

// The lines under a host's name: its mail domain if it has one, and its address. One line each
// keeps the boxes narrow, so the packets between neighbours have a way to travel.
std::vector<std::string> host_subtitle(const world::HostView& host) {
    if (host.domains.empty())
        return {host.ip};
    return {host.domains.front(), host.ip};
}

bool is_server(const world::HostView& host);
// A big world draws its clients as dots.
bool is_client_dot(const world::HostView& host) {
    return !is_server(host);
}

// Half the width of a host's full box.
float host_half_width(const world::HostView& host, float em) {
    float widest = std::max(ImGui::CalcTextSize(host.name.c_str()).x, em * 5);
    for (const auto& line : host_subtitle(host))
        widest = std::max(widest, ImGui::CalcTextSize(line.c_str()).x);
    return widest * 0.5f + em * 0.5f;
}

// Half the size of a host's box as drawn: a dot for a client of a big world, a name-only box
// for its servers, the full box (name, domain, address) in a small world.
ImVec2 host_half_size(const world::HostView& host, bool compact, float em) {
    if (compact && !is_client_dot(host))
        return ImVec2(std::max(ImGui::CalcTextSize(host.name.c_str()).x, em * 5) * 0.5f + em * 0.5f,
                      em * 0.8f);
    if (compact)
        return ImVec2(em * 0.45f, em * 0.45f);
    const float lines = static_cast<float>(1 + host_subtitle(host).size());
    return ImVec2(host_half_width(host, em),
                  (ImGui::GetTextLineHeight() * lines + em * 0.5f) * 0.5f);
}

std::string role_label(const world::HostView& host) {
    std::string out;
    for (const auto& role : host.roles)
        out += (out.empty() ? "" : ", ") + role;
    return out;
}

bool is_server(const world::HostView& host) {
    for (const auto& role : host.roles)
        if (role != "client")
            return true;
    return false;
}

// The x of each host, left to right in scenario order, packed as tightly as the boxes allow
// when host i shares a row with host i + rows: a row's neighbours keep `gap` between their
// boxes (a packet's way), and every host stays a little right of the one before it so the
// order still reads left to right. Relative to the drawing's left edge.
std::vector<float> packed_xs(const std::vector<float>& halves, std::size_t rows, float gap,
                             float step) {
    std::vector<float> xs(halves.size());
    for (std::size_t i = 0; i < halves.size(); ++i) {
        xs[i] = halves[i];
        if (i > 0)
            xs[i] = std::max(xs[i], xs[i - 1] + step);
        if (i >= rows)
            xs[i] = std::max(xs[i], xs[i - rows] + halves[i - rows] + halves[i] + gap);
    }
    return xs;
}

float packed_width(const std::vector<float>& xs, const std::vector<float>& halves) {
    float right = 0;
    for (std::size_t i = 0; i < xs.size(); ++i)
        right = std::max(right, xs[i] + halves[i]);
    return right;
}

// Small worlds (the lecture's pictures): hosts left to right in scenario order, senders left,
// receivers right, along a shallow arc. When the boxes would (nearly) touch on one arc, leaving
// a packet no way between them, hosts alternate between two rows (neighbours in a row are then
// two steps apart), and on a tile as narrow as a phone's, three; only what does not fit in
// three rows makes the drawing wider than the tile (it then scrolls).
std::map<std::string, ImVec2> lecture_layout(const world::WorldView& view, ImVec2 min, ImVec2 size,
                                             float em) {
    const std::size_t n = view.hosts.size();
    std::vector<float> halves;
    for (const auto& host : view.hosts)
        halves.push_back(host_half_width(host, em));
    const float gap = em * 2.0f, step = em, pad = em * 0.4f;
    const float room = size.x - 2 * pad;
    // The lecture's look on a wide tile: evenly spaced, a margin that keeps the end boxes off
    // the edge.
    const float margin = std::min(std::max(size.x * 0.08f, em * 6.0f), size.x * 0.3f);
    std::vector<float> xs(n);
    for (std::size_t i = 0; i < n; ++i)
        xs[i] = n == 1 ? size.x * 0.5f
                       : margin + (size.x - 2 * margin) * static_cast<float>(i) /
                                      static_cast<float>(n - 1);
    auto fits = [&](const std::vector<float>& at, std::size_t rows) {
        for (std::size_t i = 0; i < n; ++i) {
            if (at[i] - halves[i] < pad - 0.5f || at[i] + halves[i] > size.x - pad + 0.5f)
                return false;
            if (i >= rows && at[i] - at[i - rows] < halves[i] + halves[i - rows] + gap - 0.5f)
                return false;
        }
        return true;
    };
    std::size_t rows = 1;
    if (!fits(xs, 1)) {
        // Evenly spaced in two rows, or packed in the fewest rows that fit, the room left over
        // shared out between the hosts and the two edges.
        rows = fits(xs, 2) ? 2 : 0;
        for (std::size_t r = 1; rows == 0 && r <= 3; ++r)
            if (packed_width(packed_xs(halves, r, gap, step), halves) <= room || r == 3)
                rows = r;
        if (!fits(xs, rows)) {
            xs = packed_xs(halves, rows, gap, step);
            const float slack = std::max(room - packed_width(xs, halves), 0.0f);
            const float edge = std::min(slack * 0.5f, margin) * 0.5f;
            const float between = n > 1 ? (slack - 2 * edge) / static_cast<float>(n - 1) : 0;
            for (std::size_t i = 0; i < n; ++i)
                xs[i] += pad + edge + between * static_cast<float>(i);
        }
    }
    std::map<std::string, ImVec2> at;
    for (std::size_t i = 0; i < n; ++i) {
        const float u = n == 1 ? 0.5f : static_cast<float>(i) / static_cast<float>(n - 1);
        const float arc = std::sin(u * 3.14159265f);
        float y = 0.78f - 0.5f * arc;
        if (rows == 2)
            y = (i % 2 == 0 ? 0.72f : 0.30f) - 0.12f * arc;
        else if (rows == 3)
            y = 0.80f - 0.28f * static_cast<float>(i % 3);
        at[view.hosts[i].name] = ImVec2(min.x + xs[i], min.y + size.y * y);
    }
    return at;
}

// Small worlds: the lecture's layout above. Big worlds: servers on a ring, each one's clients
// fanned out around it (found through the declared links), so 50 hosts stay readable.
std::map<std::string, ImVec2> layout(const world::WorldView& view, ImVec2 min, ImVec2 size,
                                     float em) {
    std::map<std::string, ImVec2> at;
    const std::size_t n = view.hosts.size();
    if (n <= kArcLayoutMaxHosts)
        return lecture_layout(view, min, size, em);
    std::vector<std::string> servers;
    for (const auto& host : view.hosts)
        if (is_server(host))
            servers.push_back(host.name);
    const ImVec2 centre(min.x + size.x * 0.5f, min.y + size.y * 0.5f);
    const float rx = size.x * 0.30f, ry = size.y * 0.30f;
    for (std::size_t i = 0; i < servers.size(); ++i) {
        const float angle = 6.2831853f * static_cast<float>(i) /
                            static_cast<float>(std::max<std::size_t>(servers.size(), 1));
        at[servers[i]] = ImVec2(centre.x + std::cos(angle) * rx, centre.y + std::sin(angle) * ry);
    }
    std::map<std::string, std::vector<std::string>> clients_of;
    std::vector<std::string> loose;
    for (const auto& host : view.hosts) {
        if (is_server(host))
            continue;
        std::string server;
        for (const auto& link : view.links)
            if ((link.a == host.name && at.count(link.b)) ||
                (link.b == host.name && at.count(link.a)))
                server = link.a == host.name ? link.b : link.a;
        if (server.empty())
            loose.push_back(host.name);
        else
            clients_of[server].push_back(host.name);
    }
    for (const auto& [server, clients] : clients_of) {
        const ImVec2 s = at[server];
        const float base = std::atan2(s.y - centre.y, s.x - centre.x);
        for (std::size_t k = 0; k < clients.size(); ++k) {
            const float spread =
                1.2f * (static_cast<float>(k) - (static_cast<float>(clients.size()) - 1) * 0.5f) /
                std::max<float>(static_cast<float>(clients.size()), 1.0f);
            const float a = base + spread;
            at[clients[k]] =
                ImVec2(s.x + std::cos(a) * size.x * 0.16f, s.y + std::sin(a) * size.y * 0.16f);
        }
    }
    for (std::size_t k = 0; k < loose.size(); ++k)
        at[loose[k]] = ImVec2(min.x + size.x * (0.05f + 0.9f * static_cast<float>(k) /
                                                            std::max<float>(loose.size(), 1)),
                              min.y + size.y * 0.95f);
    return at;
}

using HalfSizes = std::map<std::string, ImVec2>;

// Room kept above a box for its badges (queue, mail) and round the drawing's edge.
float badge_room(float em) {
    return em * 0.8f;
}

// The lecture's layout in a drawing of `size`, each box moved, where it would stick out,
// just inside the edge (with its badges above it).
std::map<std::string, ImVec2> fitted_layout(const world::WorldView& view, ImVec2 min, ImVec2 size,
                                            float em, const HalfSizes& halves) {
    auto at = layout(view, min, size, em);
    const float pad = em * 0.3f;
    for (auto& [name, c] : at) {
        const auto half = halves.find(name);
        if (half == halves.end())
            continue;
        const ImVec2 h = half->second;
        const float left = min.x + h.x + pad, right = min.x + size.x - h.x - pad;
        const float top = min.y + h.y + badge_room(em) + pad, bottom = min.y + size.y - h.y - pad;
        c.x = left <= right ? std::clamp(c.x, left, right) : (min.x + size.x * 0.5f);
        c.y = top <= bottom ? std::clamp(c.y, top, bottom) : (min.y + size.y * 0.5f);
    }
    return at;
}

// How much the drawing must grow, sideways and downwards, for no two boxes to meet: for each
// pair that meets, the cheaper of the two stretches that parts them (the layout places hosts
// at fractions of the size, so their distances grow with it).
ImVec2 growth_to_part(const std::map<std::string, ImVec2>& at, const HalfSizes& halves, float gap,
                      float dot_limit) {
    ImVec2 grow(1, 1);
    for (auto a = halves.begin(); a != halves.end(); ++a)
        for (auto b = std::next(a); b != halves.end(); ++b) {
            // Two of a big world's client dots may touch: a crowd of clients still reads as
            // one, and parting them all would blow the ring up past several screens.
            if (a->second.x < dot_limit && b->second.x < dot_limit)
                continue;
            const ImVec2 pa = at.at(a->first), pb = at.at(b->first);
            const float need_x = a->second.x + b->second.x + gap;
            const float need_y = a->second.y + b->second.y + gap;
            const float dx = std::abs(pa.x - pb.x), dy = std::abs(pa.y - pb.y);
            if (dx >= need_x || dy >= need_y)
                continue;
            const float fx = dx > 1.0f ? need_x / dx : 1e9f;
            const float fy = dy > 1.0f ? need_y / dy : 1e9f;
            if (fx <= fy)
                grow.x = std::max(grow.x, std::min(fx, 4.0f));
            else
                grow.y = std::max(grow.y, std::min(fy, 4.0f));
        }
    return grow;
}

// The drawing fills the tile, and grows past it (the tile then scrolls) only as far as the
// boxes need to stay apart at a readable size: text is never shrunk to fit.
ImVec2 drawing_size(const world::WorldView& view, ImVec2 room, float em, const HalfSizes& halves) {
    ImVec2 size(std::max(room.x, em * 20), std::max(room.y, em * 12));
    for (int attempt = 0; attempt < 4; ++attempt) {
        const ImVec2 grow = growth_to_part(fitted_layout(view, ImVec2(0, 0), size, em, halves),
                                           halves, em * 0.4f, em);
        if (grow.x <= 1.0f && grow.y <= 1.0f)
            break;
        // A little more than the stretch asks: the edges keep some boxes from moving with it.
        size = ImVec2(std::ceil(size.x * (grow.x > 1.0f ? grow.x * 1.05f : 1.0f)),
                      std::ceil(size.y * (grow.y > 1.0f ? grow.y * 1.05f : 1.0f)));
    }
    return size;
}

// The inspected message's Received chain as a numbered path over the hosts it crossed, so
// the header's bottom-up list becomes the route the student watched it take.
void draw_received_path(App& app, ImDrawList* draw, const std::map<std::string, ImVec2>& at,
                        ImVec2 min) {
    const InspectedMessage& m = app.state().inspected;
    const Palette& p = palette();
    const float em = ImGui::GetFontSize();
    const ImU32 colour = (p.highlight & 0x00ffffffu) | 0xb0000000u;
    int drawn = 0;
    for (std::size_t i = 0; i < m.path.size(); ++i) {
        const ReceivedHop& hop = m.path[i];
        if (!at.count(hop.from_host) || !at.count(hop.by_host) || hop.from_host == hop.by_host)
            continue;
        const ImVec2 a = at.at(hop.from_host), b = at.at(hop.by_host);
        const float dx = b.x - a.x, dy = b.y - a.y;
        const float len = std::max(std::sqrt(dx * dx + dy * dy), 1.0f);
        const ImVec2 dir(dx / len, dy / len), normal(-dir.y, dir.x);
        // Offset sideways so the path does not hide the link line or the flying packets.
        const ImVec2 off(normal.x * em * 0.5f, normal.y * em * 0.5f);
        const ImVec2 a2(a.x + off.x, a.y + off.y), b2(b.x + off.x, b.y + off.y);
        draw->AddLine(a2, b2, colour, em * 0.3f);
        const ImVec2 mid((a2.x + b2.x) * 0.5f, (a2.y + b2.y) * 0.5f);
        const ImVec2 tip(mid.x + dir.x * em * 0.9f, mid.y + dir.y * em * 0.9f);
        draw->AddTriangleFilled(
            tip, ImVec2(mid.x + normal.x * em * 0.6f, mid.y + normal.y * em * 0.6f),
            ImVec2(mid.x - normal.x * em * 0.6f, mid.y - normal.y * em * 0.6f), colour);
        const std::string number = std::to_string(i + 1);
        const ImVec2 badge(mid.x - dir.x * em * 0.9f, mid.y - dir.y * em * 0.9f);
        draw->AddCircleFilled(badge, em * 0.65f, colour);
        const ImVec2 ts = ImGui::CalcTextSize(number.c_str());
        draw->AddText(ImVec2(badge.x - ts.x * 0.5f, badge.y - ts.y * 0.5f), IM_COL32(0, 0, 0, 255),
                      number.c_str());
        if (ImGui::IsMouseHoveringRect(ImVec2(badge.x - em * 0.7f, badge.y - em * 0.7f),
                                       ImVec2(badge.x + em * 0.7f, badge.y + em * 0.7f)))
            ImGui::SetTooltip("Received: %s", hop.value.c_str());
        ++drawn;
    }
    if (drawn > 0) {
        const std::string legend = std::string(app.tr("topology.received_path")) + ": " + m.title;
        draw->AddText(ImVec2(min.x + em * 0.5f, min.y + em * 0.3f), colour, legend.c_str());
    }
}

// Where a line from the centre of `box` towards `to` leaves the box, as a fraction of it.
float leaving_fraction(const LayoutRect& box, ImVec2 from, ImVec2 to) {
    const float dx = std::abs(to.x - from.x), dy = std::abs(to.y - from.y);
    const float half_w = (box.max.x - box.min.x) * 0.5f, half_h = (box.max.y - box.min.y) * 0.5f;
    float t = 1.0f;
    if (dx > 1e-3f)
        t = std::min(t, half_w / dx);
    if (dy > 1e-3f)
        t = std::min(t, half_h / dy);
    return t;
}

// Packets in the air over everything else, each from the edge of its sender's box to the edge
// of its receiver's, and their texts beside them: the newest first, never over a host, a
// badge or another packet's text.
void draw_flights(App& app, ImDrawList* draw, const std::map<std::string, ImVec2>& at,
                  const std::map<std::string, LayoutRect>& boxes,
                  const std::vector<LayoutRect>& obstacles, const LayoutRect& bounds) {
    const AppState& state = app.state();
    const auto& events = app.session().trace().events();
    const float em = ImGui::GetFontSize();
    const double now = ImGui::GetTime();
    struct Shown {
        const world::Event* event;
        std::uint64_t index;
        ImVec2 pos;
        std::string label;
    };
    std::vector<Shown> shown;
    for (auto f = state.flights.rbegin(); f != state.flights.rend(); ++f) {
        const world::Event& e = events[f->event];
        const std::string& from = message_sender(e);
        const std::string& to = message_receiver(e);
        if (!at.count(from) || !at.count(to))
            continue;
        const ImVec2 a = at.at(from), b = at.at(to);
        float start = 0, end = 1;
        if (auto box = boxes.find(from); box != boxes.end())
            start = leaving_fraction(box->second, a, b);
        if (auto box = boxes.find(to); box != boxes.end())
            end = 1.0f - leaving_fraction(box->second, b, a);
        if (end < start)
            start = end = 0.5f;
        const double progress =
            std::clamp((now - f->started) / std::max(f->seconds, 0.01), 0.0, 1.0);
        const float u = start + (end - start) * static_cast<float>(progress);
        std::string label = utf8_shortened(event_label(e), 40, kEllipsis);
        shown.push_back(
            {&e, f->event, ImVec2(a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u), std::move(label)});
    }
    std::vector<LabelRequest> requests;
    std::vector<LayoutRect> taken = obstacles;
    for (const Shown& s : shown) {
        const ImVec2 text = ImGui::CalcTextSize(s.label.c_str());
        requests.push_back({s.pos, ImVec2(text.x + em * 0.5f, text.y + em * 0.2f)});
        // The dots too: a label must not hide another packet.
        taken.push_back(LayoutRect::centred(s.pos, ImVec2(em * 0.8f, em * 0.8f)));
    }
    const auto placed = place_labels(requests, taken, bounds, em * 0.15f);
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const Shown& s = shown[i];
        const ImU32 colour = event_colour(*s.event);
        draw->AddCircleFilled(s.pos, em * 0.35f, colour);
        const std::string id = std::to_string(s.index);
        app.bridge().record("topology.packet." + id,
                            ImVec2(s.pos.x - em * 0.35f, s.pos.y - em * 0.35f),
                            ImVec2(s.pos.x + em * 0.35f, s.pos.y + em * 0.35f));
        if (!placed[i])
            continue;
        const LayoutRect& r = *placed[i];
        draw->AddRectFilled(r.min, r.max, IM_COL32(0, 0, 0, 200), em * 0.2f);
        draw->AddText(ImVec2(r.min.x + em * 0.25f, r.min.y + em * 0.1f), colour, s.label.c_str());
        app.bridge().record("topology.packet_label." + id, r.min, r.max);
    }
}

bool is_mta(const world::HostView& host) {
    return std::find(host.roles.begin(), host.roles.end(), "mta") != host.roles.end();
}

float distance_to_rect(ImVec2 p, const LayoutRect& r) {
    const float dx = std::max({r.min.x - p.x, 0.0f, p.x - r.max.x});
    const float dy = std::max({r.min.y - p.y, 0.0f, p.y - r.max.y});
    return std::sqrt(dx * dx + dy * dy);
}

// How near the nearest packet path comes to `box`: the straight lines between hosts joined by
// a link, and between mail servers (relays need no link of their own), sampled along.
float path_clearance(const LayoutRect& box, const world::WorldView& view,
                     const std::map<std::string, ImVec2>& at) {
    float nearest = 1e9f;
    auto along = [&](ImVec2 a, ImVec2 b) {
        for (int i = 0; i <= 24; ++i) {
            const float t = static_cast<float>(i) / 24.0f;
            nearest = std::min(
                nearest,
                distance_to_rect(ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), box));
        }
    };
    for (const auto& link : view.links)
        if (at.count(link.a) && at.count(link.b))
            along(at.at(link.a), at.at(link.b));
    for (std::size_t i = 0; i < view.hosts.size(); ++i)
        for (std::size_t k = i + 1; k < view.hosts.size(); ++k)
            if (is_mta(view.hosts[i]) && is_mta(view.hosts[k]) && at.count(view.hosts[i].name) &&
                at.count(view.hosts[k].name))
                along(at.at(view.hosts[i].name), at.at(view.hosts[k].name));
    return nearest;
}

// Where the resolver's box goes in a small world: of the free spots over the drawing, the one
// farthest from every packet path, so the packets and their labels keep the middle (the
// lecture's 1366x768 screen put it among them), the lower middle where several are as far.
std::optional<LayoutRect> quiet_spot(ImVec2 size, const world::WorldView& view,
                                     const std::map<std::string, ImVec2>& at,
                                     const std::vector<LayoutRect>& obstacles,
                                     const LayoutRect& bounds, float em) {
    std::optional<LayoutRect> best;
    float best_score = -1e9f;
    const ImVec2 extent(bounds.max.x - bounds.min.x, bounds.max.y - bounds.min.y);
    for (int row = 1; row <= 6; ++row)
        for (int column = 1; column <= 9; ++column) {
            const ImVec2 anchor(bounds.min.x + extent.x * 0.1f * static_cast<float>(column),
                                bounds.min.y + extent.y * 0.14f * static_cast<float>(row));
            const auto placed =
                place_labels({LabelRequest{anchor, size}}, obstacles, bounds, em * 0.4f);
            if (!placed.front())
                continue;
            const LayoutRect& box = *placed.front();
            const ImVec2 c((box.min.x + box.max.x) * 0.5f, (box.min.y + box.max.y) * 0.5f);
            const float off_middle = std::abs(c.x - (bounds.min.x + extent.x * 0.5f)) +
                                     std::abs(c.y - (bounds.min.y + extent.y * 0.8f));
            // Clearance counts up to a few ems; past that the lower middle wins.
            const float score =
                std::min(path_clearance(box, view, at), em * 3.0f) - off_middle * 0.02f;
            if (score > best_score) {
                best_score = score;
                best = box;
            }
        }
    return best;
}

// The world's stub resolver, which the mail servers ask for MX and A records before every
// delivery: no host of the scenario, so it gets a node of its own (a scenario with a DNS
// server host needs none: its queries already fly to that host). It goes where it covers no
// host, badge or the Internet cloud, near the middle (the mail servers it answers sit along
// the arc above it, or on the ring round it), and becomes a place packets fly to and from.
void draw_resolver(App& app, ImDrawList* draw, const world::WorldView& view,
                   std::map<std::string, ImVec2>& at, std::map<std::string, LayoutRect>& boxes,
                   std::vector<LayoutRect>& obstacles, const LayoutRect& bounds) {
    const world::World* world = app.session().world();
    if (!world || !world->scenario().dns_server.empty() ||
        std::none_of(view.hosts.begin(), view.hosts.end(), is_mta))
        return;
    const Palette& p = palette();
    const float em = ImGui::GetFontSize();
    const char* name = app.tr("sequence.resolver");
    const ImVec2 text = ImGui::CalcTextSize(name);
    const ImVec2 size(text.x + em * 1.2f, ImGui::GetTextLineHeight() + em * 0.6f);
    const bool compact = view.hosts.size() > kArcLayoutMaxHosts;
    const ImVec2 anchor((bounds.min.x + bounds.max.x) * 0.5f,
                        bounds.min.y + (bounds.max.y - bounds.min.y) * (compact ? 0.5f : 0.58f));
    const auto placed =
        compact ? place_labels({LabelRequest{anchor, size}}, obstacles, bounds, em * 0.4f)
                : std::vector<std::optional<LayoutRect>>{
                      quiet_spot(size, view, at, obstacles, bounds, em)};
    const LayoutRect box =
        placed.front() ? *placed.front()
                       : LayoutRect::centred(ImVec2(bounds.max.x - size.x * 0.5f - em * 0.3f,
                                                    bounds.min.y + size.y * 0.5f + em * 1.6f),
                                             size);
    const ImVec2 c((box.min.x + box.max.x) * 0.5f, (box.min.y + box.max.y) * 0.5f);
    // Thin lines to the servers that ask it, from box edge to box edge (the host boxes are
    // drawn already: a line must not cross out a name).
    for (const auto& host : view.hosts) {
        if (!is_mta(host) || !at.count(host.name) || !boxes.count(host.name))
            continue;
        const ImVec2 h = at.at(host.name);
        const float from = leaving_fraction(box, c, h);
        const float to = 1.0f - leaving_fraction(boxes.at(host.name), h, c);
        if (to <= from)
            continue;
        draw->AddLine(ImVec2(c.x + (h.x - c.x) * from, c.y + (h.y - c.y) * from),
                      ImVec2(c.x + (h.x - c.x) * to, c.y + (h.y - c.y) * to),
                      (p.dns & 0x00ffffffu) | 0x90000000u, 1.5f);
    }
    draw->AddRectFilled(box.min, box.max, p.host_fill, 6.0f);
    draw->AddRect(box.min, box.max, p.dns, 6.0f, 0, 1.5f);
    draw->AddText(ImVec2(c.x - text.x * 0.5f, c.y - text.y * 0.5f),
                  ImGui::GetColorU32(ImGuiCol_Text), name);
    at[kResolverPeer] = c;
    boxes[kResolverPeer] = box;
    obstacles.push_back(box);
    app.bridge().record("topology.resolver", box.min, box.max);
    if (ImGui::IsMouseHoveringRect(box.min, box.max))
        ImGui::SetTooltip("%s", app.tr("topology.resolver_hint"));
}

} // namespace

// Collects the events that the position moved past as flights for the animation: as long as
// the presentation clock shows each one while playing, half a second for a step.
void collect_flights(App& app) {
    AppState& state = app.state();
    Session& session = app.session();
    const auto& events = session.trace().events();
    const std::size_t position = std::min(session.position(), events.size());
    if (position < state.last_position)
        state.flights.clear(); // stepped back: nothing is in the air
    const bool playing = state.playback.playing;
    const std::size_t from =
        std::max(state.last_position, position > kMaxFlights ? position - kMaxFlights : 0);
    for (std::size_t i = std::min(from, position); i < position; ++i)
        if (is_message_between_hosts(events[i]))
            state.flights.push_back(Flight{i, ImGui::GetTime(),
                                           playing ? flight_seconds(events[i], state.playback.speed)
                                                   : kStepFlightSeconds});
    state.last_position = position;
    const double now = ImGui::GetTime();
    // When stepping, the newest packet stays parked at its receiver, label and all, until the
    // next move (a step onto a state change keeps the message before it in view).
    const std::uint64_t newest = state.flights.empty() ? UINT64_MAX : state.flights.back().event;
    std::erase_if(state.flights, [&](const Flight& f) {
        const bool parked = !playing && f.event == newest;
        return (now - f.started > f.seconds && !parked) || f.event >= events.size();
    });
    if (state.flights.size() > kMaxFlights)
        state.flights.erase(state.flights.begin(), state.flights.end() - kMaxFlights);
}

void draw_topology_panel(App& app, bool* open) {
    collect_flights(app);
    if (!begin_panel(app, "topology", open)) {
        ImGui::End();
        return;
    }
    Session& session = app.session();
    AppState& state = app.state();
    const world::WorldView& view = session.view();
    const Palette& p = palette();
    const float em = ImGui::GetFontSize();
    const bool compact = view.hosts.size() > kArcLayoutMaxHosts;
    HalfSizes halves;
    for (const auto& host : view.hosts)
        halves[host.name] = host_half_size(host, compact, em);
    // The graph in a view of its own that scrolls both ways when it is bigger than the tile.
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const ImVec2 fitted = drawing_size(view, room, em, halves);
    const bool scrolls = fitted.x > room.x + 0.5f || fitted.y > room.y + 0.5f;
    ImGui::BeginChild("##graph", room, false,
                      ImGuiWindowFlags_HorizontalScrollbar |
                          (scrolls ? 0 : ImGuiWindowFlags_NoScrollbar));
    app.bridge().record("topology.view", ImGui::GetWindowPos(),
                        ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                               ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    // Where a scrollbar takes room, the drawing keeps to the rest.
    const ImVec2 inner = ImGui::GetContentRegionAvail();
    const ImVec2 size(std::max(fitted.x, inner.x), std::max(fitted.y, inner.y));
    const ImVec2 min = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##canvas", size);
    const bool canvas_clicked = ImGui::IsItemClicked();
    app.bridge().record_last_item("topology.canvas");
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(min, ImVec2(min.x + size.x, min.y + size.y), true);
    auto at = fitted_layout(view, min, size, em, halves);
    place_edited_hosts(app, at, min, size);
    const ImVec2 cloud(min.x + size.x * 0.5f, min.y + size.y * 0.9f);

    // Links: declared ones straight, the rest through the Internet cloud.
    std::map<std::string, bool> declared;
    for (const auto& link : view.links) {
        if (!at.count(link.a) || !at.count(link.b))
            continue;
        declared[link.a] = declared[link.b] = true;
        const ImU32 colour = link.up ? p.link : p.reply_5yz;
        draw->AddLine(at.at(link.a), at.at(link.b), colour, link.store_and_forward ? 4.0f : 2.0f);
    }
    bool cloud_used = false;
    for (const auto& host : view.hosts)
        if (!declared.count(host.name)) {
            draw->AddLine(at.at(host.name), cloud, p.link, 1.0f);
            cloud_used = true;
        }
    std::vector<LayoutRect> cloud_box;
    if (cloud_used) {
        cloud_box.push_back(LayoutRect{ImVec2(cloud.x - em * 3.2f, cloud.y - em * 1.1f),
                                       ImVec2(cloud.x + em * 3.2f, cloud.y + em * 1.1f)});
        draw->AddRectFilled(ImVec2(cloud.x - em * 3.2f, cloud.y - em * 1.1f),
                            ImVec2(cloud.x + em * 3.2f, cloud.y + em * 1.1f), p.host_fill,
                            em * 1.1f);
        draw->AddText(ImVec2(cloud.x - ImGui::CalcTextSize(app.tr("topology.internet")).x * 0.5f,
                             cloud.y - em * 0.5f),
                      p.text_dim, app.tr("topology.internet"));
    }

    draw_received_path(app, draw, at, min);

    // Hosts with badges. Big worlds draw clients as dots (their names on hover). Their boxes
    // are what the packets' labels keep clear of.
    std::map<std::string, LayoutRect> boxes;
    std::vector<LayoutRect> obstacles = cloud_box;
    for (const auto& host : view.hosts) {
        const ImVec2 c = at.at(host.name);
        if (compact && is_client_dot(host)) {
            const float r = halves.at(host.name).x;
            const bool selected = state.selection.host == host.name;
            draw->AddCircleFilled(c, r, host.up ? p.host_border : p.reply_5yz);
            if (selected)
                draw->AddCircle(c, r * 1.6f, p.highlight, 0, 2.0f);
            const ImVec2 hit_min(c.x - r, c.y - r), hit_max(c.x + r, c.y + r);
            app.bridge().record("topology.host." + host.name, hit_min, hit_max);
            boxes[host.name] = LayoutRect{hit_min, hit_max};
            obstacles.push_back(boxes[host.name]);
            if (ImGui::IsMouseHoveringRect(hit_min, hit_max)) {
                ImGui::SetTooltip("%s\n%s", host.name.c_str(), host.ip.c_str());
                if (canvas_clicked)
                    state.selection.host = host.name;
            }
            continue;
        }
        const std::vector<std::string> sub =
            compact ? std::vector<std::string>() : host_subtitle(host);
        const ImVec2 name_size = ImGui::CalcTextSize(host.name.c_str());
        const float half_w = halves.at(host.name).x, half_h = halves.at(host.name).y;
        const float line = ImGui::GetTextLineHeight();
        const ImVec2 box_min(c.x - half_w, c.y - half_h), box_max(c.x + half_w, c.y + half_h);
        const bool selected = state.selection.host == host.name;
        boxes[host.name] = LayoutRect{box_min, box_max};
        obstacles.push_back(boxes[host.name]);
        draw->AddRectFilled(box_min, box_max, p.host_fill, 6.0f);
        draw->AddRect(box_min, box_max, selected ? p.highlight : p.host_border, 6.0f, 0,
                      selected ? 3.0f : 1.5f);
        float text_y = compact ? c.y - name_size.y * 0.5f : box_min.y + em * 0.25f;
        draw->AddText(ImVec2(c.x - name_size.x * 0.5f, text_y), ImGui::GetColorU32(ImGuiCol_Text),
                      host.name.c_str());
        for (const auto& text : sub) {
            text_y += line;
            draw->AddText(ImVec2(c.x - ImGui::CalcTextSize(text.c_str()).x * 0.5f, text_y),
                          p.text_dim, text.c_str());
        }
        if (!host.up) {
            draw->AddLine(box_min, box_max, p.reply_5yz, 3.0f);
            draw->AddLine(ImVec2(box_min.x, box_max.y), ImVec2(box_max.x, box_min.y), p.reply_5yz,
                          3.0f);
        }
        // Badges: outgoing queue (recipients waiting) and mail stored for this host's users.
        std::size_t queued = 0;
        if (auto q = view.queues.find(host.name); q != view.queues.end())
            for (const auto& entry : q->second)
                queued += entry.rcpts.size();
        std::size_t stored = 0;
        for (const auto& [user, mailbox] : view.mailboxes)
            if (mailbox.host == host.name)
                for (const auto& [folder, messages] : mailbox.folders)
                    stored += messages.size();
        float badge_x = box_max.x;
        auto badge = [&](const char* glyph, std::size_t count, ImU32 colour) {
            const std::string text = std::string(glyph) + " " + std::to_string(count);
            const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
            const ImVec2 b_min(badge_x - ts.x - em * 0.6f, box_min.y - em * 0.7f);
            draw->AddRectFilled(b_min, ImVec2(badge_x, b_min.y + ts.y + 4), colour, 8.0f);
            obstacles.push_back(LayoutRect{b_min, ImVec2(badge_x, b_min.y + ts.y + 4)});
            draw->AddText(ImVec2(b_min.x + em * 0.3f, b_min.y + 2), IM_COL32(0, 0, 0, 255),
                          text.c_str());
            badge_x = b_min.x - em * 0.3f;
        };
        if (queued > 0)
            badge(app.tr("topology.badge.queue"), queued, p.reply_4yz);
        if (stored > 0)
            badge(app.tr("topology.badge.mail"), stored, p.reply_2yz);
        const bool hovered = ImGui::IsMouseHoveringRect(box_min, box_max);
        app.bridge().record("topology.host." + host.name, box_min, box_max);
        if (hovered) {
            ImGui::SetTooltip("%s\n%s: %s\n%s: %s\n%s: %zu  %s: %zu", host.name.c_str(),
                              app.tr("topology.address"), host.ip.c_str(), app.tr("topology.roles"),
                              role_label(host).c_str(), app.tr("topology.queue"), queued,
                              app.tr("topology.stored"), stored);
            if (canvas_clicked)
                state.selection.host = host.name;
        }
    }
    const LayoutRect bounds{min, ImVec2(min.x + size.x, min.y + size.y)};
    draw_resolver(app, draw, view, at, boxes, obstacles, bounds);
    draw_flights(app, draw, at, boxes, obstacles, bounds);
    draw_world_edit_layer(app, draw, at, boxes, min, size);
    draw->PopClipRect();
    ImGui::EndChild();
    ImGui::End();
}

} // namespace mailsim::ui
