// File > Open on the desktop (the web shell uploads a file instead: run_command's
// open_scenario).
#include "app.h"

#include "ui/util/text_file.h"
#include "ui/widgets/text_input.h"

#include <imgui.h>

namespace mailsim::ui {

// Desktop: a scenario file by path (ImGui has no native file dialog; a path field is enough
// for a teacher's own scenario files).
void App::draw_open_dialog() {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 32, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_title("open.title", "open").c_str(), &m_show_open_dialog,
                     ImGuiWindowFlags_NoCollapse)) {
        ImGui::TextWrapped("%s", tr("open.hint"));
        ImGui::SetNextItemWidth(-1);
        const bool enter = input_text("##path", m_open_path, ImGuiInputTextFlags_EnterReturnsTrue);
        if (ImGui::Button(tr("open.load")) || enter) {
            if (auto text = read_text_file(m_open_path)) {
                if (load_scenario_text(*text, m_open_path))
                    m_show_open_dialog = false;
            } else {
                set_status(std::string(tr("open.unreadable")) + ": " + m_open_path);
            }
        }
        if (!m_state.status_message.empty())
            ImGui::TextWrapped("%s", m_state.status_message.c_str());
    }
    ImGui::End();
}

} // namespace mailsim::ui
