#include "follow_scroll.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

namespace mailsim::ui {

void follow_current_row(FollowScroll& follow, std::size_t position, bool playing, bool has_row,
                        float row_top, float row_height) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const bool wheel = ImGui::IsWindowHovered() && ImGui::GetIO().MouseWheel != 0.0f;
    const bool dragging_bar =
        ImGui::GetActiveID() != 0 &&
        ImGui::GetActiveID() == ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y);
    const bool moved = position != follow.seen_position;
    const bool started_playing = playing && !follow.seen_playing;
    follow.seen_position = position;
    follow.seen_playing = playing;
    if (wheel || dragging_bar) {
        follow.following = false;
        return;
    }
    if ((moved && !playing) || started_playing)
        follow.following = true;
    if (!follow.following || !has_row)
        return;
    const float view_top = ImGui::GetScrollY();
    const float view_height = ImGui::GetWindowHeight() - ImGui::GetStyle().ScrollbarSize;
    if (row_top >= view_top && row_top + row_height <= view_top + view_height)
        return;
    // Out of view: bring it to three quarters down, so the lines before it (what led to it)
    // are on screen too and the next few lines appear below it.
    ImGui::SetScrollY(std::max(0.0f, row_top + row_height - view_height * 0.75f));
}

void follow_current_span(FollowScroll& follow, std::size_t position, float left, float right) {
    if (!follow.following || follow.span_position == position)
        return;
    const float view_left = ImGui::GetScrollX();
    const float view_width = ImGui::GetWindowWidth() - ImGui::GetStyle().ScrollbarSize;
    if (left >= view_left && right <= view_left + view_width) {
        follow.span_position = position;
        return;
    }
    if (ImGui::GetScrollMaxX() <= 0)
        return; // the window's first frame: its content's width is known from the next one
    follow.span_position = position;
    const float centred = (left + right - view_width) * 0.5f;
    ImGui::SetScrollX(
        std::clamp(right - left > view_width ? left : centred, 0.0f, ImGui::GetScrollMaxX()));
}

} // namespace mailsim::ui
