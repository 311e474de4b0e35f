#pragma once
// The world editor in the app: the edit mode's state (the design being edited with its
// history, the palette tool, the drag, the text fields) and the one place its edits reach the
// shown world. Panels post edits while they draw; apply_world_edits() applies them between
// frames, as App applies world actions, and sends each change to the world the way
// sim/world/world_edit.h explains: live actions through Session::perform (recorded, time
// travel holds) when only aliases, relays or DNS records changed, otherwise a new world made
// from the edited design.
#include "sim/world/world_edit.h"
#include "sim/world/world_edit_challenge.h"
#include "sim/world/world_edit_replay.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::ui {

class App;

struct WorldEditState {
    bool active = false; // the topology is in edit mode and the editor panel is open
    world::WorldEditor editor;
    // The design the shown world was made from: another one there (a file opened, another
    // scenario chosen) means the editor starts over from it.
    world::Scenario built_from;
    bool bound = false;

    // The palette: the next click on the empty canvas places a host of this kind.
    std::optional<world::HostKind> placing;
    // The link tool: click one host, then another.
    bool linking = false;
    std::string link_from;
    // The link whose properties show (its two ends), when no host is selected.
    std::string link_a, link_b;
    // A host being dragged, and where on it the mouse took it (canvas fractions).
    std::string dragging;
    double grab_dx = 0, grab_dy = 0;

    // The properties' text fields while they are being typed in, by field id; a field not in
    // here shows the design's value.
    std::map<std::string, std::string> fields;
    std::string fields_for;                 // the selection the fields were typed for
    std::optional<world::FieldError> error; // the last refused edit, shown at its field
    std::string path = "world.toml";        // desktop Save/Open
    std::string share_link;                 // the last share link (web)
    // The last structural edit's replay of the student's earlier actions: how many happened
    // again in the new world, and the ones that no longer apply, each with its reason.
    std::size_t replayed = 0;
    std::vector<world::DroppedInput> dropped;

    struct Pending {
        world::WorldEdit edit;
        std::vector<std::string> clears; // fields to empty once it is applied (an "add" row)
    };
    std::vector<Pending> pending;
    int pending_undo = 0; // > 0 undo, < 0 redo, applied with the edits
};

// Edit mode on (the editor takes the shown world's design) or off.
void set_world_edit_mode(App& app, bool on);
// File > New world: an empty design, shown as an empty world, in edit mode.
void new_world(App& app);
// A panel's request, applied after the frame.
void post_world_edit(App& app, world::WorldEdit edit, std::vector<std::string> clears = {});
void post_world_undo(App& app);
void post_world_redo(App& app);
// Between frames: Ctrl+Z / Ctrl+Y, then the posted edits, each reaching the world.
void apply_world_edits(App& app);

// Why a replayed action was dropped, in the UI's language (editor.dropped.<reason id>).
std::string dropped_reason_text(const App& app, const world::MissingName& missing);
// The design as a scenario file: downloaded on the web, written to `path` on the desktop.
void save_world(App& app);
// Opens a scenario file as the design: an upload on the web, `path` on the desktop. The
// editor follows the world it makes (a fresh history).
void open_world(App& app);
// Saves the shown world as a challenge (world_edit_challenge.h): the world as it was made is
// the broken scenario, what was done in it since (up to the shown position) the scripted
// repair. Desktop: the files under the folder of `path` (scenarios/<name>.toml and
// challenge-<name>/); web: four downloads.
void save_challenge(App& app, const world::ChallengeDraft& draft);
// The web shell makes the share link from this text (world_edit_command "world_text").
std::string world_text(App& app);
// The edit items of the File menu and the Edit menu (undo/redo).
void draw_world_file_menu_items(App& app);
void draw_world_edit_menu(App& app);

} // namespace mailsim::ui
