// The Help menu's two windows: About, and the keyboard shortcuts (F1).
#include "app.h"

#include <imgui.h>

namespace mailsim::ui {

void App::draw_about() {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 28, 0), ImGuiCond_Appearing);
    const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_title("about.title", "about").c_str(), &m_show_about,
                     ImGuiWindowFlags_NoCollapse)) {
        ImGui::PushFont(m_fonts.heading);
        ImGui::TextUnformatted("mailsim 0.1.0");
        ImGui::PopFont();
        ImGui::TextWrapped("%s", tr("about.text"));
        ImGui::Separator();
        ImGui::TextWrapped("%s", tr("about.credits"));
        ImGui::Text("Dear ImGui %s", IMGUI_VERSION);
    }
    ImGui::End();
}

void App::draw_shortcuts_help() {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 26, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_title("shortcuts.title", "shortcuts").c_str(), &m_show_shortcuts,
                     ImGuiWindowFlags_NoCollapse)) {
        static constexpr const char* kRows[][2] = {{"Space", "shortcuts.play"},
                                                   {"\xe2\x86\x92", "shortcuts.step"},
                                                   {"\xe2\x86\x90", "shortcuts.back"},
                                                   {"Home / End", "shortcuts.home_end"},
                                                   {"+ / -", "shortcuts.speed"},
                                                   {"Ctrl + / Ctrl -", "shortcuts.text_size"},
                                                   {"F1", "shortcuts.help"}};
        if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg)) {
            for (const auto& row : kRows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushFont(m_fonts.mono);
                ImGui::TextUnformatted(row[0]);
                ImGui::PopFont();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(tr(row[1]));
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

} // namespace mailsim::ui
