// Every user's mailbox: folders (IMAP) and messages with their flags. A mailbox that just
// changed flashes, so a delivery is noticed wherever the student is looking.
#include "panels.h"

#include "sim/proto/imap/imap_mutf7.h"
#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/message_row.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace mailsim::ui {
namespace {

// How recently (in events) the mailbox of `user` changed, or a large number.
std::size_t events_since_change(const Session& session, const std::string& user) {
    const auto& events = session.trace().events();
    const std::size_t position = std::min(session.position(), events.size());
    const std::size_t window = std::min<std::size_t>(position, 40);
    for (std::size_t back = 1; back <= window; ++back) {
        const auto& e = events[position - back];
        const bool mailbox_event =
            e.kind == world::EventKind::MailboxAdd || e.kind == world::EventKind::MailboxDelete ||
            e.kind == world::EventKind::MailboxFlag || e.kind == world::EventKind::Delivered;
        if (mailbox_event && (e.user == user || e.rcpt == user))
            return back;
    }
    return ~std::size_t{0};
}

} // namespace

void draw_mailboxes_panel(App& app, bool* open) {
    if (!begin_panel(app, "mailboxes", open)) {
        ImGui::End();
        return;
    }
    Session& session = app.session();
    AppState& state = app.state();
    const world::WorldView& view = session.view();
    const Palette& p = palette();
    const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 8.0f);
    for (const auto& [user, mailbox] : view.mailboxes) {
        std::size_t total = 0;
        for (const auto& [folder, messages] : mailbox.folders)
            total += messages.size();
        const bool fresh = events_since_change(session, user) <= 3;
        if (fresh) {
            ImVec4 colour = ImGui::ColorConvertU32ToFloat4(p.highlight);
            colour.w = 0.35f + 0.4f * pulse;
            ImGui::PushStyleColor(ImGuiCol_Header, colour);
        }
        const std::string label = user + "  (" + std::to_string(total) + ")###mb-" + user;
        const bool expanded =
            ImGui::CollapsingHeader(label.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
        app.bridge().record_last_item("mailboxes.user." + user);
        if (fresh)
            ImGui::PopStyleColor();
        if (!expanded)
            continue;
        ImGui::Indent();
        for (const auto& [folder, messages] : mailbox.folders) {
            // Folder names are kept as IMAP sends them (modified UTF-7): shown decoded, with
            // the wire form on hover when the two differ ("보낸 편지함" / "&vPSwuA- &07jJwNVo-").
            const std::string shown = imap::mailbox_display_name(folder);
            ImGui::TextDisabled("%s (%zu)", shown.c_str(), messages.size());
            if (shown != folder && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s", app.tr("mailboxes.imap_name"), folder.c_str());
            for (const auto& message : messages) {
                const bool selected = state.selection.msg_id == message.msg_id &&
                                      state.selection.mailbox == user + "/" + folder;
                const std::string row = message_row_text(message, app.tr("mailboxes.no_subject")) +
                                        "###" + user + folder + std::to_string(message.uid);
                if (ImGui::Selectable(row.c_str(), selected)) {
                    state.selection.msg_id = message.msg_id;
                    state.selection.mailbox = user + "/" + folder;
                    state.selection.uid = message.uid;
                    state.selection.conn = 0; // the inspector shows this stored copy
                }
                app.bridge().record_last_item("mailboxes.message." + user + "/" + folder + "/" +
                                              std::to_string(message.uid));
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("UID %llu  %s\n%s",
                                      static_cast<unsigned long long>(message.uid),
                                      message.flags.c_str(), message.msg_id.c_str());
            }
        }
        ImGui::Unindent();
    }
    if (view.mailboxes.empty())
        hint_text(app.tr("mailboxes.none"));
    ImGui::End();
}

} // namespace mailsim::ui
