#include "panel_registry.h"

#include "panels.h"
#include "world_editor.h"

namespace mailsim::ui {

std::span<const PanelInfo> panel_registry() {
    static const PanelInfo panels[] = {
        {"controls", "panel.controls", draw_controls_panel, true},
        {"topology", "panel.topology", draw_topology_panel, true},
        {"transcript", "panel.transcript", draw_transcript_panel, true},
        {"sequence", "panel.sequence", draw_sequence_panel, true},
        {"queues", "panel.queues", draw_queues_panel, true},
        {"mailboxes", "panel.mailboxes", draw_mailboxes_panel, true},
        {"inspector", "panel.inspector", draw_inspector_panel, false},
        {"state_machine", "panel.state_machine", draw_state_machine_panel, false},
        {"compose", "panel.compose", draw_compose_panel, false},
        {"faults", "panel.faults", draw_faults_panel, false},
        {"telnet", "panel.telnet", draw_telnet_panel, false},
        {"explainer", "panel.explainer", draw_explainer_panel, false},
        {"lesson", "panel.lesson", draw_lesson_panel, true},
        {"quiz", "panel.quiz", draw_quiz_panel, false},
        {"welcome", "panel.welcome", draw_welcome_panel, false},
        {"world_editor", "panel.world_editor", draw_world_editor_panel, false},
    };
    return panels;
}

const PanelInfo* find_panel(std::string_view id) {
    for (const auto& panel : panel_registry())
        if (id == panel.id)
            return &panel;
    return nullptr;
}

} // namespace mailsim::ui
