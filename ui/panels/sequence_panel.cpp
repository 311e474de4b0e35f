// Sequence diagram: one lifeline per host, one arrow per command, reply, TCP segment or DNS
// message, top to bottom in event order with simulated time on the left. Clicking an arrow
// seeks there. Rows are clipped, so a 10,000-event trace draws only what is visible.
#include "panels.h"

#include "sim/core/utf8_prefix.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/flow_row.h"
#include "ui/widgets/follow_scroll.h"
#include "ui/widgets/highlight_frame.h"

#include <imgui.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mailsim::ui {
namespace {

using world::EventKind;

bool shown(const world::Event& e, const SequenceOptions& options, const Selection& selection) {
    if (!is_message_between_hosts(e))
        return false;
    if (e.proto == world::Proto::Tcp && !options.show_tcp)
        return false;
    if (e.proto == world::Proto::Dns && !options.show_dns)
        return false;
    if (options.only_selected_conn && selection.conn != 0 && e.conn != selection.conn)
        return false;
    return true;
}

void draw_arrow(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, float thickness,
                float head) {
    draw->AddLine(from, to, colour, thickness);
    const float dir = to.x >= from.x ? 1.0f : -1.0f;
    draw->AddTriangleFilled(to, ImVec2(to.x - dir * head, to.y - head * 0.5f),
                            ImVec2(to.x - dir * head, to.y + head * 0.5f), colour);
}

} // namespace

// Draws the diagram into the current window; shared with the image export.
void draw_sequence_diagram(App& app) {
    AppState& state = app.state();
    Session& session = app.session();
    const auto& events = session.trace().events();
    const world::WorldView& view = session.view();
    const float em = ImGui::GetFontSize();

    std::map<std::string, int> column;
    std::vector<std::string> names;  // the trace's names for the lanes
    std::vector<std::string> labels; // what the lane headers show
    for (const auto& host : view.hosts) {
        column[host.name] = static_cast<int>(names.size());
        names.push_back(host.name);
        labels.push_back(host.name);
    }
    SequenceOptions& options = state.sequence;
    // The mail servers' DNS queries go to the world's resolver, which is no host of the
    // scenario: with "DNS queries" on it gets a lifeline of its own at the right, so the MX
    // lookup before each delivery is drawn where it happens.
    const bool has_mta = std::any_of(view.hosts.begin(), view.hosts.end(), [](const auto& host) {
        return std::find(host.roles.begin(), host.roles.end(), "mta") != host.roles.end();
    });
    if (options.show_dns && has_mta) {
        column[std::string(kResolverPeer)] = static_cast<int>(names.size());
        names.emplace_back(kResolverPeer);
        labels.emplace_back(app.tr("sequence.resolver"));
    }
    const std::string key = std::to_string(session.generation()) + "/" +
                            std::to_string(session.trace().first_index()) + "/" +
                            std::to_string(options.show_tcp) + std::to_string(options.show_dns) +
                            std::to_string(options.only_selected_conn) + "/" +
                            std::to_string(options.only_selected_conn ? state.selection.conn : 0);
    options.rows.update(events, key, [&](const world::Event& e) {
        return shown(e, options, state.selection) && column.count(e.host) && column.count(e.peer);
    });
    const std::size_t row_count = options.rows.count_before(session.position());
    const bool label_connections =
        session.names_sessions() || options.rows.several_connections(row_count);

    const float time_width = em * 6.5f;
    const float header = em * 1.8f;
    const float row_height = em * 1.7f;
    // Lanes never get narrower than a readable host name: many hosts scroll sideways.
    const float min_lane = em * 7;
    const float width = std::max({ImGui::GetContentRegionAvail().x, em * 30,
                                  time_width + min_lane * static_cast<float>(names.size())});
    const float lane = (width - time_width) / std::max<std::size_t>(names.size(), 1);
    auto lane_x = [&](ImVec2 origin, int c) { return origin.x + time_width + lane * (c + 0.5f); };

    // Header with host names, fixed above the scrolling rows. Only the lanes in view: with
    // fifty hosts most of them are scrolled off to the side, and their boxes and outlines,
    // clipped but still sent, were a third of the frame's triangles for software GL.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const Palette& p = palette();
    const auto lane_in_view = [&](float x, ImDrawList* list) {
        return x + lane * 0.5f >= list->GetClipRectMin().x &&
               x - lane * 0.5f <= list->GetClipRectMax().x;
    };
    for (std::size_t c = 0; c < names.size(); ++c) {
        const float x = lane_x(origin, static_cast<int>(c));
        if (!lane_in_view(x, draw))
            continue;
        // Long host names are cut to their lane so neighbours never overlap.
        bool cut = false;
        std::string name(fitting_prefix(labels[c], lane - em, &cut));
        if (cut)
            name += kEllipsis;
        const ImVec2 size = ImGui::CalcTextSize(name.c_str());
        const ImVec2 min(x - size.x * 0.5f - em * 0.4f, origin.y);
        draw->AddRectFilled(min, ImVec2(x + size.x * 0.5f + em * 0.4f, origin.y + header - 2),
                            p.host_fill, 4.0f);
        draw->AddRect(min, ImVec2(x + size.x * 0.5f + em * 0.4f, origin.y + header - 2),
                      p.host_border, 4.0f);
        draw->AddText(ImVec2(x - size.x * 0.5f, origin.y + (header - size.y) * 0.5f - 1),
                      ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
        if (ImGui::IsMouseHoveringRect(min,
                                       ImVec2(x + size.x * 0.5f + em * 0.4f, origin.y + header)))
            ImGui::SetTooltip("%s", labels[c].c_str());
        app.bridge().record("sequence.lane." + names[c], min,
                            ImVec2(x + size.x * 0.5f + em * 0.4f, origin.y + header));
    }
    ImGui::Dummy(ImVec2(width, header));

    ImGui::BeginChild("##rows", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    draw = ImGui::GetWindowDrawList();
    origin = ImGui::GetCursorScreenPos();
    // Rows exactly row_height apart, as the clipper assumes (and the follow scroll computes).
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
    const float total_height = row_height * static_cast<float>(row_count + 1);
    // Lifelines over the visible part only.
    const float top = ImGui::GetWindowPos().y;
    const float bottom = top + ImGui::GetWindowHeight();
    for (std::size_t c = 0; c < names.size(); ++c) {
        const float x = lane_x(origin, static_cast<int>(c));
        if (!lane_in_view(x, draw))
            continue;
        draw->AddLine(ImVec2(x, std::max(top, origin.y)),
                      ImVec2(x, std::min(bottom, origin.y + total_height)), p.link, 1.5f);
    }
    const std::optional<std::size_t> marked = marked_line(app);
    std::optional<std::pair<float, float>> current_span; // the current arrow, if drawn
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(row_count), row_height);
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const std::size_t index = options.rows[static_cast<std::size_t>(r)];
            const world::Event& e = events[index];
            const ImVec2 row_min = ImGui::GetCursorScreenPos();
            ImGui::PushID(static_cast<int>(index));
            const bool clicked = ImGui::InvisibleButton("##arrow", ImVec2(width, row_height));
            const bool hovered = ImGui::IsItemHovered();
            ImGui::PopID();
            const bool selected = state.selection.event && *state.selection.event == index;
            const bool current = static_cast<std::size_t>(r) + 1 == row_count; // the last to happen
            if (selected || current || hovered)
                draw->AddRectFilled(row_min, ImVec2(row_min.x + width, row_min.y + row_height),
                                    selected  ? kSelectedRowColour
                                    : current ? kCurrentRowColour
                                              : IM_COL32(255, 255, 255, 18));
            if (current)
                app.bridge().record("sequence.current", row_min,
                                    ImVec2(row_min.x + width, row_min.y + row_height));
            if (marked == index) { // the line the lesson step names
                const ImVec2 row_max(row_min.x + width, row_min.y + row_height);
                draw_line_mark(draw, row_min, row_max);
                app.bridge().record("sequence.marked", row_min, row_max);
            }
            const float y = row_min.y + row_height * 0.72f;
            const float x1 = lane_x(origin, column[message_sender(e)]);
            const float x2 = lane_x(origin, column[message_receiver(e)]);
            const ImU32 colour = event_colour(e);
            if (std::max(x1, x2) + em >= draw->GetClipRectMin().x &&
                std::min(x1, x2) - em <= draw->GetClipRectMax().x)
                draw_arrow(draw, ImVec2(x1, y), ImVec2(x2, y), colour, selected ? 2.5f : 1.5f,
                           em * 0.5f);
            std::string label = utf8_shortened(event_label(e), 64, kEllipsis);
            if (label_connections && e.conn != 0)
                label = connection_label(e.conn, session.connection_name(e.conn)) + "  " + label;
            const ImVec2 text = ImGui::CalcTextSize(label.c_str());
            const float mid = (x1 + x2) * 0.5f - text.x * 0.5f;
            draw->AddText(ImVec2(mid, y - text.y - 1), colour, label.c_str());
            if (current) { // its arrow and label, from the content's left edge
                const float left = std::min({x1, x2, mid}) - em;
                const float right = std::max({x1, x2, mid + text.x}) + em;
                current_span = {left - origin.x, right - origin.x};
                app.bridge().record("sequence.current_arrow", ImVec2(left, y - text.y - 1),
                                    ImVec2(right, y + em * 0.3f));
            }
            draw->AddText(ImVec2(row_min.x + 2, y - text.y * 0.5f), p.text_dim,
                          format_sim_time(e.t).c_str());
            if (clicked) {
                state.selection.event = index;
                state.selection.conn = e.conn;
                state.selection.event_at = index + 1;
                state.playback.playing = false;
                session.seek(index + 1);
            }
            if (hovered && !e.key.empty() && app.strings().has(e.key))
                ImGui::SetTooltip("%s\n%s", event_label(e).c_str(), app.tr(e.key));
        }
    }
    ImGui::PopStyleVar();
    // The current event is the last row (rows stop at the position).
    follow_current_row(options.follow, session.position(), state.playback.playing, row_count > 0,
                       row_height * static_cast<float>(row_count > 0 ? row_count - 1 : 0),
                       row_height);
    if (current_span)
        follow_current_span(options.follow, session.position(), current_span->first,
                            current_span->second);
    app.bridge().record("sequence.rows", ImGui::GetWindowPos(),
                        ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                               ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    ImGui::EndChild();
}

void draw_sequence_panel(App& app, bool* open) {
    if (!begin_panel(app, "sequence", open)) {
        ImGui::End();
        return;
    }
    app.bridge().record("sequence.window", ImGui::GetWindowPos(),
                        ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                               ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    SequenceOptions& options = app.state().sequence;
    FlowRow toolbar; // wraps in a narrow tile rather than running past its edge
    toolbar.next(FlowRow::checkbox_width(app.tr("sequence.tcp")));
    ImGui::Checkbox(app.tr("sequence.tcp"), &options.show_tcp);
    app.bridge().record_last_item("sequence.tcp");
    toolbar.next(FlowRow::checkbox_width(app.tr("sequence.dns")));
    ImGui::Checkbox(app.tr("sequence.dns"), &options.show_dns);
    app.bridge().record_last_item("sequence.dns");
    toolbar.next(FlowRow::checkbox_width(app.tr("transcript.this_connection")));
    ImGui::Checkbox(app.tr("transcript.this_connection"), &options.only_selected_conn);
    app.bridge().record_last_item("sequence.this_connection");
    draw_sequence_diagram(app);
    ImGui::End();
}

} // namespace mailsim::ui
