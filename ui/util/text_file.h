#pragma once
// Reading whole files for the UI (data folder, settings). On the web the same paths live in
// Emscripten's virtual file system, preloaded from the .data bundle.
#include <optional>
#include <string>

namespace mailsim::ui {

std::optional<std::string> read_text_file(const std::string& path);
bool write_text_file(const std::string& path, const std::string& text);

} // namespace mailsim::ui
