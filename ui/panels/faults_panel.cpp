// Breaking things on purpose: hosts and links down and up, a forced reply code on a mail
// server (the 550 that turns into a bounce, the 450 that fills the queue), and the alias table
// and relay policy (policy_editor.cpp). Each click is one world action, recorded so stepping
// back and forth replays it.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

constexpr const char* kForceAt[] = {"CONNECT", "HELO", "MAIL", "RCPT", "DATA", "DATA_END"};
constexpr int kForceCodes[] = {421, 450, 451, 452, 550, 551, 552, 553, 554};

void draw_hosts_and_links(App& app, const world::WorldView& view) {
    const Palette& p = palette();
    if (!ImGui::BeginTable("hosts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
        return;
    for (const auto& host : view.hosts) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, host.up ? p.reply_2yz : p.reply_5yz);
        ImGui::TextUnformatted(host.up ? "\xe2\x97\x8f" : "\xe2\x9c\x95");
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::TextUnformatted(host.name.c_str());
        ImGui::TableNextColumn();
        ImGui::PushID(host.name.c_str());
        if (ImGui::SmallButton(host.up ? app.tr("faults.take_down") : app.tr("faults.bring_up")))
            app.post(
                world::HostFault{host.name, host.up ? world::Toggle::Down : world::Toggle::Up});
        app.bridge().record_last_item("faults.host." + host.name);
        ImGui::PopID();
    }
    for (const auto& link : view.links) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string name = link.a + "-" + link.b;
        ImGui::Text("%s %s \xe2\x86\x94 %s", link.up ? " " : "\xe2\x9c\x95", link.a.c_str(),
                    link.b.c_str());
        ImGui::TableNextColumn();
        ImGui::PushID(name.c_str());
        if (ImGui::SmallButton(link.up ? app.tr("faults.cut") : app.tr("faults.restore")))
            app.post(world::LinkFault{link.a, link.b,
                                      link.up ? world::Toggle::Down : world::Toggle::Up});
        app.bridge().record_last_item("faults.link." + name);
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_force_reply(App& app, const world::Scenario& scenario) {
    FaultForm& form = app.state().fault;
    const float em = ImGui::GetFontSize();
    std::vector<std::string> mtas;
    for (const auto& host : scenario.hosts)
        for (const auto& role : host.roles)
            if (role == "mta")
                mtas.push_back(host.name);
    if (mtas.empty())
        return;
    if (form.host >= static_cast<int>(mtas.size()))
        form.host = 0;
    ImGui::SetNextItemWidth(em * 12);
    if (ImGui::BeginCombo(app.tr("faults.server"), mtas[static_cast<size_t>(form.host)].c_str())) {
        for (int i = 0; i < static_cast<int>(mtas.size()); ++i) {
            if (ImGui::Selectable(mtas[static_cast<size_t>(i)].c_str(), form.host == i))
                form.host = i;
            app.bridge().record_last_item("faults.force.host." + mtas[static_cast<size_t>(i)]);
        }
        ImGui::EndCombo();
    }
    app.bridge().record_last_item("faults.force.host");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 7);
    if (ImGui::BeginCombo(app.tr("faults.at"), kForceAt[form.verb])) {
        for (int i = 0; i < static_cast<int>(std::size(kForceAt)); ++i) {
            if (ImGui::Selectable(kForceAt[i], form.verb == i))
                form.verb = i;
            app.bridge().record_last_item(std::string("faults.force.at.") + kForceAt[i]);
        }
        ImGui::EndCombo();
    }
    app.bridge().record_last_item("faults.force.at");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 5);
    const std::string code = std::to_string(kForceCodes[form.code]);
    if (ImGui::BeginCombo(app.tr("faults.code"), code.c_str())) {
        for (int i = 0; i < static_cast<int>(std::size(kForceCodes)); ++i) {
            const std::string label = std::to_string(kForceCodes[i]);
            if (ImGui::Selectable(label.c_str(), form.code == i))
                form.code = i;
            app.bridge().record_last_item("faults.force.code." + label);
        }
        ImGui::EndCombo();
    }
    app.bridge().record_last_item("faults.force.code");
    if (ImGui::Button(app.tr("faults.force")))
        app.post(world::ForceReply{mtas[static_cast<size_t>(form.host)], kForceAt[form.verb],
                                   kForceCodes[form.code], std::nullopt});
    app.bridge().record_last_item("faults.force.apply");
    hint_text(app.tr("faults.force_hint"));
}

} // namespace

void draw_faults_panel(App& app, bool* open) {
    if (!begin_panel(app, "faults", open)) {
        ImGui::End();
        return;
    }
    const world::World* world = app.session().world();
    if (!world) {
        ImGui::End();
        return;
    }
    // Tabs keep each part within the panel's height (no scrolling to find a control).
    if (ImGui::BeginTabBar("faults_tabs")) {
        const bool faults_tab = ImGui::BeginTabItem(app.tr("faults.tab.faults"));
        app.bridge().record_last_item("faults.tab.faults");
        if (faults_tab) {
            ImGui::PushFont(app.fonts().bold);
            ImGui::TextUnformatted(app.tr("faults.force_heading"));
            ImGui::PopFont();
            draw_force_reply(app, world->scenario());
            ImGui::Separator();
            ImGui::PushFont(app.fonts().bold);
            ImGui::TextUnformatted(app.tr("faults.hosts_heading"));
            ImGui::PopFont();
            draw_hosts_and_links(app, app.session().view());
            ImGui::EndTabItem();
        }
        const bool aliases_tab = ImGui::BeginTabItem(app.tr("faults.tab.aliases"));
        app.bridge().record_last_item("faults.tab.aliases");
        if (aliases_tab) {
            draw_alias_editor(app, app.session().view());
            ImGui::EndTabItem();
        }
        const bool dns_tab = ImGui::BeginTabItem(app.tr("faults.tab.dns"));
        app.bridge().record_last_item("faults.tab.dns");
        if (dns_tab) {
            draw_dns_editor(app, app.session().view());
            ImGui::EndTabItem();
        }
        const bool relay_tab = ImGui::BeginTabItem(app.tr("faults.tab.relay"));
        app.bridge().record_last_item("faults.tab.relay");
        if (relay_tab) {
            draw_relay_editor(app, app.session().view());
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

} // namespace mailsim::ui
