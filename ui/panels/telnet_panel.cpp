// "Try SMTP interaction for yourself: telnet servername 25." A console on any simulated
// server port: the student types commands, the engines answer, and the session is animated
// like any other (it is recorded as world actions, so time travel replays it).
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/text_input.h"

#include <imgui.h>

#include <algorithm>

#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

std::vector<std::string> host_names(const world::Scenario& scenario) {
    std::vector<std::string> names;
    for (const auto& host : scenario.hosts)
        names.push_back(host.name);
    return names;
}

bool combo(const char* label, int& index, const std::vector<std::string>& items) {
    if (items.empty())
        return false;
    if (index >= static_cast<int>(items.size()))
        index = 0;
    bool changed = false;
    if (ImGui::BeginCombo(label, items[static_cast<size_t>(index)].c_str())) {
        for (int i = 0; i < static_cast<int>(items.size()); ++i)
            if (ImGui::Selectable(items[static_cast<size_t>(i)].c_str(), index == i)) {
                index = i;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

world::TelnetLine telnet_action(const std::vector<std::string>& hosts, const TelnetState& t) {
    return {hosts[static_cast<size_t>(t.from)], hosts[static_cast<size_t>(t.target)], t.port,
            std::nullopt};
}

} // namespace

void draw_telnet_panel(App& app, bool* open) {
    const float em = ImGui::GetFontSize();
    if (!begin_panel(app, "telnet", open)) {
        ImGui::End();
        return;
    }
    const world::World* world = app.session().world();
    if (!world) {
        ImGui::End();
        return;
    }
    TelnetState& t = app.state().telnet;
    const auto hosts = host_names(world->scenario());
    ImGui::SetNextItemWidth(em * 10);
    combo(app.tr("telnet.from"), t.from, hosts);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 10);
    combo(app.tr("telnet.to"), t.target, hosts);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 5);
    ImGui::InputInt(app.tr("telnet.port"), &t.port, 0);
    t.port = std::clamp(t.port, 1, 65535);
    if (ImGui::Button(app.tr("telnet.connect")) && !hosts.empty())
        app.post(telnet_action(hosts, t), [&app, &t] {
            // The screen shows what follows the connect, wherever in time it happened.
            t.opened_at = app.session().position();
            t.active = true;
            app.state().playback.playing = true;
        });
    app.bridge().record_last_item("telnet.connect");

    // The screen: this session's lines since it was opened.
    const auto& events = app.session().trace().events();
    const std::size_t end = std::min(app.session().position(), events.size());
    const std::string& target =
        hosts.empty() ? std::string() : hosts[static_cast<size_t>(t.target)];
    const std::string& source = hosts.empty() ? std::string() : hosts[static_cast<size_t>(t.from)];
    ImGui::BeginChild("##screen", ImVec2(0, -em * 2.2f), true);
    ImGui::PushFont(app.fonts().mono);
    for (std::size_t i = t.active ? std::min(t.opened_at, end) : end; i < end; ++i) {
        const auto& e = events[i];
        const bool ours =
            (e.host == source && e.peer == target) || (e.host == target && e.peer == source);
        if (!ours || !is_dialogue(e))
            continue;
        ImGui::PushStyleColor(ImGuiCol_Text, event_colour(e));
        ImGui::TextUnformatted(e.text.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopFont();
    ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    ImGui::SetNextItemWidth(-em * 5);
    const bool entered = input_text("##line", t.line, ImGuiInputTextFlags_EnterReturnsTrue);
    app.bridge().record_last_item("telnet.line");
    ImGui::SameLine();
    const bool send = ImGui::Button(app.tr("telnet.send")) || entered;
    app.bridge().record_last_item("telnet.send");
    if (send && t.active && !hosts.empty()) {
        world::TelnetLine line = telnet_action(hosts, t);
        line.send = t.line;
        app.post(line, [&app, &t] {
            t.line.clear();
            app.state().playback.playing = true;
        });
        ImGui::SetKeyboardFocusHere(-1);
    }
    ImGui::End();
}

} // namespace mailsim::ui
