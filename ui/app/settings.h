#pragma once
// What the user chose and expects to find again next time (persisted through the Platform),
// kept apart from the runtime AppState.
#include "ui/i18n/strings.h"

#include <map>
#include <string>

namespace mailsim::ui {

enum class Theme { Dark, Light };

struct Settings {
    Language language = Language::Korean;
    Theme theme = Theme::Dark;
    float font_scale = 1.0f;     // the user's Ctrl +/- on top of the content scale
    bool projector_mode = false; // bigger text and thicker lines for a lecture hall
    bool show_frame_overlay = false;
    std::map<std::string, bool> open_panels;   // panel id -> open
    std::string imgui_ini;                     // ImGui's window layout, kept with the settings
    std::map<std::string, float> split_ratios; // "shape.node" -> share the user dragged to

    std::string to_json() const;
    // Unknown or malformed input leaves the defaults in place.
    static Settings from_json(const std::string& text);
};

inline constexpr float kMinFontScale = 0.6f;
inline constexpr float kMaxFontScale = 3.0f;

} // namespace mailsim::ui
