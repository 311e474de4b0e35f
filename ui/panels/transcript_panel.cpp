// The dialogue as the lecture prints it: "S:" and "C:" lines in colour, filtered by protocol
// and host, with the meaning of the selected line underneath.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/filters.h"

#include <imgui.h>

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

void draw_explanation(App& app, const world::Event& e) {
    ImGui::Separator();
    ImGui::PushFont(app.fonts().mono);
    ImGui::PushStyleColor(ImGuiCol_Text, event_colour(e));
    ImGui::TextWrapped("%s", event_label(e).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (!e.key.empty() && app.strings().has(e.key))
        ImGui::TextWrapped("%s", app.tr(e.key));
    ImGui::TextDisabled("%s  %s -> %s  %s #%llu", format_sim_time(e.t).c_str(), e.host.c_str(),
                        e.peer.c_str(), std::string(world::to_string(e.proto)).c_str(),
                        static_cast<unsigned long long>(e.conn));
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

    draw_protocol_filter(app, options.protocols, "transcript");
    ImGui::SameLine();
    draw_host_filter(app, session, options.host, "transcript.host");
    ImGui::SameLine();
    ImGui::Checkbox(app.tr("transcript.tcp"), &options.show_tcp);
    ImGui::SameLine();
    ImGui::Checkbox(app.tr("transcript.this_connection"), &options.only_selected_conn);
    ImGui::SameLine();
    if (ImGui::Button(app.tr("transcript.export"))) {
        std::string text;
        const auto& events = session.trace().events();
        for (std::size_t i = 0; i < session.position(); ++i)
            if (passes(events[i], options, state.selection))
                text += event_label(events[i]) + "\n";
        app.platform().offer_file("mailsim-transcript.txt", text);
    }

    const auto& events = session.trace().events();
    std::vector<std::size_t> rows;
    rows.reserve(256);
    for (std::size_t i = 0; i < session.position() && i < events.size(); ++i)
        if (passes(events[i], options, state.selection))
            rows.push_back(i);

    const bool has_selection = state.selection.event && *state.selection.event < events.size();
    const float footer = has_selection ? em * 5.5f : 0.0f;
    ImGui::BeginChild("##lines", ImVec2(0, -footer), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(app.fonts().mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const std::size_t index = rows[static_cast<std::size_t>(row)];
            const world::Event& e = events[index];
            const bool selected = state.selection.event && *state.selection.event == index;
            ImGui::PushID(static_cast<int>(index));
            ImGui::PushStyleColor(ImGuiCol_Text, event_colour(e));
            const std::string label = event_label(e);
            if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
                state.selection.event = index;
                state.selection.conn = e.conn;
                if (!e.msg_id.empty())
                    state.selection.msg_id = e.msg_id;
                if (ImGui::IsMouseDoubleClicked(0)) {
                    state.playback.playing = false;
                    session.seek(index + 1);
                }
            }
            ImGui::PopStyleColor();
            if (row == static_cast<int>(rows.size()) - 1)
                app.bridge().record_last_item("transcript.last_line");
            if (e.kind == EventKind::Command && e.verb == "DATA")
                app.bridge().record_last_item("transcript.data_command");
            ImGui::PopID();
        }
    }
    ImGui::PopFont();
    if (options.follow && state.playback.playing)
        ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    if (has_selection)
        draw_explanation(app, events[*state.selection.event]);
    ImGui::End();
}

} // namespace mailsim::ui
