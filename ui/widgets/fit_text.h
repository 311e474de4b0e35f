#pragma once
// Text in the room there is. One line that does not fit is cut at a character boundary with
// "…", and the whole text shows in a tooltip while the pointer is on it (a tap on a touch
// screen hovers too), so nothing is cut mid-word without a way to read the rest.
#include <imgui.h>

#include <string_view>

namespace mailsim::ui {

inline constexpr const char* kEllipsis = "\xe2\x80\xa6"; // …

// Draws `text` in at most `width` pixels (0: the rest of the line, as a table cell's width).
// Returns true if it had to be shortened.
bool fit_text(std::string_view text, float width = 0);
// The same as a selectable row (a table's first cell with SpanAllColumns, a list entry);
// `more` (if any) is shown in the tooltip under the whole text, whether it was cut or not.
bool fit_selectable(std::string_view text, bool selected, ImGuiSelectableFlags flags = 0,
                    float width = 0, std::string_view more = {});
// fit_text in the theme's disabled (secondary) text colour.
bool fit_text_disabled(std::string_view text, float width = 0);
// A sentence of help or of "nothing here yet" in the disabled colour, wrapped at the edge of
// the window: a narrow tile or a phone shows all of it, where plain text ran off the edge.
void hint_text(std::string_view text);
// The longest prefix of `text` that, followed by "…", fits in `width` (whole text if it fits).
std::string_view fitting_prefix(std::string_view text, float width, bool* shortened);

} // namespace mailsim::ui
