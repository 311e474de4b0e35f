// The dialogue as the lecture prints it: "S:" and "C:" lines in colour, filtered by protocol
// and host, with the meaning of the selected line underneath.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/filters.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/follow_scroll.h"
#include "ui/widgets/highlight_frame.h"

#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

using world::EventKind;

bool passes(const world::Event& e, const TranscriptOptions& options, const Selection& selection) {
    const bool tcp = e.kind == EventKind::TcpSyn || e.kind == EventKind::TcpSynAck ||
                     e.kind == EventKind::TcpAck || e.kind == EventKind::TcpFin ||
                     e.kind == EventKind::TcpRst;
    if (!is_dialogue(e) && !(tcp && options.show_tcp))
        return false;
    if (!options.protocols.allows(e.proto) && !tcp)
        return false;
    if (!options.host.empty() && e.host != options.host && e.peer != options.host)
        return false;
    if (options.only_selected_conn && selection.conn != 0 && e.conn != selection.conn)
        return false;
    return true;
}

// Under the lines: the line's text, what it means and where it went. Its height at `width` is
// measured first, so the lines above leave exactly that room (a fixed five lines left three
// lines of Korean explanation hanging under the tile's edge).
std::string explanation_route(const world::Event& e) {
    return format_sim_time(e.t) + "  " + e.host + " -> " + e.peer + "  " +
           std::string(world::to_string(e.proto)) + " #" + std::to_string(e.conn);
}

float explanation_height(App& app, const world::Event& e, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushFont(app.fonts().mono);
    float height = ImGui::CalcTextSize(event_label(e).c_str(), nullptr, false, width).y;
    ImGui::PopFont();
    if (!e.key.empty() && app.strings().has(e.key))
        height += style.ItemSpacing.y + ImGui::CalcTextSize(app.tr(e.key), nullptr, false, width).y;
    // The separator above, the line of times below (one line: elided, whole on hover).
    return height + style.ItemSpacing.y * 3 + ImGui::GetTextLineHeight() + 1.0f;
}

void draw_explanation(App& app, const world::Event& e) {
    ImGui::Separator();
    ImGui::PushFont(app.fonts().mono);
    ImGui::PushStyleColor(ImGuiCol_Text, event_colour(e));
    ImGui::TextWrapped("%s", event_label(e).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (!e.key.empty() && app.strings().has(e.key))
        ImGui::TextWrapped("%s", app.tr(e.key));
    fit_text_disabled(explanation_route(e));
}

} // namespace

void draw_transcript_panel(App& app, bool* open) {
    const float em = ImGui::GetFontSize();
    if (!begin_panel(app, "transcript", open)) {
        ImGui::End();
        return;
    }
    AppState& state = app.state();
    TranscriptOptions& options = state.transcript;
    Session& session = app.session();

    FlowRow toolbar;
    draw_protocol_filter(app, toolbar, options.protocols, "transcript");
    draw_host_filter(app, toolbar, session, options.host, "transcript.host");
    toolbar.next(FlowRow::checkbox_width(app.tr("transcript.tcp")));
    ImGui::Checkbox(app.tr("transcript.tcp"), &options.show_tcp);
    app.bridge().record_last_item("transcript.tcp");
    toolbar.next(FlowRow::checkbox_width(app.tr("transcript.this_connection")));
    ImGui::Checkbox(app.tr("transcript.this_connection"), &options.only_selected_conn);
    app.bridge().record_last_item("transcript.this_connection");
    toolbar.next(FlowRow::button_width(app.tr("transcript.export")));
    const bool export_clicked = ImGui::Button(app.tr("transcript.export"));
    app.bridge().record_last_item("transcript.export");
    if (export_clicked) {
        std::string text;
        const auto& events = session.trace().events();
        for (std::size_t i = 0; i < session.position(); ++i)
            if (passes(events[i], options, state.selection))
                text += event_label(events[i]) + "\n";
        app.platform().offer_file("mailsim-transcript.txt", text);
    }

    const auto& events = session.trace().events();
    std::string key = std::to_string(session.generation()) + "/" +
                      std::to_string(session.trace().first_index()) + "/" + options.host + "/" +
                      std::to_string(options.show_tcp) +
                      std::to_string(options.only_selected_conn) + "/" +
                      std::to_string(options.only_selected_conn ? state.selection.conn : 0) + "/";
    for (bool shown : options.protocols.show)
        key += shown ? '1' : '0';
    options.rows.update(events, key,
                        [&](const world::Event& e) { return passes(e, options, state.selection); });
    const std::size_t row_count = options.rows.count_before(session.position());
    // In the live classroom every line says whose session it is, once one has a name.
    const bool named = session.names_sessions();
    const bool label_connections = named || options.rows.several_connections(row_count);
    // The line explained underneath: the one the student picked at this position, else the
    // current line (the last that happened), so the explanation moves on with the session.
    std::optional<std::size_t> explained;
    if (state.selection.event && *state.selection.event < events.size() &&
        state.selection.event_at == session.position())
        explained = static_cast<std::size_t>(*state.selection.event);
    else if (row_count > 0)
        explained = options.rows[row_count - 1];

    // The explanation gets the room it needs, up to half the panel (then it scrolls itself).
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const float footer =
        explained ? std::min(explanation_height(app, events[*explained], room.x), room.y * 0.5f)
                  : 0.0f;
    ImGui::BeginChild("##lines", ImVec2(0, -footer), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(app.fonts().mono);
    const float line_height = ImGui::GetTextLineHeightWithSpacing();
    const std::optional<std::size_t> marked = marked_line(app);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(row_count), line_height);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const std::size_t index = options.rows[static_cast<std::size_t>(row)];
            const world::Event& e = events[index];
            const bool selected = state.selection.event && *state.selection.event == index;
            const bool current = row + 1 == static_cast<int>(row_count);
            ImGui::PushID(static_cast<int>(index));
            const ImVec2 row_min = ImGui::GetCursorScreenPos();
            const ImVec2 row_max(row_min.x + std::max(ImGui::GetContentRegionAvail().x, em * 20),
                                 row_min.y + ImGui::GetTextLineHeight());
            if (current) {
                ImGui::GetWindowDrawList()->AddRectFilled(row_min, row_max, kCurrentRowColour);
                app.bridge().record("transcript.current", row_min, row_max);
            }
            if (marked == index) { // the line the lesson step names
                draw_line_mark(ImGui::GetWindowDrawList(), row_min, row_max);
                app.bridge().record("transcript.marked", row_min, row_max);
            }
            if (label_connections && e.conn != 0) {
                // Which session the line belongs to, when two or more are interleaved.
                const float column = named ? em * 6.5f : em * 3.5f;
                ImGui::PushStyleColor(ImGuiCol_Text, connection_colour(e.conn));
                fit_text(connection_label(e.conn, session.connection_name(e.conn)),
                         column - em * 0.5f);
                ImGui::PopStyleColor();
                app.bridge().record_last_item("transcript.conn." + std::to_string(e.conn));
                ImGui::SameLine(column);
            }
            ImGui::PushStyleColor(ImGuiCol_Text, event_colour(e));
            const std::string label = event_label(e);
            if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
                state.selection.event = index;
                state.selection.event_at = session.position();
                state.selection.conn = e.conn;
                if (!e.msg_id.empty())
                    state.selection.msg_id = e.msg_id;
                if (ImGui::IsMouseDoubleClicked(0)) {
                    state.playback.playing = false;
                    session.seek(index + 1);
                    state.selection.event_at = session.position();
                }
            }
            ImGui::PopStyleColor();
            if (current)
                app.bridge().record_last_item("transcript.last_line");
            if (e.kind == EventKind::Command && e.verb == "DATA")
                app.bridge().record_last_item("transcript.data_command");
            ImGui::PopID();
        }
    }
    ImGui::PopFont();
    follow_current_row(options.follow, session.position(), state.playback.playing, row_count > 0,
                       line_height * static_cast<float>(row_count > 0 ? row_count - 1 : 0),
                       line_height);
    app.bridge().record("transcript.lines", ImGui::GetWindowPos(),
                        ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                               ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    ImGui::EndChild();
    if (explained) {
        ImGui::BeginChild("##explained", ImVec2(0, 0));
        draw_explanation(app, events[*explained]);
        ImGui::EndChild();
    }
    ImGui::End();
}

} // namespace mailsim::ui
