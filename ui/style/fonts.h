#pragma once
// Hangul-capable fonts baked for the glyphs the app can show (see scripts/build_app_data.py):
// NanumGothic for text and its bold cut, DejaVu Sans Mono with NanumGothicCoding's Hangul for
// code, transcripts and raw bytes; DejaVu fills in the symbols Nanum lacks and the backslash.
#include <imgui.h>

#include <string>

namespace mailsim::ui {

struct Fonts {
    ImFont* text = nullptr;
    ImFont* bold = nullptr;
    ImFont* mono = nullptr;
    ImFont* heading = nullptr;
    float pixel_size = 0;  // size of `text` in pixels
    bool prebaked = false; // loaded from the build's atlas file, not rasterised now
};

// Whether build_fonts may load the atlas the build baked for this size (fonts/atlas-N.bin,
// see font_atlas_file.h) or must rasterise: the bake tool itself, and the test that compares
// the two.
enum class FontBake { UsePrebaked, Rasterise };

inline constexpr float kBaseFontPixels = 17.0f;

// Clears the atlas and bakes all fonts at kBaseFontPixels * scale. Falls back to ImGui's
// built-in font (ASCII only) if the data folder has no fonts, so the app still runs. Bold and
// headings get only the app's own characters (glyphs-app.txt) unless every_glyph_in_every_font.
// At a size the build baked (the default size at devicePixelRatio 1), the atlas is loaded
// from its file instead: the same pixels and glyphs without rasterising anything.
Fonts build_fonts(const std::string& data_dir, float scale, bool every_glyph_in_every_font = false,
                  FontBake bake = FontBake::UsePrebaked);

} // namespace mailsim::ui
