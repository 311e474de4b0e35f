// The outgoing queue (spool) of every MTA: who waits for whom, how many attempts, when the
// next one is due, and how far the message is on its way to being given up (a bar).
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/duration_label.h"
#include "ui/widgets/fit_text.h"

#include <imgui.h>

#include <algorithm>

namespace mailsim::ui {

void draw_queues_panel(App& app, bool* open) {
    if (!begin_panel(app, "queues", open)) {
        ImGui::End();
        return;
    }
    Session& session = app.session();
    AppState& state = app.state();
    const world::WorldView& view = session.view();
    const Palette& p = palette();
    const float em = ImGui::GetFontSize();
    bool any = false;
    for (const auto& [host, entries] : view.queues) {
        if (entries.empty())
            continue;
        any = true;
        ImGui::PushFont(app.fonts().bold);
        ImGui::Text("%s  (%zu)", host.c_str(), entries.size());
        ImGui::PopFont();
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                      ImGuiTableFlags_SizingStretchProp;
        if (!ImGui::BeginTable(host.c_str(), 4, flags))
            continue;
        ImGui::TableSetupColumn(app.tr("queues.sender"));
        ImGui::TableSetupColumn(app.tr("queues.recipient"));
        ImGui::TableSetupColumn(app.tr("queues.attempts"));
        ImGui::TableSetupColumn(app.tr("queues.age"));
        ImGui::TableHeadersRow();
        for (const auto& entry : entries) {
            for (const auto& rcpt : entry.rcpts) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const bool selected =
                    state.selection.msg_id == entry.msg_id && state.selection.queue_host == host;
                const std::string sender = entry.from.empty() ? "<>" : entry.from;
                ImGui::PushID(&rcpt);
                if (fit_selectable(sender, selected, ImGuiSelectableFlags_SpanAllColumns,
                                   ImGui::GetContentRegionAvail().x)) {
                    // A queue entry is a message: the inspector opens the queued copy.
                    state.selection.msg_id = entry.msg_id;
                    state.selection.queue_host = host;
                    state.selection.conn = 0;
                    state.selection.mailbox.clear();
                    state.selection.uid = 0;
                }
                app.bridge().record_last_item("queues.entry." + host + "/" + entry.msg_id + "/" +
                                              rcpt.rcpt);
                ImGui::PopID();
                if (ImGui::IsItemHovered() && !rcpt.last_error.empty())
                    ImGui::SetTooltip("%s", rcpt.last_error.c_str());
                ImGui::TableNextColumn();
                fit_text(rcpt.rcpt);
                ImGui::TableNextColumn();
                if (rcpt.next_retry > 0)
                    fit_text(std::to_string(rcpt.attempts) + " · " + app.tr("queues.next") + " " +
                             format_sim_time(rcpt.next_retry, false));
                else
                    ImGui::Text("%d", rcpt.attempts);
                ImGui::TableNextColumn();
                const SimTime lifetime = std::max<SimTime>(entry.give_up_at - entry.queued_at, 1);
                const float fraction = std::clamp(static_cast<float>(view.t - entry.queued_at) /
                                                      static_cast<float>(lifetime),
                                                  0.0f, 1.0f);
                ImGui::PushStyleColor(ImGuiCol_PlotHistogram,
                                      fraction > 0.8f ? p.reply_5yz : p.reply_4yz);
                // Two units each ("4h 10m / 5d"): the clock's "0d 00:00:00 / 5d 00:00:00"
                // did not fit the column beside a lesson and was cut at both ends. The exact
                // times are in the tooltip.
                const SimTime age = view.t - entry.queued_at;
                const std::string label =
                    format_short_duration(age) + " / " + format_short_duration(lifetime);
                bool shortened = false;
                const std::string shown(
                    fitting_prefix(label, ImGui::GetContentRegionAvail().x, &shortened));
                ImGui::ProgressBar(fraction, ImVec2(-1, em * 1.1f),
                                   (shown + (shortened ? "\xe2\x80\xa6" : "")).c_str());
                ImGui::PopStyleColor();
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s %s / %s", app.tr("queues.age"),
                                      format_sim_time(age, false).c_str(),
                                      format_sim_time(lifetime, false).c_str());
            }
        }
        ImGui::EndTable();
    }
    if (!any) {
        hint_text(app.tr("queues.empty"));
        app.bridge().record_last_item("queues.empty");
    }
    ImGui::End();
}

} // namespace mailsim::ui
