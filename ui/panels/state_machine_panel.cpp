// The protocol state machine of the selected session, drawn from the engine's own transition
// table: the current state lit, the transition just taken highlighted with a dot travelling
// along it. SMTP has a server and a client machine; the user picks the side.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/machine_focus.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/compact_diagram.h"
#include "ui/widgets/diagram_layout.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/state_diagram.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

constexpr double kTravelSeconds = 0.9;
// A tile with fewer lines than this under the side buttons is short: its heading is kept to
// two lines so the figure gets the rest.
constexpr float kShortTileLines = 16.0f;

ImVec2 shift(ImVec2 p, ImVec2 by) {
    return ImVec2(p.x + by.x, p.y + by.y);
}

std::vector<std::string> state_texts(App& app, const StateDiagram& diagram) {
    std::vector<std::string> names;
    for (const auto& state : diagram.states)
        names.push_back(state.text_key.empty() ? state.name : app.tr(state.text_key));
    return names;
}

// The arrows the last move took: the "any state" arrow when the move came from a 421 or a lost
// connection (or when no other way exists), else the direct one or the two through the choice
// point.
std::vector<int> taken_edges(const StateDiagram& diagram, const MachineFocus& focus,
                             const world::Trace& trace) {
    if (!focus.moved)
        return {};
    // The reply that made the move: the last one on the connection up to the move.
    StateDiagram::Reply reply = StateDiagram::Reply::Unknown;
    const auto& events = trace.events();
    for (std::size_t i = std::min<std::size_t>(focus.moved_at + 1, events.size()); i-- > 0;)
        if (events[i].conn == focus.conn && events[i].kind == world::EventKind::Reply) {
            reply = events[i].code >= 400 ? StateDiagram::Reply::Refused
                                          : StateDiagram::Reply::Accepted;
            break;
        }
    const int from = diagram.find(focus.previous), to = diagram.find(focus.state);
    const int any = diagram.find(kAnyStateName);
    const int any_edge = any >= 0 ? diagram.find_edge(any, to) : -1;
    if (focus.via_any_state && any_edge >= 0)
        return {any_edge};
    std::vector<int> path = diagram.path(from, to, reply);
    if (path.empty() && any_edge >= 0)
        path.push_back(any_edge);
    return path;
}

// The most a diagram's text grows over the UI's to fill a big tile (a projector's screen).
constexpr float kMaxGrowth = 2.5f;

// Lays the diagram out for the room there is: its text at the UI's size at least, never
// smaller, and larger when the room allows, as large as fits both its width and its height.
// Where the textbook figure does not fit at the UI's size (a laptop's short tile, a phone), the
// compact one is re-flowed into the tile's shape instead; only what fits neither scrolls.
const DiagramLayout& layout_for(App& app, const StateDiagram& diagram, ImVec2 room, float& em) {
    StateMachineView& view = app.state_machine_view();
    const float font = ImGui::GetFontSize();
    const std::string language = app.tr("state_machine.any_state");
    if (view.laid_out != &diagram || std::abs(view.layout_width - room.x) > 1 ||
        std::abs(view.layout_height - room.y) > 1 || view.layout_language != language ||
        std::abs(view.layout_font - font) > 0.01f) {
        const auto names = state_texts(app, diagram);
        auto lay_out = [&](float k, ImVec2 available) {
            return layout_diagram(diagram, names, available, font * k, [&](std::string_view text) {
                const ImVec2 s = ImGui::CalcTextSize(text.data(), text.data() + text.size());
                return ImVec2(s.x * k, s.y * k);
            });
        };
        auto fits = [&](const DiagramLayout& layout) {
            return layout.size.x <= room.x + 1 && layout.size.y <= room.y + 1;
        };
        // The figure spreads into the room it is given, so how big its text may be is found on
        // the compact figure (no room to spread into): grow while that still fits.
        float k = 1.0f;
        DiagramLayout compact = lay_out(k, ImVec2(0, 0));
        if (fits(compact)) {
            float grow = std::min({room.x / compact.size.x, room.y / compact.size.y, kMaxGrowth});
            for (int attempt = 0; attempt < 6 && grow > 1.02f; ++attempt) {
                const float next = std::min(k * grow, kMaxGrowth);
                DiagramLayout bigger = lay_out(next, ImVec2(0, 0));
                if (fits(bigger)) {
                    k = next;
                    compact = std::move(bigger);
                    grow = std::min(room.x / compact.size.x, room.y / compact.size.y);
                } else {
                    grow = 1.0f + (grow - 1.0f) * 0.5f;
                }
            }
        }
        if (fits(compact)) {
            view.layout = lay_out(k, room);
            if (!fits(view.layout))
                view.layout = std::move(compact);
        } else {
            const auto measure = [](std::string_view text) {
                return ImGui::CalcTextSize(text.data(), text.data() + text.size());
            };
            view.layout = layout_compact(diagram, names, room, font, measure);
            // Where no re-flow fits, the figure scrolls and its scrollbar takes room from the
            // other way: chosen for the room beside the scrollbars, it scrolls one way only
            // (the phone's SMTP client scrolled sideways by the width of the bar as well).
            if (!fits(view.layout)) {
                const float bar = ImGui::GetStyle().ScrollbarSize;
                view.layout = layout_compact(diagram, names, ImVec2(room.x - bar, room.y - bar),
                                             font, measure);
            }
        }
        view.layout_em = font * k;
        view.laid_out = &diagram;
        view.layout_font = font;
        view.layout_width = room.x;
        view.layout_height = room.y;
        view.layout_language = language;
    }
    em = view.layout_em;
    return view.layout;
}

// Where the label of the arrow just taken goes when the compact figure had no free spot for it:
// on its arrow (where the planner tried first), kept inside the figure.
LayoutRect over_figure(const LayoutRect& label, const DiagramLayout& layout) {
    ImVec2 by(0, 0);
    by.x = std::max(-label.min.x, std::min(0.0f, layout.size.x - label.max.x));
    by.y = std::max(-label.min.y, std::min(0.0f, layout.size.y - label.max.y));
    return {shift(label.min, by), shift(label.max, by)};
}

// Whether the pointer is within `reach` of the arrow (drawn at `origin`).
bool near_arrow(const EdgeLayout& e, ImVec2 origin, ImVec2 mouse, float reach) {
    constexpr int kSamples = 24;
    ImVec2 last = shift(e.point(0), origin);
    for (int k = 1; k <= kSamples; ++k) {
        const ImVec2 next = shift(e.point(static_cast<float>(k) / kSamples), origin);
        const ImVec2 d(next.x - last.x, next.y - last.y);
        const float len2 = d.x * d.x + d.y * d.y;
        const float t =
            len2 > 0 ? std::clamp(((mouse.x - last.x) * d.x + (mouse.y - last.y) * d.y) / len2,
                                  0.0f, 1.0f)
                     : 0.0f;
        const float dx = last.x + d.x * t - mouse.x, dy = last.y + d.y * t - mouse.y;
        if (dx * dx + dy * dy <= reach * reach)
            return true;
        last = next;
    }
    return false;
}

// What an arrow's label says: the whole label when the figure shows less of it (elided, or
// left out for want of room), then what each of its triggers means.
void edge_tooltip(App& app, const DiagramEdge& edge, bool whole_label, float em) {
    bool any_key = false;
    for (const auto& key : edge.keys)
        any_key = any_key || app.strings().has(key);
    if (!whole_label && !any_key)
        return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(em * 28);
    if (whole_label)
        ImGui::TextUnformatted(edge.label.c_str());
    for (const auto& key : edge.keys)
        if (app.strings().has(key))
            ImGui::BulletText("%s", app.tr(key));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void draw_arrowhead(ImDrawList* draw, const EdgeLayout& e, ImVec2 origin, float em, ImU32 colour) {
    const ImVec2 tip = shift(e.curve[3], origin);
    const ImVec2 back = shift(e.point(0.92f), origin);
    ImVec2 u(tip.x - back.x, tip.y - back.y);
    const float len = std::sqrt(u.x * u.x + u.y * u.y) + 1e-4f;
    u = ImVec2(u.x / len, u.y / len);
    const float l = em * 0.6f, w = em * 0.3f;
    draw->AddTriangleFilled(tip, ImVec2(tip.x - u.x * l - u.y * w, tip.y - u.y * l + u.x * w),
                            ImVec2(tip.x - u.x * l + u.y * w, tip.y - u.y * l - u.x * w), colour);
}

void draw_diagram(App& app, const StateDiagram& diagram, const MachineFocus& focus) {
    const Palette& p = palette();
    StateMachineView& view = app.state_machine_view();
    const ImVec2 room = ImGui::GetContentRegionAvail();
    float em = 0;
    const DiagramLayout& layout = layout_for(app, diagram, room, em);
    ImGui::BeginChild("##diagram", room, false, ImGuiWindowFlags_HorizontalScrollbar);
    // The part of the figure on screen (tests check the states are in it).
    app.bridge().record("state_machine.figure", ImGui::GetWindowPos(),
                        ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                               ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    // Centred when it is smaller than the room.
    const ImVec2 corner = ImGui::GetCursorScreenPos();
    const ImVec2 origin(corner.x + std::max(0.0f, (room.x - layout.size.x) * 0.5f),
                        corner.y + std::max(0.0f, (room.y - layout.size.y) * 0.5f));
    ImGui::Dummy(ImVec2(std::max(layout.size.x, room.x - ImGui::GetStyle().ScrollbarSize),
                        std::max(layout.size.y, room.y - ImGui::GetStyle().ScrollbarSize)));
    // When the diagram is bigger than the room, the lit state is scrolled into the middle
    // each time the machine moves (and then the user may scroll freely).
    const int lit_state = diagram.find(focus.state);
    const std::string scroll_key = diagram.title + "/" + focus.state;
    if (lit_state >= 0 && view.scrolled_to != scroll_key) {
        view.scrolled_to = scroll_key;
        const LayoutRect& box = layout.states[static_cast<size_t>(lit_state)];
        ImGui::SetScrollX(
            std::max(0.0f, origin.x - corner.x + (box.min.x + box.max.x) * 0.5f - room.x * 0.5f));
        ImGui::SetScrollY(
            std::max(0.0f, origin.y - corner.y + (box.min.y + box.max.y) * 0.5f - room.y * 0.5f));
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    // An opaque ground: the arrows and labels must not mix with windows behind a see-through
    // theme.
    const ImU32 opaque_ground = ImGui::GetColorU32(ImGuiCol_WindowBg) | IM_COL32_A_MASK;
    draw->AddRectFilled(corner,
                        ImVec2(corner.x + std::max(room.x, layout.size.x),
                               corner.y + std::max(room.y, layout.size.y)),
                        opaque_ground);
    const int current = diagram.find(focus.state);
    const std::vector<int> taken = taken_edges(diagram, focus, app.session().trace());
    auto is_taken = [&](int edge) {
        return std::find(taken.begin(), taken.end(), edge) != taken.end();
    };
    if (!taken.empty() && view.animated_move != focus.moved_at) {
        view.animated_move = focus.moved_at;
        view.move_started = ImGui::GetTime();
    }
    const double since = ImGui::GetTime() - view.move_started;
    const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 5.0f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 label_fill = ImGui::GetColorU32(ImGuiCol_WindowBg, 0.92f);
    const int any = diagram.find(kAnyStateName);
    const int choice = diagram.find(kChoiceName);

    // Arrows first, the taken ones last so nothing covers them.
    std::vector<int> order;
    for (int i = 0; i < static_cast<int>(diagram.edges.size()); ++i)
        if (!is_taken(i))
            order.push_back(i);
    order.insert(order.end(), taken.begin(), taken.end());
    for (int i : order) {
        const DiagramEdge& edge = diagram.edges[static_cast<size_t>(i)];
        const EdgeLayout& e = layout.edges[static_cast<size_t>(i)];
        if (e.listed)
            continue; // a self-loop, listed in its state's box
        const bool lit = is_taken(i);
        const ImU32 colour = lit ? p.highlight : edge.failure ? p.reply_5yz : p.link;
        const float thickness = lit ? em * (0.14f + 0.08f * pulse) : em * 0.07f;
        draw->AddBezierCubic(shift(e.curve[0], origin), shift(e.curve[1], origin),
                             shift(e.curve[2], origin), shift(e.curve[3], origin), colour,
                             edge.from == any ? thickness * 0.8f : thickness);
        draw_arrowhead(draw, e, origin, em, colour);
        // The dot travels the taken arrows one after the other, in the same time overall.
        const auto leg =
            static_cast<double>(std::find(taken.begin(), taken.end(), i) - taken.begin());
        const double legs = static_cast<double>(taken.size());
        const double t = (since / kTravelSeconds) * legs - leg;
        if (lit && t >= 0 && t < 1)
            draw->AddCircleFilled(shift(e.point(static_cast<float>(t)), origin), em * 0.35f,
                                  p.highlight);
    }
    // The states, with their self-loops listed under the name.
    const auto names = state_texts(app, diagram);
    for (size_t i = 0; i < diagram.states.size(); ++i) {
        const ImVec2 min = shift(layout.states[i].min, origin);
        const ImVec2 max = shift(layout.states[i].max, origin);
        const bool lit = static_cast<int>(i) == current;
        // Neither "any state" nor the choice point is a state the machine rests in.
        const bool any_state = static_cast<int>(i) == any || static_cast<int>(i) == choice;
        const float round = em * 0.9f;
        if (!any_state)
            draw->AddRectFilled(min, max, lit ? p.highlight : p.host_fill, round);
        if (lit)
            draw->AddRect(ImVec2(min.x - em * 0.2f, min.y - em * 0.2f),
                          ImVec2(max.x + em * 0.2f, max.y + em * 0.2f), p.highlight, round, 0,
                          em * (0.08f + 0.1f * pulse));
        draw->AddRect(min, max, any_state ? p.link : p.host_border, round, 0,
                      lit ? em * 0.16f : em * 0.08f);
        const ImVec2 size = font->CalcTextSizeA(em, FLT_MAX, 0, names[i].c_str());
        draw->AddText(font, em,
                      ImVec2((min.x + max.x - size.x) * 0.5f, min.y + em * name_top(layout.form)),
                      lit         ? IM_COL32(0, 0, 0, 255)
                      : any_state ? p.text_dim
                                  : text,
                      names[i].c_str());
        if (ImGui::IsMouseHoveringRect(min, max) && app.strings().has(diagram.states[i].key))
            ImGui::SetTooltip("%s", app.tr(diagram.states[i].key));
        app.bridge().record("state_machine.state." + diagram.states[i].name, min, max);
    }
    // Labels over the arrows, on their own background so crossing lines stay readable; the
    // listed self-loops inside their boxes. A compact figure leaves out the labels it had no
    // room for, except the one of the arrow just taken, drawn over the figure where its arrow
    // runs; the rest show on hover.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    bool hovered_one = false;
    for (int i : order) {
        const DiagramEdge& edge = diagram.edges[static_cast<size_t>(i)];
        const EdgeLayout& e = layout.edges[static_cast<size_t>(i)];
        const bool lit = is_taken(i);
        const LayoutRect label = e.label_shown || !lit ? e.label : over_figure(e.label, layout);
        const ImVec2 min = shift(label.min, origin), max = shift(label.max, origin);
        const bool drawn = e.label_shown || lit;
        const bool in_lit_state = e.listed && edge.from == current;
        // Over the figure it covers other lines: an opaque ground.
        if (drawn && !e.listed)
            draw->AddRectFilled(min, max, e.label_shown ? label_fill : opaque_ground, em * 0.25f);
        if (drawn && lit) {
            app.bridge().record("state_machine.taken_label", min, max);
            draw->AddRect(ImVec2(min.x - em * 0.15f, min.y - em * 0.1f),
                          ImVec2(max.x + em * 0.15f, max.y + em * 0.1f),
                          e.listed ? IM_COL32(0, 0, 0, 255) : p.highlight, em * 0.25f, 0,
                          em * 0.1f);
        }
        const float size = em;
        float y = min.y + (e.listed ? 0.0f : em * 0.15f);
        for (const auto& line : e.lines) {
            if (!drawn)
                break;
            draw->AddText(font, size, ImVec2(min.x + (e.listed ? 0.0f : em * 0.3f), y),
                          in_lit_state   ? IM_COL32(40, 40, 40, 255)
                          : lit          ? text
                          : edge.failure ? p.reply_5yz
                                         : p.text_dim,
                          line.c_str());
            y += size * kListingLineSpacing;
        }
        const bool on_label = drawn && ImGui::IsMouseHoveringRect(min, max);
        const bool on_arrow = !e.listed && !drawn && ImGui::IsWindowHovered() &&
                              near_arrow(e, origin, mouse, em * 0.5f);
        if (!hovered_one && (on_label || on_arrow)) {
            hovered_one = true;
            edge_tooltip(app, edge, e.elided || !drawn, em);
        }
    }
    ImGui::EndChild();
}

} // namespace

void draw_state_machine_panel(App& app, bool* open) {
    if (!begin_panel(app, "state_machine", open)) {
        ImGui::End();
        return;
    }
    StateMachineView& view = app.state_machine_view();
    if (ImGui::RadioButton(app.tr("state_machine.side.server"), view.side == MachineSide::Server))
        view.side = MachineSide::Server;
    app.bridge().record_last_item("state_machine.side.server");
    ImGui::SameLine();
    if (ImGui::RadioButton(app.tr("state_machine.side.client"), view.side == MachineSide::Client))
        view.side = MachineSide::Client;
    app.bridge().record_last_item("state_machine.side.client");
    const MachineFocus focus = machine_focus(app.session().trace(), app.session().position(),
                                             app.state().selection.conn, view.side);
    const StateDiagram& diagram = diagram_for(focus.proto, focus.side);
    if (diagram.states.empty()) {
        ImGui::TextWrapped("%s", app.tr("state_machine.no_session"));
        ImGui::End();
        return;
    }
    // A short tile (a laptop's, a phone's) keeps its height for the figure: the heading and
    // the lit state's meaning on one line each, elided, whole on hover.
    const bool short_tile =
        ImGui::GetContentRegionAvail().y < kShortTileLines * ImGui::GetTextLineHeightWithSpacing();
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    const std::string heading = std::string(app.tr(diagram.title_key)) + "  #" +
                                std::to_string(focus.conn) + "  " + focus.client + " -> " +
                                focus.server;
    fit_text(heading);
    const std::string state_line = std::string(app.tr("state_machine.state")) + ": " + focus.state;
    std::string note;
    if (focus.proto != world::Proto::Smtp && focus.side == MachineSide::Client)
        note = app.tr("state_machine.note.shared");
    else if (!diagram.state_note.empty())
        note = app.tr(diagram.state_note);
    // What the lit state means, in the student's language.
    const int current = diagram.find(focus.state);
    std::string meaning;
    if (current >= 0 && app.strings().has(diagram.states[static_cast<size_t>(current)].key))
        meaning = app.tr(diagram.states[static_cast<size_t>(current)].key);
    ImGui::TextUnformatted(state_line.c_str());
    if (short_tile) {
        ImGui::SameLine();
        const std::string rest = note.empty()      ? meaning
                                 : meaning.empty() ? "(" + note + ")"
                                                   : meaning + "  (" + note + ")";
        fit_text_disabled(rest);
    } else {
        if (!note.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("(%s)", note.c_str());
        }
        if (!meaning.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
            ImGui::TextWrapped("%s", meaning.c_str());
            ImGui::PopStyleColor();
        }
    }
    draw_diagram(app, diagram, focus);
    ImGui::End();
}

} // namespace mailsim::ui
