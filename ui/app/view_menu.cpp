// The View menu: the panels (each into the layout), the layout's reset, and how the screen
// looks. Two columns, so that at a big text size on a laptop it still fits on the screen
// (one column of 24 items at 1.77x ran past the bottom of a 768-pixel display).
#include "app.h"

#include "ui/panels/panel_registry.h"

#include <imgui.h>

namespace mailsim::ui {

void App::draw_view_menu() {
    if (!ImGui::BeginMenu(tr("menu.view"))) {
        m_bridge.record_last_item("menu.view");
        return;
    }
    m_bridge.record_last_item("menu.view");
    if (!ImGui::BeginTable("view_menu", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::EndMenu();
        return;
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    // A panel that is open behind another tab comes to the front; a shown one closes.
    for (const auto& panel : panel_registry()) {
        const bool open = m_settings.open_panels[panel.id];
        if (ImGui::MenuItem(tr(panel.title_key), nullptr, open)) {
            if (open && m_layout.visible(panel.id))
                close_panel(panel.id);
            else
                open_panel(panel.id);
        }
        m_bridge.record_last_item(std::string("menu.view.") + panel.id);
    }
    ImGui::TableNextColumn();
    if (ImGui::MenuItem(tr("menu.view.reset_layout"))) {
        m_layout.reset();
        m_settings.split_ratios = m_layout.ratios();
        m_settings_dirty = true;
    }
    m_bridge.record_last_item("menu.view.reset_layout");
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.view.dark"), nullptr, m_settings.theme == Theme::Dark))
        set_theme(Theme::Dark);
    m_bridge.record_last_item("menu.view.dark");
    if (ImGui::MenuItem(tr("menu.view.light"), nullptr, m_settings.theme == Theme::Light))
        set_theme(Theme::Light);
    m_bridge.record_last_item("menu.view.light");
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.view.bigger"), "Ctrl +"))
        step_font_scale(1);
    m_bridge.record_last_item("menu.view.bigger");
    if (ImGui::MenuItem(tr("menu.view.smaller"), "Ctrl -"))
        step_font_scale(-1);
    m_bridge.record_last_item("menu.view.smaller");
    if (ImGui::MenuItem(tr("menu.view.projector"), nullptr, m_settings.projector_mode))
        set_projector_mode(!m_settings.projector_mode);
    m_bridge.record_last_item("menu.view.projector");
    if (ImGui::MenuItem(tr("menu.view.frame_overlay"), nullptr, m_settings.show_frame_overlay)) {
        m_settings.show_frame_overlay = !m_settings.show_frame_overlay;
        m_settings_dirty = true;
    }
    m_bridge.record_last_item("menu.view.frame_overlay");
    ImGui::EndTable();
    ImGui::EndMenu();
}

} // namespace mailsim::ui
