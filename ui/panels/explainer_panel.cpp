// Base64 and quoted-printable, worked out step by step: three bytes become four 6-bit values
// become four letters of the alphabet table (with '=' padding), and every octet that QP
// escapes says why. The traces come from the same sim/mail code that encodes real mail.
#include "panels.h"

#include "sim/mail/base64.h"
#include "sim/mail/quoted_printable.h"
#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/text_input.h"

#include <imgui.h>

#include <algorithm>
#include <bitset>
#include <cstdio>
#include <string>

namespace mailsim::ui {
namespace {

constexpr const char* kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void draw_alphabet(App& app, const mail::Base64Group* group) {
    const Palette& p = palette();
    if (!ImGui::BeginTable("alphabet", 8,
                           ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedSame))
        return;
    for (int i = 0; i < 64; ++i) {
        ImGui::TableNextColumn();
        bool lit = false;
        if (group)
            for (size_t k = 0; k < 4; ++k)
                if (group->letters[k] == kAlphabet[i] && (k <= group->byte_count))
                    lit = true;
        if (lit)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, p.highlight);
        ImGui::PushFont(app.fonts().mono);
        ImGui::TextColored(lit ? ImVec4(0, 0, 0, 1) : ImGui::GetStyle().Colors[ImGuiCol_Text],
                           "%2d %c", i, kAlphabet[i]);
        ImGui::PopFont();
    }
    ImGui::EndTable();
}

void draw_base64(App& app, ExplainerState& state, bool decode) {
    const mail::Base64Trace trace =
        decode ? mail::base64_decode_trace(state.input) : mail::base64_encode_trace(state.input);
    if (trace.groups.empty()) {
        hint_text(app.tr("explainer.empty"));
        return;
    }
    state.selected = std::clamp(state.selected, 0, static_cast<int>(trace.groups.size()) - 1);
    ImGui::SliderInt(app.tr("explainer.group"), &state.selected, 0,
                     static_cast<int>(trace.groups.size()) - 1);
    const mail::Base64Group& g = trace.groups[static_cast<size_t>(state.selected)];
    ImGui::PushFont(app.fonts().mono);
    std::string bytes, bits, sextets, letters;
    char buffer[64];
    for (size_t i = 0; i < 3; ++i) {
        if (i < g.byte_count) {
            std::snprintf(buffer, sizeof buffer, "0x%02X ", g.bytes[i]);
            bytes += buffer;
            bits += std::bitset<8>(g.bytes[i]).to_string() + " ";
        } else {
            bytes += "---- ";
            bits += "00000000 ";
        }
    }
    for (size_t i = 0; i < 4; ++i) {
        const bool padded = g.letters[i] == '=';
        sextets += padded ? "------ " : std::bitset<6>(g.sextets[i]).to_string() + " ";
        std::snprintf(buffer, sizeof buffer, "%c(%s)  ", g.letters[i],
                      padded ? "pad" : std::to_string(g.sextets[i]).c_str());
        letters += buffer;
    }
    ImGui::Text("%s  %s", app.tr("explainer.bytes"), bytes.c_str());
    ImGui::Text("%s  %s", app.tr("explainer.bits"), bits.c_str());
    ImGui::Text("%s  %s", app.tr("explainer.sextets"), sextets.c_str());
    ImGui::Text("%s  %s", app.tr("explainer.letters"), letters.c_str());
    ImGui::PopFont();
    if (g.byte_count < 3)
        ImGui::TextWrapped("%s", app.tr("explainer.padding"));
    if (!trace.ignored.empty())
        ImGui::TextWrapped("%s: %zu", app.tr("explainer.ignored"), trace.ignored.size());
    draw_alphabet(app, &g);
}

void draw_qp(App& app, ExplainerState& state, bool decode) {
    const auto steps =
        decode ? mail::qp_decode_trace(state.input) : mail::qp_encode_trace(state.input);
    std::string output;
    for (const auto& step : steps)
        output += step.output;
    ImGui::PushFont(app.fonts().mono);
    ImGui::TextWrapped("%s", output.c_str());
    ImGui::PopFont();
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("qp", 3, flags, ImVec2(0, ImGui::GetFontSize() * 14)))
        return;
    ImGui::TableSetupColumn(app.tr("explainer.octet"));
    ImGui::TableSetupColumn(app.tr("explainer.output"));
    ImGui::TableSetupColumn(app.tr("explainer.why"));
    ImGui::TableHeadersRow();
    for (const auto& step : steps) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushFont(app.fonts().mono);
        ImGui::Text("0x%02X %c", step.octet,
                    step.octet >= 0x20 && step.octet < 0x7f ? step.octet : ' ');
        ImGui::TableNextColumn();
        std::string shown;
        for (char c : step.output)
            shown += c == '\r'   ? std::string("\\r")
                     : c == '\n' ? std::string("\\n")
                                 : std::string(1, c);
        ImGui::TextUnformatted(shown.c_str());
        ImGui::PopFont();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(app.tr(mail::qp_reason_key(step.reason)));
    }
    ImGui::EndTable();
}

} // namespace

void draw_explainer_panel(App& app, bool* open) {
    if (!begin_panel(app, "explainer", open)) {
        ImGui::End();
        return;
    }
    ExplainerState& state = app.state().explainer;
    const char* modes[] = {app.tr("explainer.b64_encode"), app.tr("explainer.b64_decode"),
                           app.tr("explainer.qp_encode"), app.tr("explainer.qp_decode")};
    for (int i = 0; i < 4; ++i) {
        if (i)
            ImGui::SameLine();
        ImGui::RadioButton(modes[i], &state.mode, i);
    }
    ImGui::SetNextItemWidth(-1);
    input_text("##input", state.input);
    app.bridge().record_last_item("explainer.input");
    if (state.mode < 2)
        draw_base64(app, state, state.mode == 1);
    else
        draw_qp(app, state, state.mode == 3);
    ImGui::End();
}

} // namespace mailsim::ui
