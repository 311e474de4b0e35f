#pragma once
// A baked font atlas as a file: the R8 pixels, every font's metrics and glyph table, the
// white pixel and the anti-aliased line UVs. A build step (ui/tools/bake_font_atlas.cpp, run
// by cmake/app_data.cmake) bakes the app's fonts at the default size with build_fonts itself
// and writes this; build_fonts then loads it instead of rasterising ~9,000 glyphs, about half
// of the web app's start-up CPU. Any other size (another devicePixelRatio, a text-size step)
// is still rasterised at run time.
#include <imgui.h>

#include <cstdint>
#include <string>

namespace mailsim::ui {

struct Fonts;

// What the atlas was baked from: the glyph lists and the sizes of the font files. A data
// folder whose fonts changed without a new bake has another fingerprint, and the atlas is
// not used.
std::uint64_t font_sources_fingerprint(const std::string& fonts_dir);

// "atlas-1700.bin" for 17 px: the name build_fonts looks for at a pixel size.
std::string font_atlas_file_name(float pixel_size);

// The current atlas (built) and the roles of its fonts, as the file's bytes.
std::string write_font_atlas(const ImFontAtlas& atlas, const Fonts& fonts,
                             std::uint64_t fingerprint);

// Replaces `atlas`'s fonts and pixels with the file's. False (and `atlas` cleared) if the
// bytes are not an atlas of this format, pixel size and fingerprint.
bool read_font_atlas(const std::string& bytes, float pixel_size, std::uint64_t fingerprint,
                     ImFontAtlas& atlas, Fonts& fonts);

} // namespace mailsim::ui
