#pragma once
// The ImGui side of the layout (ui/app/layout.h): each panel's window is put on its region
// every frame, with no title bar, no moving or resizing, opaque; the region's header above it
// has a tab per open panel (or, where the tabs do not fit, a switcher that lists them).
#include "ui/app/split_tree.h"

namespace mailsim::ui {

class App;

// Begins the window of panel `id` (a registry id) on its place in the layout. Pair it with
// ImGui::End() as with ImGui::Begin. `open` is the panel's open flag (closing is the
// header's close button).
bool begin_panel(App& app, const char* id, bool* open);

// The height of a region's header at the current font size.
float region_header_height();

// After the panels drew: each panel's scroll is that of its window or, where its content
// scrolls in a child window (the lesson's step text), of the child that scrolls most.
void record_panel_scrolls(App& app);

// The tab strips (or switchers) of every region, and the draggable splitters between them.
void draw_region_headers(App& app);

} // namespace mailsim::ui
