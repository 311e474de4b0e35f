// Time: play/pause, step, jump to the next command/reply or error, speed from 0.1× to a
// 1,000,000× time warp, and a timeline scrubber with markers for errors, bounces and deliveries.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/flow_row.h"
#include "ui/widgets/speed_label.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace mailsim::ui {
namespace {

using world::EventKind;

void button(App& app, FlowRow& row, const char* id, const char* label, const char* tooltip_key,
            bool& clicked) {
    row.next(FlowRow::button_width(label));
    clicked = ImGui::Button(label);
    app.bridge().record_last_item(id);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", app.tr(tooltip_key));
}

void draw_timeline(App& app) {
    Session& session = app.session();
    const auto& events = session.trace().events();
    const float em = ImGui::GetFontSize();
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float height = em * 1.6f;
    ImGui::InvisibleButton("##timeline", ImVec2(std::max(width, em), height));
    app.bridge().record_last_item("controls.timeline");
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height),
                        ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
    const std::size_t total = std::max<std::size_t>(events.size(), 1);
    auto x_of = [&](std::size_t index) {
        return origin.x + width * static_cast<float>(index) / static_cast<float>(total);
    };
    // Markers: thin ticks, at most one per pixel column so 100k events stay cheap.
    float last_x = -1;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        ImU32 colour = 0;
        if (e.kind == EventKind::Delivered)
            colour = p.reply_2yz;
        else if (e.kind == EventKind::Bounced || e.kind == EventKind::GaveUp)
            colour = p.reply_5yz;
        else if (is_error(e))
            colour = p.reply_4yz;
        if (!colour)
            continue;
        const float x = std::floor(x_of(i));
        if (x == last_x)
            continue;
        last_x = x;
        draw->AddLine(ImVec2(x, origin.y + 2), ImVec2(x, origin.y + height - 2), colour, 2.0f);
    }
    const float cursor_x = x_of(session.position());
    draw->AddRectFilled(ImVec2(origin.x, origin.y + height * 0.42f),
                        ImVec2(cursor_x, origin.y + height * 0.58f), p.link, 2.0f);
    draw->AddTriangleFilled(ImVec2(cursor_x - em * 0.4f, origin.y),
                            ImVec2(cursor_x + em * 0.4f, origin.y),
                            ImVec2(cursor_x, origin.y + em * 0.5f), p.highlight);
    draw->AddLine(ImVec2(cursor_x, origin.y), ImVec2(cursor_x, origin.y + height), p.highlight,
                  2.0f);
    if (ImGui::IsItemActive() && !events.empty()) {
        const float fraction =
            std::clamp((ImGui::GetIO().MousePos.x - origin.x) / width, 0.0f, 1.0f);
        app.state().playback.playing = false;
        session.seek(static_cast<std::size_t>(std::lround(fraction * events.size())));
    }
    if (ImGui::IsItemHovered() && !events.empty()) {
        const float fraction =
            std::clamp((ImGui::GetIO().MousePos.x - origin.x) / width, 0.0f, 1.0f);
        const auto index =
            std::min(events.size() - 1, static_cast<std::size_t>(fraction * events.size()));
        ImGui::SetTooltip("#%zu  %s\n%s", index, format_sim_time(events[index].t).c_str(),
                          event_label(events[index]).c_str());
    }
}

} // namespace

void draw_controls_panel(App& app, bool* open) {
    const float em = ImGui::GetFontSize();
    if (!begin_panel(app, "controls", open)) {
        ImGui::End();
        return;
    }
    Session& session = app.session();
    Playback& playback = app.state().playback;
    bool clicked = false;
    // One row that wraps: on a phone or at large text the speed and clock go below the buttons
    // instead of off the right edge.
    FlowRow row;
    button(app, row, "controls.start", "|<", "controls.start", clicked);
    if (clicked) {
        playback.playing = false;
        session.seek_start();
    }
    button(app, row, "controls.back", "<", "controls.back", clicked);
    if (clicked) {
        playback.playing = false;
        session.step_back();
    }
    button(app, row, "controls.play",
           playback.playing ? app.tr("controls.pause_label") : app.tr("controls.play_label"),
           "controls.play", clicked);
    if (clicked)
        playback.playing = !playback.playing;
    button(app, row, "controls.step", ">", "controls.step", clicked);
    if (clicked) {
        playback.playing = false;
        session.step_forward();
    }
    button(app, row, "controls.next_line", app.tr("controls.next_line_label"), "controls.next_line",
           clicked);
    if (clicked) {
        playback.playing = false;
        session.seek_next([](const world::Event& e) {
            return e.kind == EventKind::Command || e.kind == EventKind::Reply;
        });
    }
    button(app, row, "controls.next_error", app.tr("controls.next_error_label"),
           "controls.next_error", clicked);
    if (clicked) {
        playback.playing = false;
        if (!session.seek_next(is_error))
            app.set_status(app.tr("status.no_more_errors"));
    }
    button(app, row, "controls.end", ">|", "controls.end", clicked);
    if (clicked) {
        playback.playing = false;
        session.seek_end();
    }
    row.next(em * 10);
    ImGui::SetNextItemWidth(em * 10);
    float exponent = static_cast<float>(std::log10(playback.speed));
    const std::string speed_label = format_speed(playback.speed);
    if (ImGui::SliderFloat("##speed", &exponent, -1.0f, 6.0f, speed_label.c_str()))
        playback.speed =
            std::clamp(std::pow(10.0, std::round(exponent * 2) / 2), kMinSpeed, kMaxSpeed);
    app.bridge().record_last_item("controls.speed");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", app.tr("controls.speed"));
    ImGui::PushFont(app.fonts().mono);
    char clock[96];
    std::snprintf(clock, sizeof clock, "%s  #%zu/%zu",
                  format_sim_time(session.clock(), false).c_str(), session.position(),
                  session.trace().size());
    row.next(ImGui::CalcTextSize(clock).x);
    ImGui::TextUnformatted(clock);
    ImGui::PopFont();
    app.bridge().record_last_item("controls.clock");
    const std::string scenario = std::string(app.tr("controls.scenario")) + ": " + session.name();
    row.next(ImGui::CalcTextSize(scenario.c_str()).x);
    ImGui::TextDisabled("%s", scenario.c_str());

    draw_timeline(app);
    if (!app.state().status_message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().reply_4yz);
        ImGui::TextWrapped("%s", app.state().status_message.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::End();
}

} // namespace mailsim::ui
