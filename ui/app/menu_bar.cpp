// The main menu bar: File (scenarios, open, restart, the world file, exports, quit), the world
// editor's menu, View (view_menu.cpp), Language and Help. Each item is recorded for the
// bridge so that browser tests click it where it is drawn.
#include "app.h"

#include "ui/app/world_edit.h"

#include <imgui.h>

namespace mailsim::ui {

void App::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar())
        return;
    if (ImGui::BeginMenu(tr("menu.file"))) {
        m_bridge.record_last_item("menu.file");
        // A live world (mailsim-gui --serve) is the only world while real clients use it.
        const bool live = m_session.live();
        if (live)
            ImGui::BeginDisabled();
        if (ImGui::BeginMenu(tr("menu.file.scenario"))) {
            m_bridge.record_last_item("menu.file.scenario");
            for (const auto& name : m_scenario_names) {
                std::string title = name;
                if (auto t = m_scenario_titles.find(name); t != m_scenario_titles.end()) {
                    const std::string& shown = m_settings.language == Language::Korean
                                                   ? t->second.second
                                                   : t->second.first;
                    if (!shown.empty())
                        title = shown;
                }
                // The file name stays as the item's shortcut text: lessons and docs use it.
                if (ImGui::MenuItem((title + "##" + name).c_str(), name.c_str(),
                                    m_session.name() == name))
                    load_scenario(name);
                m_bridge.record_last_item("menu.file.scenario." + name);
            }
            ImGui::EndMenu();
        } else {
            m_bridge.record_last_item("menu.file.scenario");
        }
        if (ImGui::MenuItem(tr("menu.file.open")))
            m_platform->is_web() ? m_platform->request_file_upload()
                                 : void(m_show_open_dialog = true);
        m_bridge.record_last_item("menu.file.open");
        if (ImGui::MenuItem(tr("menu.file.restart")))
            load_scenario(m_session.name());
        draw_world_file_menu_items(*this);
        if (live)
            ImGui::EndDisabled();
        draw_export_menu();
        ImGui::Separator();
        if (!m_platform->is_web() && ImGui::MenuItem(tr("menu.file.quit"), "Ctrl+Q"))
            m_platform->request_quit();
        ImGui::EndMenu();
    } else {
        m_bridge.record_last_item("menu.file");
    }
    draw_world_edit_menu(*this);
    draw_view_menu();
    // The language menu shows both names in their own language, so a lost student finds it.
    if (ImGui::BeginMenu(tr("menu.language"))) {
        m_bridge.record_last_item("menu.language");
        if (ImGui::MenuItem("한국어", nullptr, m_settings.language == Language::Korean))
            set_language(Language::Korean);
        m_bridge.record_last_item("menu.language.ko");
        if (ImGui::MenuItem("English", nullptr, m_settings.language == Language::English))
            set_language(Language::English);
        m_bridge.record_last_item("menu.language.en");
        ImGui::EndMenu();
    } else {
        m_bridge.record_last_item("menu.language");
    }
    if (ImGui::BeginMenu(tr("menu.help"))) {
        m_bridge.record_last_item("menu.help");
        if (ImGui::MenuItem(tr("menu.help.shortcuts"), "F1"))
            m_show_shortcuts = true;
        m_bridge.record_last_item("menu.help.shortcuts");
        if (ImGui::MenuItem(tr("menu.help.about")))
            m_show_about = true;
        m_bridge.record_last_item("menu.help.about");
        ImGui::EndMenu();
    } else {
        m_bridge.record_last_item("menu.help");
    }
    ImGui::EndMainMenuBar();
}

} // namespace mailsim::ui
