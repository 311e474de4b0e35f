#include "world_edit.h"

#include "sim/core/bytes.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world_edit_live.h"
#include "sim/world/world_edit_replay.h"
#include "ui/app/app.h"
#include "ui/util/text_file.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include <filesystem>

namespace mailsim::ui {
namespace {

WorldEditState& edit_state(App& app) {
    return app.state().world_edit;
}

// The editor follows the shown world: a world that was not made from the design it holds
// (another scenario, a file opened) becomes the design, with a fresh history.
void follow_world(App& app) {
    WorldEditState& edit = edit_state(app);
    const world::World* world = app.session().world();
    if (!world)
        return;
    if (edit.bound && world::same_world(world->scenario(), edit.built_from))
        return;
    edit.editor.reset(world->scenario());
    edit.built_from = world->scenario();
    edit.bound = true;
    edit.fields.clear();
    edit.error.reset();
}

// A structural change makes a new world from the design; the student's earlier actions are
// played into it (Replay::Earlier, world_edit_replay.h), a file or an empty world starts clean.
enum class Replay { Earlier, None };

// The shown world's inputs before the shown position: what the student did that they can see.
std::vector<world::RecordedInput> earlier_inputs(App& app) {
    std::vector<world::RecordedInput> out;
    const world::World* world = app.session().world();
    if (!world || app.session().live())
        return out;
    for (const auto& input : world->inputs())
        if (input.trace_size < app.session().position())
            out.push_back(input);
    return out;
}

// A live world (mailsim serve, the classroom) is the one real clients use: it is never made
// again here, or the page would go on showing a world of its own instead of the served one.
// Says so at the top of the editor (too long for the status line); true when `app` shows a
// live world.
bool refuse_if_live(App& app) {
    if (!app.session().live())
        return false;
    edit_state(app).error = world::FieldError{"world", "", "", app.tr("editor.live_structural")};
    return true;
}

// The selection stays on the host it was on, if that host is still there.
bool rebuild(App& app, const world::Scenario& design, Replay replay = Replay::Earlier) {
    if (refuse_if_live(app))
        return false;
    WorldEditState& edit = edit_state(app);
    const std::string selected = app.state().selection.host;
    const std::string name = design.name.empty() ? "new-world" : design.name;
    const auto earlier =
        replay == Replay::Earlier ? earlier_inputs(app) : std::vector<world::RecordedInput>{};
    const SimTime clock = app.session().clock();
    if (!app.load_scenario_text(world::write_scenario(design), name + ".toml")) {
        edit.error = world::FieldError{"world", "", "", app.state().status_message};
        return false;
    }
    edit.replayed = 0;
    edit.dropped.clear();
    if (!earlier.empty()) {
        // The new world stands where the old one stood, with what the student did in it.
        auto outcome = app.session().replay(earlier, clock);
        edit.replayed = outcome.replayed;
        edit.dropped = std::move(outcome.dropped);
    }
    if (design.host(selected))
        app.state().selection.host = selected;
    edit.built_from = app.session().world()->scenario();
    edit.bound = true;
    return true;
}

// Sends the change from `before` to `after` to the shown world (world_edit.h says why so).
// False when the world did not take it (then the design goes back to `before`).
bool reach_world(App& app, const world::Scenario& before, const world::Scenario& after) {
    if (auto actions = world::live_actions(before, after)) {
        bool performed = true;
        for (const auto& action : *actions)
            if (!app.perform(action)) {
                performed = false;
                break;
            }
        if (performed)
            return true;
        // A live world refused it (a student's page): the status line says why.
        if (app.session().live())
            return false;
    }
    if (refuse_if_live(app))
        return false;
    rebuild(app, after); // a design that does not load says why there, and keeps the edit
    return true;
}

void apply_one(App& app, const WorldEditState::Pending& pending) {
    WorldEditState& state = edit_state(app);
    // A move (a drag's frame) never reaches the world: only the topology draws it.
    if (std::holds_alternative<world::MoveHost>(pending.edit)) {
        state.error = state.editor.apply(pending.edit);
        return;
    }
    const world::Scenario before = state.editor.scenario();
    if (auto problem = state.editor.apply(pending.edit)) {
        state.error = std::move(problem);
        return;
    }
    state.error.reset();
    for (const auto& field : pending.clears)
        state.fields[field].clear();
    // The selection follows a renamed host.
    if (const auto* rename = std::get_if<world::RenameHost>(&pending.edit))
        if (equals_ci(app.state().selection.host, rename->from))
            app.state().selection.host = to_lower_ascii(trim_ascii(rename->to));
    if (!reach_world(app, before, state.editor.scenario())) {
        state.editor.undo(); // the design shows the world as it is
        return;
    }
    // A host just placed is selected, so its properties are there to fill in.
    if (std::holds_alternative<world::AddHost>(pending.edit))
        for (const auto& host : state.editor.scenario().hosts)
            if (!before.host(host.name)) {
                app.state().selection.host = host.name;
                break;
            }
}

void step_history(App& app, bool undo) {
    WorldEditState& state = edit_state(app);
    const world::Scenario before = state.editor.scenario();
    if (!(undo ? state.editor.undo() : state.editor.redo()))
        return;
    state.error.reset();
    state.fields.clear();
    if (!reach_world(app, before, state.editor.scenario()))
        undo ? state.editor.redo() : state.editor.undo();
}

} // namespace

void set_world_edit_mode(App& app, bool on) {
    WorldEditState& edit = edit_state(app);
    edit.active = on;
    edit.placing.reset();
    edit.linking = false;
    edit.link_from.clear();
    edit.dragging.clear();
    if (!on) {
        app.close_panel("world_editor");
        return;
    }
    follow_world(app);
    app.state().playback.playing = false;
    // The editor's home is the tall guide column; a lesson being played (a challenge the
    // student repairs) keeps it, and the editor goes beside it.
    if (app.state().lesson.lesson_id.empty()) {
        app.open_panel("topology");
        app.open_panel("world_editor");
    } else {
        app.show_panels({"topology", "world_editor"});
    }
}

void new_world(App& app) {
    WorldEditState& edit = edit_state(app);
    if (!rebuild(app, world::empty_scenario(), Replay::None))
        return;
    edit.editor.reset(app.session().world()->scenario());
    edit.fields.clear();
    edit.error.reset();
    set_world_edit_mode(app, true);
}

void post_world_edit(App& app, world::WorldEdit edit, std::vector<std::string> clears) {
    edit_state(app).pending.push_back({std::move(edit), std::move(clears)});
}

void post_world_undo(App& app) {
    ++edit_state(app).pending_undo;
}

void post_world_redo(App& app) {
    --edit_state(app).pending_undo;
}

void apply_world_edits(App& app) {
    WorldEditState& edit = edit_state(app);
    if (!edit.active) {
        edit.pending.clear();
        edit.pending_undo = 0;
        return;
    }
    follow_world(app); // Ctrl+Z and Ctrl+Y post undo and redo with the other shortcuts
    // Taken out first: a rebuild may make a panel post again next frame.
    auto pending = std::move(edit.pending);
    edit.pending.clear();
    for (const auto& one : pending)
        apply_one(app, one);
    for (; edit.pending_undo > 0; --edit.pending_undo)
        step_history(app, true);
    for (; edit.pending_undo < 0; ++edit.pending_undo)
        step_history(app, false);
}

std::string world_text(App& app) {
    follow_world(app);
    return world::write_scenario(edit_state(app).editor.scenario());
}

void save_world(App& app) {
    WorldEditState& edit = edit_state(app);
    const std::string text = world_text(app);
    if (app.platform().is_web()) {
        const std::string& name = edit.editor.scenario().name;
        app.platform().offer_file((name.empty() ? "world" : name) + ".toml", text);
        edit.editor.mark_saved();
        return;
    }
    if (!write_text_file(edit.path, text)) {
        app.set_status(std::string(app.tr("editor.save_failed")) + ": " + edit.path);
        return;
    }
    edit.editor.mark_saved();
    app.set_status(std::string(app.tr("editor.saved")) + ": " + edit.path);
}

void save_challenge(App& app, const world::ChallengeDraft& draft) {
    const world::World* world = app.session().world();
    if (!world)
        return;
    const auto files = world::write_challenge(world->scenario(), earlier_inputs(app), draft);
    const std::vector<std::pair<std::string, std::string>> out = {
        {files.scenario_path, files.scenario},
        {files.folder + "/lesson.toml", files.lesson_toml},
        {files.folder + "/lesson.ko.md", files.lesson_ko},
        {files.folder + "/lesson.en.md", files.lesson_en}};
    if (app.platform().is_web()) {
        for (const auto& [name, text] : out)
            app.platform().offer_file(name.substr(name.rfind('/') + 1), text);
        app.set_status(std::string(app.tr("editor.challenge_saved")) + ": " + files.folder);
        return;
    }
    const std::filesystem::path root = std::filesystem::path(edit_state(app).path).parent_path();
    for (const auto& [name, text] : out) {
        const std::filesystem::path file = root / name;
        std::error_code ignored;
        std::filesystem::create_directories(file.parent_path(), ignored);
        if (!write_text_file(file.string(), text)) {
            app.set_status(std::string(app.tr("editor.save_failed")) + ": " + file.string());
            return;
        }
    }
    app.set_status(std::string(app.tr("editor.challenge_saved")) + ": " +
                   (root / files.folder).string());
}

void open_world(App& app) {
    if (refuse_if_live(app))
        return;
    if (app.platform().is_web()) {
        app.platform().request_file_upload(); // its text comes back as "open_scenario"
        return;
    }
    const std::string& path = edit_state(app).path;
    auto text = read_text_file(path);
    if (!text) {
        app.set_status(std::string(app.tr("open.unreadable")) + ": " + path);
        return;
    }
    app.load_scenario_text(*text, path); // a broken file: its error in the status line
}

void draw_world_file_menu_items(App& app) {
    WorldEditState& edit = edit_state(app);
    if (ImGui::MenuItem(app.tr("menu.file.new_world")))
        new_world(app);
    app.bridge().record_last_item("menu.file.new_world");
    if (ImGui::MenuItem(app.tr("menu.file.edit_world"), nullptr, edit.active))
        set_world_edit_mode(app, !edit.active);
    app.bridge().record_last_item("menu.file.edit_world");
    if (ImGui::MenuItem(app.tr("menu.file.save_world"), nullptr, false, edit.active))
        save_world(app);
    app.bridge().record_last_item("menu.file.save_world");
}

void draw_world_edit_menu(App& app) {
    WorldEditState& edit = edit_state(app);
    if (!ImGui::BeginMenu(app.tr("menu.edit"))) {
        app.bridge().record_last_item("menu.edit");
        return;
    }
    app.bridge().record_last_item("menu.edit");
    if (ImGui::MenuItem(app.tr("menu.edit.undo"), "Ctrl+Z", false,
                        edit.active && edit.editor.can_undo()))
        post_world_undo(app);
    app.bridge().record_last_item("menu.edit.undo");
    if (ImGui::MenuItem(app.tr("menu.edit.redo"), "Ctrl+Y", false,
                        edit.active && edit.editor.can_redo()))
        post_world_redo(app);
    app.bridge().record_last_item("menu.edit.redo");
    ImGui::EndMenu();
}

std::string dropped_reason_text(const App& app, const world::MissingName& missing) {
    const std::string format =
        app.tr(std::string("editor.dropped.") + world::drop_reason_id(missing.why));
    std::string text(format.size() + missing.name.size() + 1, '\0');
    const int n = std::snprintf(text.data(), text.size(), format.c_str(), missing.name.c_str());
    text.resize(n > 0 ? std::min(static_cast<std::size_t>(n), text.size() - 1) : 0);
    return text;
}

} // namespace mailsim::ui
