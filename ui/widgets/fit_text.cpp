#include "fit_text.h"

#include <string>

namespace mailsim::ui {
namespace {

float room(float width) {
    return width > 0 ? width : ImGui::GetContentRegionAvail().x;
}

void whole_text_tooltip(std::string_view text, std::string_view more = {}) {
    if (!ImGui::IsItemHovered())
        return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
    if (!text.empty())
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
    if (!more.empty())
        ImGui::TextUnformatted(more.data(), more.data() + more.size());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

} // namespace

void hint_text(std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::PushTextWrapPos(0.0f); // the window's content edge, whatever its width
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

std::string_view fitting_prefix(std::string_view text, float width, bool* shortened) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    *shortened = ImGui::CalcTextSize(begin, end).x > width;
    if (!*shortened)
        return text;
    ImFont* font = ImGui::GetFont();
    const float limit = width - ImGui::CalcTextSize(kEllipsis).x;
    const char* stop = end;
    // CalcTextSizeA stops at the last whole character (UTF-8) that fits in `limit`.
    font->CalcTextSizeA(ImGui::GetFontSize(), limit > 0 ? limit : 0, 0, begin, end, &stop);
    return text.substr(0, static_cast<std::size_t>(stop - begin));
}

bool fit_text(std::string_view text, float width) {
    bool shortened = false;
    const std::string_view shown = fitting_prefix(text, room(width), &shortened);
    if (!shortened) {
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
        return false;
    }
    const std::string line = std::string(shown) + kEllipsis;
    ImGui::TextUnformatted(line.c_str());
    whole_text_tooltip(text);
    return true;
}

bool fit_text_disabled(std::string_view text, float width) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    const bool shortened = fit_text(text, width);
    ImGui::PopStyleColor();
    return shortened;
}

bool fit_selectable(std::string_view text, bool selected, ImGuiSelectableFlags flags, float width,
                    std::string_view more) {
    bool shortened = false;
    const std::string_view shown = fitting_prefix(text, room(width), &shortened);
    // The label's ID is the whole text, so shortening it does not change which item it is.
    const std::string label =
        std::string(shown) + (shortened ? kEllipsis : "") + "##" + std::string(text);
    const bool clicked = ImGui::Selectable(label.c_str(), selected, flags);
    if (shortened || !more.empty())
        whole_text_tooltip(shortened ? text : std::string_view{}, more);
    return clicked;
}

} // namespace mailsim::ui
