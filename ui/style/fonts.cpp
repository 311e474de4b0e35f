#include "fonts.h"

#include "ui/style/font_atlas_file.h"
#include "ui/util/text_file.h"

#include <filesystem>
#include <initializer_list>
#include <system_error>

namespace mailsim::ui {
namespace {

// Glyph ranges for ImGui: every character of a glyph list, and the same without U+005C
// (NanumGothic draws the backslash as the Won sign, ₩Seen for \Seen, so the text fonts take
// it from DejaVu instead). They must outlive the atlas build, which happens after
// build_fonts returns: one set for the whole list, one for the app's own text.
struct Ranges {
    ImVector<ImWchar> all;
    ImVector<ImWchar> without_backslash;

    void build(const std::string& glyphs) {
        all.clear();
        without_backslash.clear();
        ImFontGlyphRangesBuilder builder;
        builder.AddText(glyphs.c_str(), glyphs.c_str() + glyphs.size());
        builder.BuildRanges(&all);
        // Pairs of [first, last], zero-terminated.
        for (int i = 0; i + 1 < all.Size && all[i] != 0; i += 2) {
            const ImWchar first = all[i], last = all[i + 1];
            if (first <= '\\' && '\\' <= last) {
                if (first < '\\') {
                    without_backslash.push_back(first);
                    without_backslash.push_back('\\' - 1);
                }
                if ('\\' < last) {
                    without_backslash.push_back('\\' + 1);
                    without_backslash.push_back(last);
                }
                continue;
            }
            without_backslash.push_back(first);
            without_backslash.push_back(last);
        }
        without_backslash.push_back(0);
    }
};

Ranges g_every_glyph; // glyphs.txt: all the fonts hold, KS X 1001's 2,350 syllables included
Ranges g_app_text;    // glyphs-app.txt: what the strings, lessons and scenarios use

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

Fonts build_fonts(const std::string& data_dir, float scale, bool every_glyph_in_every_font,
                  FontBake bake) {
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
    // The build bakes the default atlas (app glyphs in bold and headings) ahead of time.
    if (bake == FontBake::UsePrebaked && !every_glyph_in_every_font) {
        if (const auto file = read_text_file(dir + font_atlas_file_name(fonts.pixel_size))) {
            if (read_font_atlas(*file, fonts.pixel_size, font_sources_fingerprint(dir), *io.Fonts,
                                fonts)) {
                fonts.prebaked = true;
                return fonts;
            }
        }
    }
    g_every_glyph.build(*glyphs);
    // The text and monospace fonts show what users type and what messages carry, so they
    // hold every glyph. Bold and headings show the app's own text (labels, lesson titles,
    // bold words of a lesson, the bundled scenarios' host names): baking only those
    // characters leaves out ~1,700 syllables at two sizes, a third of the atlas and of the
    // first frame's bake. An opened scenario file can hold any name, so App asks for every
    // glyph in every font then.
    const auto app_glyphs =
        every_glyph_in_every_font ? std::nullopt : read_text_file(dir + "glyphs-app.txt");
    const Ranges& labels = app_glyphs ? g_app_text : g_every_glyph;
    if (app_glyphs)
        g_app_text.build(*app_glyphs);
    const ImWchar* all = g_every_glyph.all.Data;
    const ImWchar* no_backslash = g_every_glyph.without_backslash.Data;
    const float size = fonts.pixel_size;
    fonts.text = add_chain(dir, size,
                           {{"ui.ttf", no_backslash}, {"ui-latin.ttf", all}, {"symbols.ttf", all}});
    fonts.bold = add_chain(dir, size,
                           {{"ui-bold.ttf", labels.without_backslash.Data},
                            {"ui-bold-latin.ttf", labels.all.Data},
                            {"symbols.ttf", labels.all.Data}});
    // Code, protocol lines and raw bytes: DejaVu Sans Mono, Hangul from NanumGothicCoding.
    fonts.mono =
        add_chain(dir, size, {{"mono.ttf", all}, {"mono-hangul.ttf", all}, {"symbols.ttf", all}});
    fonts.heading = add_chain(dir, size * 1.35f,
                              {{"ui-bold.ttf", labels.without_backslash.Data},
                               {"ui-bold-latin.ttf", labels.all.Data},
                               {"symbols.ttf", labels.all.Data}});
    if (!fonts.bold)
        fonts.bold = fonts.text;
    if (!fonts.mono)
        fonts.mono = fonts.text;
    if (!fonts.heading)
        fonts.heading = fonts.bold;
    // WebGL2 and OpenGL 3.3 take any texture height: no padding up to a power of two (up to
    // half the atlas, uploaded and kept for nothing).
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    io.Fonts->Build();
    return fonts;
}

} // namespace mailsim::ui
