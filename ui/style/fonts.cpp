#include "fonts.h"

#include "ui/util/text_file.h"

#include <filesystem>
#include <initializer_list>
#include <system_error>

namespace mailsim::ui {
namespace {

// The glyph ranges must outlive the atlas build, which happens after this function returns.
ImVector<ImWchar> g_ranges;
ImVector<ImWchar> g_ranges_without_backslash;

// The ranges of glyphs.txt, once as they are and once without U+005C: NanumGothic draws the
// backslash as the Won sign (₩Seen for \Seen), so the text fonts take it from DejaVu instead.
void build_ranges(const std::string& glyphs) {
    g_ranges.clear();
    g_ranges_without_backslash.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddText(glyphs.c_str(), glyphs.c_str() + glyphs.size());
    builder.BuildRanges(&g_ranges);
    // Pairs of [first, last], zero-terminated.
    for (int i = 0; i + 1 < g_ranges.Size && g_ranges[i] != 0; i += 2) {
        const ImWchar first = g_ranges[i], last = g_ranges[i + 1];
        if (first <= '\\' && '\\' <= last) {
            if (first < '\\') {
                g_ranges_without_backslash.push_back(first);
                g_ranges_without_backslash.push_back('\\' - 1);
            }
            if ('\\' < last) {
                g_ranges_without_backslash.push_back('\\' + 1);
                g_ranges_without_backslash.push_back(last);
            }
            continue;
        }
        g_ranges_without_backslash.push_back(first);
        g_ranges_without_backslash.push_back(last);
    }
    g_ranges_without_backslash.push_back(0);
}

struct Face {
    const char* file;
    const ImWchar* ranges;
};

// One ImFont from a chain of files: the first gives the metrics and wins every glyph it has,
// each next one fills in only what the ones before it lack (ImGui's merge mode).
ImFont* add_chain(const std::string& dir, float pixels, std::initializer_list<Face> faces) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    ImFont* font = nullptr;
    for (const Face& face : faces) {
        ImFontConfig config;
        config.OversampleH = 1; // Hangul at 2x oversampling doubles the atlas for no visible gain
        config.OversampleV = 1;
        config.PixelSnapH = true;
        config.MergeMode = font != nullptr;
        const std::string path = dir + face.file;
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            continue; // an older data folder without this file: the chain is shorter
        ImFont* added = atlas->AddFontFromFileTTF(path.c_str(), pixels, &config, face.ranges);
        if (!font)
            font = added;
    }
    return font;
}

} // namespace

Fonts build_fonts(const std::string& data_dir, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts fonts;
    fonts.pixel_size = kBaseFontPixels * scale;

    const std::string dir = data_dir + "/fonts/";
    const auto glyphs = read_text_file(dir + "glyphs.txt");
    std::error_code ec;
    if (!glyphs || !std::filesystem::exists(dir + "ui.ttf", ec)) {
        ImFontConfig config;
        config.SizePixels = fonts.pixel_size;
        fonts.text = fonts.bold = fonts.mono = io.Fonts->AddFontDefault(&config);
        config.SizePixels = fonts.pixel_size * 1.35f;
        fonts.heading = io.Fonts->AddFontDefault(&config);
        return fonts;
    }
    build_ranges(*glyphs);
    const ImWchar* all = g_ranges.Data;
    const ImWchar* no_backslash = g_ranges_without_backslash.Data;
    const float size = fonts.pixel_size;
    fonts.text = add_chain(dir, size,
                           {{"ui.ttf", no_backslash}, {"ui-latin.ttf", all}, {"symbols.ttf", all}});
    fonts.bold = add_chain(
        dir, size,
        {{"ui-bold.ttf", no_backslash}, {"ui-bold-latin.ttf", all}, {"symbols.ttf", all}});
    // Code, protocol lines and raw bytes: DejaVu Sans Mono, Hangul from NanumGothicCoding.
    fonts.mono =
        add_chain(dir, size, {{"mono.ttf", all}, {"mono-hangul.ttf", all}, {"symbols.ttf", all}});
    fonts.heading = add_chain(
        dir, size * 1.35f,
        {{"ui-bold.ttf", no_backslash}, {"ui-bold-latin.ttf", all}, {"symbols.ttf", all}});
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
