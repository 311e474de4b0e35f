#include "panel_registry.h"

#include "panels.h"

namespace mailsim::ui {

std::span<const PanelInfo> panel_registry() {
    static const PanelInfo panels[] = {
        {"welcome", "panel.welcome", draw_welcome_panel, true},
    };
    return panels;
}

} // namespace mailsim::ui
