#pragma once
// A row of widgets that wraps: each item goes beside the previous one when it fits in the
// window's width, else onto the next line. Dear ImGui 1.86 has no wrapping layout, and a
// fixed row of buttons ran off the right edge of a phone or of a narrow tile at large text.
#include <imgui.h>

#include <vector>

namespace mailsim::ui {

class FlowRow {
public:
    // Call before each item of the row with the width the item will take.
    void next(float item_width);
    // The width of a button with this label (its frame included).
    static float button_width(const char* label);
    // The width of a checkbox with this label (its box and the gap before the label included).
    static float checkbox_width(const char* label);
    // How many lines a row of these buttons takes in `width` (to leave room for it above).
    static int rows_needed(const std::vector<const char*>& labels, float width);

private:
    bool m_first = true;
};

} // namespace mailsim::ui
