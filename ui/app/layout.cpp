#include "layout.h"

namespace mailsim::ui {
namespace {

struct Box {
    float x, y, w, h; // fractions of the work area (controls strip excluded)
};

// Left half: the network and the sequence diagram; middle: transcript, mailboxes, queues;
// right: the lesson. Tools (inspector, compose, ...) float over the middle.
Box box_for(const std::string& id) {
    if (id == "topology")
        return {0.00f, 0.00f, 0.50f, 0.45f};
    if (id == "sequence")
        return {0.00f, 0.45f, 0.50f, 0.55f};
    if (id == "transcript")
        return {0.50f, 0.00f, 0.25f, 0.55f};
    if (id == "mailboxes")
        return {0.50f, 0.55f, 0.25f, 0.25f};
    if (id == "queues")
        return {0.50f, 0.80f, 0.25f, 0.20f};
    if (id == "lesson" || id == "quiz")
        return {0.75f, 0.00f, 0.25f, 1.00f};
    if (id == "inspector")
        return {0.10f, 0.08f, 0.60f, 0.70f};
    if (id == "compose")
        return {0.45f, 0.10f, 0.32f, 0.62f};
    if (id == "faults")
        return {0.03f, 0.40f, 0.40f, 0.55f};
    if (id == "telnet")
        return {0.12f, 0.12f, 0.42f, 0.55f};
    if (id == "state_machine") // diagrams want room: arrows and labels must stay readable
        return {0.10f, 0.06f, 0.64f, 0.80f};
    if (id == "explainer")
        return {0.20f, 0.15f, 0.45f, 0.60f};
    return {0.25f, 0.15f, 0.45f, 0.55f};
}

} // namespace

void place_panel(const std::string& id, bool force) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    // The work area excludes the main menu bar only from the second frame on (ImGui measures
    // the bar at the end of a frame), but first-use positions are taken in the first frame:
    // leave the bar's height free explicitly.
    const float top = viewport->Pos.y + ImGui::GetFrameHeight();
    const float work_height = viewport->Pos.y + viewport->Size.y - top;
    const ImGuiCond cond = force ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    const float controls = em * 6.2f;
    if (id == "controls") {
        ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x, top + work_height - controls), cond);
        ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, controls), cond);
        return;
    }
    const Box b = box_for(id);
    const float width = viewport->Size.x, height = work_height - controls;
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + b.x * width, top + b.y * height), cond);
    ImGui::SetNextWindowSize(ImVec2(b.w * width, b.h * height), cond);
}

} // namespace mailsim::ui
