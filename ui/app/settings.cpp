#include "settings.h"

#include "ui/app/split_tree.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mailsim::ui {

std::string Settings::to_json() const {
    nlohmann::json j;
    j["language"] = language_code(language);
    j["theme"] = theme == Theme::Dark ? "dark" : "light";
    j["font_scale"] = font_scale;
    j["projector_mode"] = projector_mode;
    j["show_frame_overlay"] = show_frame_overlay;
    j["open_panels"] = open_panels;
    j["imgui_ini"] = imgui_ini;
    j["split_ratios"] = split_ratios;
    return j.dump();
}

Settings Settings::from_json(const std::string& text) {
    Settings settings;
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object())
        return settings;
    if (j.contains("language") && j["language"].is_string())
        settings.language = language_from_code(j["language"].get<std::string>(), settings.language);
    if (j.contains("theme") && j["theme"].is_string())
        settings.theme = j["theme"].get<std::string>() == "light" ? Theme::Light : Theme::Dark;
    if (j.contains("font_scale") && j["font_scale"].is_number())
        settings.font_scale =
            std::clamp(j["font_scale"].get<float>(), kMinFontScale, kMaxFontScale);
    if (j.contains("projector_mode") && j["projector_mode"].is_boolean())
        settings.projector_mode = j["projector_mode"].get<bool>();
    if (j.contains("show_frame_overlay") && j["show_frame_overlay"].is_boolean())
        settings.show_frame_overlay = j["show_frame_overlay"].get<bool>();
    if (j.contains("open_panels") && j["open_panels"].is_object())
        for (const auto& [id, open] : j["open_panels"].items())
            if (open.is_boolean())
                settings.open_panels[id] = open.get<bool>();
    if (j.contains("split_ratios") && j["split_ratios"].is_object())
        for (const auto& [key, ratio] : j["split_ratios"].items())
            if (ratio.is_number())
                settings.split_ratios[key] =
                    std::clamp(ratio.get<float>(), kMinSplitRatio, kMaxSplitRatio);
    if (j.contains("imgui_ini") && j["imgui_ini"].is_string())
        settings.imgui_ini = j["imgui_ini"].get<std::string>();
    return settings;
}

} // namespace mailsim::ui
