#pragma once
// A scrolling trace list that follows the current event: stepping, seeking or playing keeps
// the current row in view. Scrolling away by hand (the wheel over the list, its scroll bar)
// stops following, so a student can read back; the next step or pressing play resumes it.
#include <cstddef>

namespace mailsim::ui {

struct FollowScroll {
    bool following = true;
    std::size_t seen_position = static_cast<std::size_t>(-1);
    bool seen_playing = false;
    std::size_t span_position = static_cast<std::size_t>(-1); // scrolled sideways for it
};

// Call inside the list's child window after its rows were submitted. `row_top` is the current
// row's offset from the top of the content, `row_height` its height; `has_row` false when no
// row is current (nothing shown yet).
void follow_current_row(FollowScroll& follow, std::size_t position, bool playing, bool has_row,
                        float row_top, float row_height);
// Then, for a list wider than its window (the sequence diagram's lanes on a phone): once per new
// current event, scroll sideways so its arrow and label, `left` to `right` from the content's
// left edge, are in view. Scrolling sideways by hand afterwards is left alone.
void follow_current_span(FollowScroll& follow, std::size_t position, float left, float right);

} // namespace mailsim::ui
