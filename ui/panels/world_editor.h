#pragma once
// The world editor's two halves: the panel (palette, properties, DNS, save/share) and the
// topology's edit layer (place, drag, link, select), which the topology panel calls.
#include "ui/widgets/label_placement.h"

#include <imgui.h>

#include <map>
#include <string>

namespace mailsim::ui {

class App;

void draw_world_editor_panel(App& app, bool* open);

// Hosts the editor placed by hand go where they were put (canvas fractions), over the
// automatic layout.
void place_edited_hosts(App& app, std::map<std::string, ImVec2>& at, ImVec2 min, ImVec2 size);
// In edit mode: the palette's placing, dragging hosts, the link tool and link selection,
// drawn over the topology and turned into world edits.
void draw_world_edit_layer(App& app, ImDrawList* draw, const std::map<std::string, ImVec2>& at,
                           const std::map<std::string, LayoutRect>& boxes, ImVec2 min, ImVec2 size);

} // namespace mailsim::ui
