#include "flow_row.h"

namespace mailsim::ui {

void FlowRow::next(float item_width) {
    if (m_first) {
        m_first = false;
        return;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float x = ImGui::GetItemRectMax().x + style.ItemSpacing.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (x + item_width <= right)
        ImGui::SameLine();
}

float FlowRow::button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

float FlowRow::checkbox_width(const char* label) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float box = ImGui::GetFrameHeight();
    const float text = ImGui::CalcTextSize(label, nullptr, true).x;
    return box + (text > 0 ? style.ItemInnerSpacing.x + text : 0);
}

int FlowRow::rows_needed(const std::vector<const char*>& labels, float width) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    int rows = labels.empty() ? 0 : 1;
    float used = 0;
    for (const char* label : labels) {
        const float w = button_width(label);
        if (used > 0 && used + spacing + w > width) {
            ++rows;
            used = w;
        } else {
            used += (used > 0 ? spacing : 0) + w;
        }
    }
    return rows;
}

} // namespace mailsim::ui
