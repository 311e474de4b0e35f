// The protocol state machine of the selected session, drawn from the engine's own transition
// table: the current state lit, the transition just taken pulsing.
#include "panels.h"

#include "sim/core/bytes.h"
#include "ui/app/app.h"
#include "ui/app/layout.h"
#include "ui/style/theme.h"
#include "ui/widgets/state_diagram.h"

#include <imgui.h>

#include <cmath>
#include <vector>

namespace mailsim::ui {
namespace {

struct Focus {
    world::ConnId conn = 0;
    world::Proto proto = world::Proto::None;
    std::string state, previous;
    std::string server;
};

// The selected connection, else the one that changed state most recently.
Focus find_focus(App& app) {
    const auto& events = app.session().trace().events();
    const std::size_t end = std::min(app.session().position(), events.size());
    Focus focus;
    focus.conn = app.state().selection.conn;
    for (std::size_t i = end; i-- > 0;) {
        const auto& e = events[i];
        if (e.kind != world::EventKind::StateChange || e.conn == 0)
            continue;
        if (focus.conn != 0 && e.conn != focus.conn)
            continue;
        if (focus.state.empty()) {
            focus.conn = e.conn;
            focus.proto = e.proto;
            focus.state = e.state;
            focus.server = e.host;
        } else {
            focus.previous = e.state;
            break;
        }
    }
    return focus;
}

void draw_diagram(App& app, const StateDiagram& diagram, const Focus& focus) {
    const Palette& p = palette();
    const float em = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const size_t n = diagram.states.size();
    const float width = std::max(avail.x, em * 30);
    const float height = std::max(avail.y, em * 14);
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // States on an ellipse so every edge has room for its label.
    std::vector<ImVec2> at(n);
    const ImVec2 centre(origin.x + width * 0.5f, origin.y + height * 0.5f);
    for (size_t i = 0; i < n; ++i) {
        const float angle =
            3.14159265f * (1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(n));
        at[i] = ImVec2(centre.x + std::cos(angle) * width * 0.38f,
                       centre.y + std::sin(angle) * height * 0.36f);
    }
    const int current = diagram.find(focus.state);
    const int previous = diagram.find(focus.previous);
    const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 6.0f);
    for (const auto& edge : diagram.edges) {
        const bool taken = edge.from == previous && edge.to == current;
        const ImU32 colour = taken ? p.highlight : edge.failure ? p.reply_5yz : p.link;
        const float thickness = taken ? 2.0f + 2.0f * pulse : 1.2f;
        if (edge.from == edge.to) {
            const ImVec2 c = at[static_cast<size_t>(edge.from)];
            const ImVec2 loop(c.x, c.y - em * 2.2f);
            draw->AddCircle(loop, em * 0.9f, colour, 16, thickness);
            std::string label =
                edge.label.size() > 36 ? edge.label.substr(0, 33) + "..." : edge.label;
            const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
            draw->AddText(ImVec2(loop.x - ts.x * 0.5f, loop.y - em * 2.0f), p.text_dim,
                          label.c_str());
            continue;
        }
        const ImVec2 a = at[static_cast<size_t>(edge.from)], b = at[static_cast<size_t>(edge.to)];
        // Bend each edge to its right so A->B and B->A do not overlap.
        const ImVec2 mid((a.x + b.x) * 0.5f - (b.y - a.y) * 0.15f,
                         (a.y + b.y) * 0.5f + (b.x - a.x) * 0.15f);
        draw->AddBezierQuadratic(a, mid, b, colour, thickness);
        const ImVec2 dir(b.x - mid.x, b.y - mid.y);
        const float len = std::sqrt(dir.x * dir.x + dir.y * dir.y) + 0.001f;
        const ImVec2 u(dir.x / len, dir.y / len);
        const ImVec2 tip(b.x - u.x * em * 1.4f, b.y - u.y * em * 1.4f);
        draw->AddTriangleFilled(tip,
                                ImVec2(tip.x - u.x * em * 0.6f - u.y * em * 0.3f,
                                       tip.y - u.y * em * 0.6f + u.x * em * 0.3f),
                                ImVec2(tip.x - u.x * em * 0.6f + u.y * em * 0.3f,
                                       tip.y - u.y * em * 0.6f - u.x * em * 0.3f),
                                colour);
        std::string label = edge.label.size() > 30 ? edge.label.substr(0, 27) + "..." : edge.label;
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        draw->AddText(ImVec2(mid.x - ts.x * 0.5f, mid.y - ts.y * 0.5f),
                      taken ? p.highlight : p.text_dim, label.c_str());
    }
    for (size_t i = 0; i < n; ++i) {
        const std::string& name = diagram.states[i].name;
        const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
        const ImVec2 min(at[i].x - ts.x * 0.5f - em * 0.7f, at[i].y - em * 0.9f);
        const ImVec2 max(at[i].x + ts.x * 0.5f + em * 0.7f, at[i].y + em * 0.9f);
        const bool lit = static_cast<int>(i) == current;
        draw->AddRectFilled(min, max, lit ? p.highlight : p.host_fill, em * 0.9f);
        draw->AddRect(min, max, p.host_border, em * 0.9f, 0, lit ? 3.0f : 1.5f);
        draw->AddText(ImVec2(at[i].x - ts.x * 0.5f, at[i].y - ts.y * 0.5f),
                      lit ? IM_COL32(0, 0, 0, 255) : ImGui::GetColorU32(ImGuiCol_Text),
                      name.c_str());
        if (ImGui::IsMouseHoveringRect(min, max) && app.strings().has(diagram.states[i].key))
            ImGui::SetTooltip("%s", app.tr(diagram.states[i].key));
    }
}

} // namespace

void draw_state_machine_panel(App& app, bool* open) {
    place_panel("state_machine", app.state().reset_layout);
    if (!ImGui::Begin(app.window_title("panel.state_machine", "state_machine").c_str(), open)) {
        ImGui::End();
        return;
    }
    const Focus focus = find_focus(app);
    const StateDiagram& diagram = diagram_for(focus.proto);
    if (diagram.states.empty()) {
        ImGui::TextWrapped("%s", app.tr("state_machine.none"));
        ImGui::End();
        return;
    }
    ImGui::Text("%s  #%llu  %s: %s", diagram.title.c_str(),
                static_cast<unsigned long long>(focus.conn), app.tr("state_machine.state"),
                focus.state.c_str());
    draw_diagram(app, diagram, focus);
    ImGui::End();
}

} // namespace mailsim::ui
