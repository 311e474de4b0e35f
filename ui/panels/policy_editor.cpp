// The part of the faults panel that edits configuration live: the alias table (one-to-many
// lists, many-to-one mailboxes) and each MTA's relay policy (open relay, clients it relays
// for). It shows the table in force at the current trace position (the view), and every
// change is one world action (`alias ...`, `relay ...`), recorded and replayed like a fault.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/text_input.h"

#include "sim/core/bytes.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

bool is_mta(const world::HostView& host) {
    for (const auto& role : host.roles)
        if (role == "mta")
            return true;
    return false;
}

void draw_aliases(App& app, const world::WorldView& view) {
    PolicyForm& form = app.state().policy;
    const float em = ImGui::GetFontSize();
    if (ImGui::BeginTable("aliases", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn(app.tr("policy.alias"));
        ImGui::TableSetupColumn(app.tr("policy.members"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("");
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (const auto& [address, members] : view.aliases) {
            const std::string current = join_list(members);
            // The field shows the table in force until the user starts editing it.
            auto [edit, fresh] = form.members.try_emplace(address, current);
            (void)fresh;
            ImGui::PushID(address.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(address.c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            input_text("##members", edit->second);
            app.bridge().record_last_item("policy.alias." + address + ".members");
            ImGui::TableNextColumn();
            const bool changed = split_list(edit->second) != members;
            if (!changed)
                ImGui::BeginDisabled();
            if (ImGui::SmallButton(app.tr("policy.apply")) && changed)
                app.post(world::SetAlias{address, split_list(edit->second)},
                         [&form, key = address] { form.members.erase(key); });
            if (!changed)
                ImGui::EndDisabled();
            app.bridge().record_last_item("policy.alias." + address + ".apply");
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(app.tr("policy.remove")))
                app.post(world::RemoveAlias{address},
                         [&form, key = address] { form.members.erase(key); });
            app.bridge().record_last_item("policy.alias." + address + ".remove");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    // A row for a new alias (or a new value for an existing one).
    ImGui::TextDisabled("%s", app.tr("policy.new_alias"));
    ImGui::SetNextItemWidth(em * 11);
    input_text("##new_address", form.new_address);
    app.bridge().record_last_item("policy.new.address");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-em * 5);
    input_text("##new_members", form.new_members);
    app.bridge().record_last_item("policy.new.members");
    ImGui::SameLine();
    const bool ready = !form.new_address.empty() && !split_list(form.new_members).empty();
    if (!ready)
        ImGui::BeginDisabled();
    if (ImGui::Button(app.tr("policy.add")) && ready)
        app.post(world::SetAlias{std::string(trim_ascii(form.new_address)),
                                 split_list(form.new_members)},
                 [&form] {
                     form.new_address.clear();
                     form.new_members.clear();
                 });
    if (!ready)
        ImGui::EndDisabled();
    app.bridge().record_last_item("policy.new.add");
    hint_text(app.tr("policy.alias_hint"));
}

void draw_relay_policy(App& app, const world::WorldView& view) {
    PolicyForm& form = app.state().policy;
    const Palette& p = palette();
    const float em = ImGui::GetFontSize();
    for (const auto& host : view.hosts) {
        if (!is_mta(host))
            continue;
        ImGui::PushID(host.name.c_str());
        bool open = host.open_relay;
        if (ImGui::Checkbox(app.tr("policy.open_relay"), &open))
            app.post(world::SetRelay{
                host.name, open ? world::RelayChange::Open : world::RelayChange::Closed, ""});
        app.bridge().record_last_item("policy.relay." + host.name + ".open");
        ImGui::SameLine();
        ImGui::TextUnformatted(host.name.c_str());
        if (host.open_relay) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, p.reply_5yz);
            ImGui::TextUnformatted(app.tr("policy.open_warning"));
            ImGui::PopStyleColor();
        }
        ImGui::Indent(em);
        ImGui::TextDisabled("%s", app.tr("policy.relays_for"));
        for (const auto& client : host.relay_for) {
            ImGui::SameLine();
            ImGui::PushID(client.c_str());
            if (ImGui::SmallButton((client + "  \xc3\x97").c_str()))
                app.post(world::SetRelay{host.name, world::RelayChange::Deny, client});
            app.bridge().record_last_item("policy.relay." + host.name + ".deny." + client);
            ImGui::PopID();
        }
        // Any other host may be allowed (a client, or another MTA for a relay chain).
        std::vector<const std::string*> candidates;
        for (const auto& other : view.hosts)
            if (other.name != host.name && std::find(host.relay_for.begin(), host.relay_for.end(),
                                                     other.name) == host.relay_for.end())
                candidates.push_back(&other.name);
        if (!candidates.empty()) {
            int& pick = form.relay_client[host.name];
            if (pick >= static_cast<int>(candidates.size()))
                pick = 0;
            ImGui::SetNextItemWidth(em * 12);
            if (ImGui::BeginCombo("##client", candidates[static_cast<size_t>(pick)]->c_str())) {
                for (int i = 0; i < static_cast<int>(candidates.size()); ++i) {
                    const std::string& name = *candidates[static_cast<size_t>(i)];
                    if (ImGui::Selectable(name.c_str(), pick == i))
                        pick = i;
                    app.bridge().record_last_item("policy.relay." + host.name + ".client." + name);
                }
                ImGui::EndCombo();
            }
            app.bridge().record_last_item("policy.relay." + host.name + ".client");
            ImGui::SameLine();
            if (ImGui::SmallButton(app.tr("policy.allow")))
                app.post(world::SetRelay{host.name, world::RelayChange::Allow,
                                         *candidates[static_cast<size_t>(pick)]});
            app.bridge().record_last_item("policy.relay." + host.name + ".allow");
        }
        ImGui::Unindent(em);
        ImGui::PopID();
    }
    hint_text(app.tr("policy.relay_hint"));
}

} // namespace

void draw_alias_editor(App& app, const world::WorldView& view) {
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("policy.aliases_heading"));
    ImGui::PopFont();
    draw_aliases(app, view);
}

void draw_relay_editor(App& app, const world::WorldView& view) {
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("policy.relay_heading"));
    ImGui::PopFont();
    draw_relay_policy(app, view);
}

} // namespace mailsim::ui
