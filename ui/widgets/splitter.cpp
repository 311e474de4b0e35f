#include "splitter.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>

namespace mailsim::ui {
namespace {

constexpr const char* kWindowPrefix = "##splitter.";

bool is_splitter(const ImGuiWindow* window) {
    return std::strncmp(window->RootWindow->Name, kWindowPrefix, std::strlen(kWindowPrefix)) == 0;
}

// The tiles never come to the front (ImGuiWindowFlags_NoBringToFrontOnFocus); what floats
// does: menus, popups, tooltips, dialogs.
bool is_tile(const ImGuiWindow* window) {
    return !is_splitter(window) &&
           (window->RootWindow->Flags & ImGuiWindowFlags_NoBringToFrontOnFocus) != 0;
}

// ImGui stacks a window where it first appeared: a tile opened later would cover the handle,
// and a handle that appeared while a dialog was open would cover the dialog. So every frame
// the handle goes just above the topmost tile, unless it is there already (other handles
// may be between).
void keep_above_tiles(ImGuiWindow* handle) {
    ImGuiContext& g = *GImGui;
    const int at = ImGui::FindWindowDisplayIndex(handle);
    int top_tile = -1;
    for (int i = 0; i < g.Windows.Size; ++i)
        if (is_tile(g.Windows[i]))
            top_tile = i;
    bool floating_between = false;
    for (int i = top_tile + 1; i < at; ++i)
        floating_between |=
            !is_splitter(g.Windows[i]) && (g.Windows[i]->Active || g.Windows[i]->WasActive);
    if (top_tile < at && !floating_between)
        return;
    if (top_tile + 1 >= g.Windows.Size)
        ImGui::BringWindowToDisplayFront(handle);
    else
        ImGui::BringWindowToDisplayBehind(handle, g.Windows[top_tile + 1]);
}

} // namespace

SplitterInput splitter_handle(const std::string& id, const Rect& handle, Axis axis,
                              float boundary) {
    SplitterInput input;
    const bool columns = axis == Axis::Columns;
    ImGui::SetNextWindowPos(ImVec2(handle.x, handle.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(handle.w, handle.h), ImGuiCond_Always);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoFocusOnAppearing |
        ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoScrollWithMouse |
        ImGuiWindowFlags_NoBringToFrontOnFocus;
    const bool shown = ImGui::Begin((kWindowPrefix + id).c_str(), nullptr, flags);
    ImGui::PopStyleVar(4);
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (shown) {
        ImGui::SetCursorScreenPos(ImVec2(handle.x, handle.y));
        ImGui::InvisibleButton("##handle", ImVec2(handle.w, handle.h));
        input.hovered = ImGui::IsItemHovered();
        input.held = ImGui::IsItemActive();
        input.released = ImGui::IsItemDeactivated();
        if (input.hovered || input.held)
            ImGui::SetMouseCursor(columns ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
        if (input.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            input.double_clicked = true;
        } else if (input.held && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
            // The pointer less where on the handle it took hold: the boundary follows it
            // without a jump, and comes back only when the pointer does after a minimum.
            const ImVec2 grab = GImGui->ActiveIdClickOffset;
            const ImVec2 mouse = ImGui::GetIO().MousePos;
            input.dragged_to = columns ? mouse.x - grab.x + (boundary - handle.x)
                                       : mouse.y - grab.y + (boundary - handle.y);
        }
        if (input.hovered || input.held) {
            const ImU32 colour = ImGui::GetColorU32(input.held ? ImGuiCol_SeparatorActive
                                                               : ImGuiCol_SeparatorHovered);
            window->DrawList->AddRectFilled(ImVec2(handle.x, handle.y),
                                            ImVec2(handle.right(), handle.bottom()), colour);
        }
    }
    ImGui::End();
    keep_above_tiles(window);
    return input;
}

} // namespace mailsim::ui
