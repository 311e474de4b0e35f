#pragma once
// ImGui text fields bound to std::string (ImGui 1.86 core takes fixed char buffers).
#include <imgui.h>

#include <string>

namespace mailsim::ui {

bool input_text(const char* label, std::string& text, ImGuiInputTextFlags flags = 0);
bool input_text_multiline(const char* label, std::string& text, const ImVec2& size,
                          ImGuiInputTextFlags flags = 0);

} // namespace mailsim::ui
