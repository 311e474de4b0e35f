#include "text_input.h"

namespace mailsim::ui {
namespace {

int resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* text = static_cast<std::string*>(data->UserData);
        text->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = text->data();
    }
    return 0;
}

} // namespace

bool input_text(const char* label, std::string& text, ImGuiInputTextFlags flags) {
    return ImGui::InputText(label, text.data(), text.capacity() + 1,
                            flags | ImGuiInputTextFlags_CallbackResize, resize_callback, &text);
}

bool input_text_multiline(const char* label, std::string& text, const ImVec2& size,
                          ImGuiInputTextFlags flags) {
    return ImGui::InputTextMultiline(label, text.data(), text.capacity() + 1, size,
                                     flags | ImGuiInputTextFlags_CallbackResize, resize_callback,
                                     &text);
}

} // namespace mailsim::ui
