#pragma once
// Draw functions of every panel (one file each: ui/panels/<name>_panel.cpp).

namespace mailsim::world {
struct WorldView;
}
namespace mailsim::lesson {
struct Lesson;
}

namespace mailsim::ui {

class App;

void draw_welcome_panel(App& app, bool* open);
void draw_controls_panel(App& app, bool* open);
void draw_topology_panel(App& app, bool* open);
void draw_sequence_panel(App& app, bool* open);
void draw_transcript_panel(App& app, bool* open);
void draw_queues_panel(App& app, bool* open);
void draw_mailboxes_panel(App& app, bool* open);
void draw_inspector_panel(App& app, bool* open);
void draw_state_machine_panel(App& app, bool* open);
void draw_compose_panel(App& app, bool* open);
void draw_faults_panel(App& app, bool* open);
void draw_telnet_panel(App& app, bool* open);
void draw_explainer_panel(App& app, bool* open);
void draw_lesson_panel(App& app, bool* open);
void draw_quiz_panel(App& app, bool* open);

// The sequence diagram's drawing, shared by its panel and the image export.
void draw_sequence_diagram(App& app);
// The faults panel's alias table and relay-policy editors (policy_editor.cpp).
void draw_alias_editor(App& app, const world::WorldView& view);
void draw_relay_editor(App& app, const world::WorldView& view);
void draw_dns_editor(App& app, const world::WorldView& view);
// Under a challenge's story in the lesson panel: goal, check, evidence, hints.
void draw_challenge(App& app, const lesson::Lesson& lesson);
// Collects newly shown messages for the topology's animation.
void collect_flights(App& app);

} // namespace mailsim::ui
