// The topology in edit mode: a click on the empty canvas places the palette's host there, a
// host dragged moves (one undo step per drag), the link tool joins two clicked hosts, and a
// click near a link selects it for the properties. Everything becomes a posted world edit.
#include "world_editor.h"

#include "ui/app/app.h"
#include "ui/style/theme.h"
#include "ui/widgets/event_style.h"

#include <algorithm>
#include <cmath>

namespace mailsim::ui {
namespace {

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float length2 = dx * dx + dy * dy;
    float t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0;
    t = std::clamp(t, 0.0f, 1.0f);
    const float x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
    return std::sqrt(x * x + y * y);
}

std::string host_under(const std::map<std::string, LayoutRect>& boxes, ImVec2 p) {
    for (const auto& [name, box] : boxes)
        if (name != kResolverPeer && box.inflated(2).contains(p))
            return name;
    return {};
}

} // namespace

void place_edited_hosts(App& app, std::map<std::string, ImVec2>& at, ImVec2 min, ImVec2 size) {
    const WorldEditState& edit = app.state().world_edit;
    const world::World* world = app.session().world();
    const world::Scenario* design = edit.active && edit.bound ? &edit.editor.scenario()
                                    : world                   ? &world->scenario()
                                                              : nullptr;
    if (!design)
        return;
    for (const auto& host : design->hosts)
        if (host.x && host.y && at.count(host.name))
            at[host.name] = ImVec2(min.x + static_cast<float>(*host.x) * size.x,
                                   min.y + static_cast<float>(*host.y) * size.y);
}

void draw_world_edit_layer(App& app, ImDrawList* draw, const std::map<std::string, ImVec2>& at,
                           const std::map<std::string, LayoutRect>& boxes, ImVec2 min,
                           ImVec2 size) {
    WorldEditState& edit = app.state().world_edit;
    if (!edit.active || !edit.bound)
        return;
    const Palette& p = palette();
    const float em = ImGui::GetFontSize();
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 mouse = io.MousePos;
    const LayoutRect canvas{min, ImVec2(min.x + size.x, min.y + size.y)};
    // The canvas is one invisible button, active from the press on: the window counts as
    // hovered through it.
    const bool inside = canvas.contains(mouse) &&
                        ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    const auto fx = [&](ImVec2 q) { return static_cast<double>((q.x - min.x) / size.x); };
    const auto fy = [&](ImVec2 q) { return static_cast<double>((q.y - min.y) / size.y); };
    const world::Scenario& design = edit.editor.scenario();
    app.bridge().record("editor.canvas", canvas.min, canvas.max);

    // Links, for the selection and the test bridge (their middle is where a click picks one).
    std::string link_hit_a, link_hit_b;
    for (const auto& link : design.links) {
        if (!at.count(link.a) || !at.count(link.b))
            continue;
        const ImVec2 a = at.at(link.a), b = at.at(link.b);
        const ImVec2 mid((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
        app.bridge().record("editor.link." + link.a + "-" + link.b,
                            ImVec2(mid.x - em * 0.3f, mid.y - em * 0.3f),
                            ImVec2(mid.x + em * 0.3f, mid.y + em * 0.3f));
        const bool selected =
            edit.link_a == link.a && edit.link_b == link.b && app.state().selection.host.empty();
        if (selected)
            draw->AddLine(a, b, p.highlight, 5.0f);
        if (inside && link_hit_a.empty() && distance_to_segment(mouse, a, b) < em * 0.5f) {
            link_hit_a = link.a;
            link_hit_b = link.b;
        }
    }

    const std::string hit = inside ? host_under(boxes, mouse) : std::string();
    if (inside && ImGui::IsMouseClicked(0)) {
        if (edit.placing && hit.empty()) {
            post_world_edit(app, world::AddHost{*edit.placing, "", "", fx(mouse), fy(mouse)});
            edit.placing.reset();
        } else if (edit.linking && !hit.empty()) {
            if (edit.link_from.empty()) {
                edit.link_from = hit;
            } else if (edit.link_from != hit) {
                post_world_edit(app,
                                world::Connect{edit.link_from, hit, design.default_latency, 0});
                edit.link_from.clear();
            }
        } else if (!hit.empty()) {
            app.state().selection.host = hit;
            edit.dragging = hit;
            edit.grab_dx = fx(mouse) - fx(at.at(hit));
            edit.grab_dy = fy(mouse) - fy(at.at(hit));
        } else if (!link_hit_a.empty()) {
            app.state().selection.host.clear();
            edit.link_a = link_hit_a;
            edit.link_b = link_hit_b;
        } else {
            app.state().selection.host.clear();
            edit.link_a.clear();
            edit.link_b.clear();
        }
    }
    if (!edit.dragging.empty()) {
        if (!ImGui::IsMouseDown(0)) {
            edit.editor.end_gesture();
            edit.dragging.clear();
        } else if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) {
            post_world_edit(app, world::MoveHost{edit.dragging, fx(mouse) - edit.grab_dx,
                                                 fy(mouse) - edit.grab_dy});
        }
    }

    // What the tool does next, in the corner, and the link being drawn.
    const char* hint = edit.placing   ? app.tr("editor.hint.place")
                       : edit.linking ? app.tr(edit.link_from.empty() ? "editor.hint.link_first"
                                                                      : "editor.hint.link_second")
                                      : app.tr("editor.hint.edit");
    draw->AddText(ImVec2(min.x + em * 0.5f, min.y + size.y - em * 1.5f), p.highlight, hint);
    if (edit.linking && !edit.link_from.empty() && at.count(edit.link_from)) {
        draw->AddLine(at.at(edit.link_from), mouse, p.highlight, 2.0f);
        if (auto box = boxes.find(edit.link_from); box != boxes.end())
            draw->AddRect(box->second.min, box->second.max, p.highlight, 6.0f, 0, 3.0f);
    }
    if (edit.placing && inside && hit.empty())
        draw->AddCircle(mouse, em * 0.8f, p.highlight, 0, 2.0f);
}

} // namespace mailsim::ui
