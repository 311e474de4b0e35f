#include "fonts.h"

#include "ui/util/text_file.h"

namespace mailsim::ui {
namespace {

// The glyph ranges must outlive the atlas build, which happens after this function returns.
ImVector<ImWchar> g_ranges;

} // namespace

Fonts build_fonts(const std::string& data_dir, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts fonts;
    fonts.pixel_size = kBaseFontPixels * scale;

    const std::string dir = data_dir + "/fonts/";
    const auto glyphs = read_text_file(dir + "glyphs.txt");
    if (!glyphs || !read_text_file(dir + "ui.ttf")) {
        ImFontConfig config;
        config.SizePixels = fonts.pixel_size;
        fonts.text = fonts.bold = fonts.mono = io.Fonts->AddFontDefault(&config);
        config.SizePixels = fonts.pixel_size * 1.35f;
        fonts.heading = io.Fonts->AddFontDefault(&config);
        return fonts;
    }

    g_ranges.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddText(glyphs->c_str(), glyphs->c_str() + glyphs->size());
    builder.BuildRanges(&g_ranges);

    ImFontConfig config;
    config.OversampleH = 1; // Hangul at 2x oversampling doubles the atlas for no visible gain
    config.OversampleV = 1;
    config.PixelSnapH = true;
    fonts.text = io.Fonts->AddFontFromFileTTF((dir + "ui.ttf").c_str(), fonts.pixel_size, &config,
                                              g_ranges.Data);
    fonts.bold = io.Fonts->AddFontFromFileTTF((dir + "ui-bold.ttf").c_str(), fonts.pixel_size,
                                              &config, g_ranges.Data);
    fonts.mono = io.Fonts->AddFontFromFileTTF((dir + "mono.ttf").c_str(), fonts.pixel_size, &config,
                                              g_ranges.Data);
    fonts.heading = io.Fonts->AddFontFromFileTTF((dir + "ui-bold.ttf").c_str(),
                                                 fonts.pixel_size * 1.35f, &config, g_ranges.Data);
    if (!fonts.bold)
        fonts.bold = fonts.text;
    if (!fonts.mono)
        fonts.mono = fonts.text;
    if (!fonts.heading)
        fonts.heading = fonts.bold;
    io.Fonts->Build();
    return fonts;
}

} // namespace mailsim::ui
