#pragma once
// A splitter: the thin handle on the boundary between two tiled windows that a mouse or a
// finger drags to give one side more room (the layout's arithmetic is in ui/app/layout.h).
// Each handle is a small window of its own, kept just above the tiles and below every menu,
// popup and dialog, so it takes the pointer on both sides of the boundary without covering
// anything that floats.
#include "ui/app/split_tree.h"

#include <optional>
#include <string>

namespace mailsim::ui {

struct SplitterInput {
    bool hovered = false;
    bool held = false;
    std::optional<float> dragged_to; // where the pointer asks the boundary to be
    bool released = false;           // the drag ended this frame: time to save
    bool double_clicked = false;     // back to the default split
};

// Draws the handle over `handle` for a boundary now at `boundary` (an x for Columns, a y for
// Rows): highlighted while hovered or held, with the resize cursor.
SplitterInput splitter_handle(const std::string& id, const Rect& handle, Axis axis, float boundary);

} // namespace mailsim::ui
