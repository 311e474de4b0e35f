// Build step: bakes the app's font atlas for the data folder at the given UI scales (1 = the
// default text size at devicePixelRatio 1) with build_fonts itself, so the pixels and glyph
// tables are the ones the app would rasterise, and writes each as fonts/atlas-N.bin. The app
// (desktop and web) then loads the file at that size instead of rasterising at start-up.
//
//   mailsim-bake-fonts DATA_DIR [SCALE...]
// The web build runs its wasm build of this under node (NODERAWFS): the same code, the same
// floating point, as the app that reads the file.
#include "ui/style/font_atlas_file.h"
#include "ui/style/fonts.h"
#include "ui/util/text_file.h"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

int main(int argc, char** argv) {
    using namespace mailsim::ui;
    if (argc < 2) {
        std::fprintf(stderr, "usage: mailsim-bake-fonts DATA_DIR [SCALE...]\n");
        return 2;
    }
    const std::string data_dir = argv[1];
    const std::string fonts_dir = data_dir + "/fonts/";
    std::vector<float> scales;
    for (int i = 2; i < argc; ++i) {
        char* end = nullptr;
        const float scale = std::strtof(argv[i], &end);
        if (end == argv[i] || *end != '\0' || !(scale > 0.1f && scale < 10.0f)) {
            std::fprintf(stderr, "mailsim-bake-fonts: not a scale: %s\n", argv[i]);
            return 2;
        }
        scales.push_back(scale);
    }
    if (scales.empty())
        scales.push_back(1.0f);
    const std::uint64_t fingerprint = font_sources_fingerprint(fonts_dir);
    for (float scale : scales) {
        ImGuiContext* context = ImGui::CreateContext();
        const Fonts fonts = build_fonts(data_dir, scale, false, FontBake::Rasterise);
        ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
        const std::string path = fonts_dir + font_atlas_file_name(fonts.pixel_size);
        bool written = false;
        std::error_code ec;
        if (fonts.text && atlas.TexPixelsAlpha8 &&
            std::filesystem::exists(fonts_dir + "ui.ttf", ec)) // not ImGui's built-in font
            written = write_text_file(path, write_font_atlas(atlas, fonts, fingerprint));
        else
            std::fprintf(stderr, "mailsim-bake-fonts: no fonts in %s\n", fonts_dir.c_str());
        if (written)
            std::printf("mailsim-bake-fonts: %s (%d x %d, %.1f px)\n", path.c_str(), atlas.TexWidth,
                        atlas.TexHeight, static_cast<double>(fonts.pixel_size));
        ImGui::DestroyContext(context);
        if (!written)
            return 1;
    }
    return 0;
}
