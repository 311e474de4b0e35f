// The build bakes the default font atlas ahead of time (ui/tools/bake_font_atlas.cpp) and the
// app loads it instead of rasterising ~9,000 glyphs at start-up. The loaded atlas must be the
// one build_fonts would rasterise now, pixel for pixel and glyph for glyph: a stale file (the
// fonts, the glyph lists or fonts.cpp changed without a rebake), a missing glyph or a field
// the file forgets all fail here. And a damaged or foreign file is refused, never half used.
#include "ui/style/font_atlas_file.h"
#include "ui/style/fonts.h"
#include "ui/util/text_file.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstring>
#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

const std::string kDataDir = MAILSIM_BINARY_DIR "/appdata";

// Everything of an atlas that drawing text reads, as comparable values.
struct Snapshot {
    int width = 0, height = 0;
    std::vector<unsigned char> pixels;
    ImVec2 white;
    std::vector<float> lines;
    struct Font {
        float size, ascent, descent;
        ImWchar fallback, ellipsis, dot;
        std::vector<float> glyphs; // codepoint, visible, advance, corners, UVs per glyph
    };
    std::vector<Font> fonts; // text, bold, mono, heading
};

Snapshot snapshot(const Fonts& fonts) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    Snapshot out;
    unsigned char* pixels = nullptr;
    atlas.GetTexDataAsAlpha8(&pixels, &out.width, &out.height);
    out.pixels.assign(pixels, pixels + static_cast<std::size_t>(out.width) * out.height);
    out.white = atlas.TexUvWhitePixel;
    for (const ImVec4& uv : atlas.TexUvLines)
        out.lines.insert(out.lines.end(), {uv.x, uv.y, uv.z, uv.w});
    for (const ImFont* font : {fonts.text, fonts.bold, fonts.mono, fonts.heading}) {
        Snapshot::Font f{font->FontSize,
                         font->Ascent,
                         font->Descent,
                         font->FallbackChar,
                         font->EllipsisChar,
                         font->DotChar,
                         {}};
        for (const ImFontGlyph& g : font->Glyphs)
            f.glyphs.insert(f.glyphs.end(),
                            {static_cast<float>(g.Codepoint), static_cast<float>(g.Visible),
                             g.AdvanceX, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1});
        out.fonts.push_back(std::move(f));
    }
    return out;
}

class Context {
public:
    Context() : m_context(ImGui::CreateContext()) {}
    ~Context() { ImGui::DestroyContext(m_context); }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

private:
    ImGuiContext* m_context;
};

} // namespace

TEST_CASE("the build's font atlas is the one build_fonts rasterises at the default size") {
    Context context;
    const Fonts loaded = build_fonts(kDataDir, 1.0f);
    REQUIRE_MESSAGE(loaded.prebaked,
                    "no usable fonts/" << font_atlas_file_name(17.0f) << " in " << kDataDir);
    const Snapshot from_file = snapshot(loaded);
    const Fonts fresh = build_fonts(kDataDir, 1.0f, false, FontBake::Rasterise);
    CHECK_FALSE(fresh.prebaked);
    const Snapshot rasterised = snapshot(fresh);

    CHECK(from_file.width == rasterised.width);
    CHECK(from_file.height == rasterised.height);
    CHECK(from_file.pixels == rasterised.pixels);
    CHECK(from_file.white.x == rasterised.white.x);
    CHECK(from_file.white.y == rasterised.white.y);
    CHECK(from_file.lines == rasterised.lines);
    REQUIRE(from_file.fonts.size() == rasterised.fonts.size());
    for (std::size_t i = 0; i < from_file.fonts.size(); ++i) {
        const Snapshot::Font& a = from_file.fonts[i];
        const Snapshot::Font& b = rasterised.fonts[i];
        const std::size_t role = i;
        CAPTURE(role);
        CHECK(a.size == b.size);
        CHECK(a.ascent == b.ascent);
        CHECK(a.descent == b.descent);
        CHECK(a.fallback == b.fallback);
        CHECK(a.ellipsis == b.ellipsis);
        CHECK(a.dot == b.dot);
        CHECK(a.glyphs.size() == b.glyphs.size());
        CHECK(a.glyphs == b.glyphs);
    }
}

TEST_CASE("a damaged, foreign or stale atlas file is refused and the atlas left empty") {
    Context context;
    const auto bytes = read_text_file(kDataDir + "/fonts/" + font_atlas_file_name(17.0f));
    REQUIRE(bytes);
    const std::uint64_t fingerprint = font_sources_fingerprint(kDataDir + "/fonts/");
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    Fonts fonts;
    REQUIRE(read_font_atlas(*bytes, 17.0f, fingerprint, atlas, fonts));
    CHECK(fonts.text->FindGlyphNoFallback(0xD55C) != nullptr); // 한
    CHECK(fonts.mono->FindGlyphNoFallback('\\') != nullptr);

    SUBCASE("cut short") {
        CHECK_FALSE(
            read_font_atlas(bytes->substr(0, bytes->size() - 1), 17.0f, fingerprint, atlas, fonts));
        CHECK_FALSE(read_font_atlas(bytes->substr(0, 200), 17.0f, fingerprint, atlas, fonts));
    }
    SUBCASE("one byte too many") {
        CHECK_FALSE(read_font_atlas(*bytes + "x", 17.0f, fingerprint, atlas, fonts));
    }
    SUBCASE("another size") {
        CHECK_FALSE(read_font_atlas(*bytes, 25.5f, fingerprint, atlas, fonts));
    }
    SUBCASE("fonts that changed since the bake") {
        CHECK_FALSE(read_font_atlas(*bytes, 17.0f, fingerprint + 1, atlas, fonts));
    }
    SUBCASE("not an atlas") {
        std::string other = *bytes;
        std::memcpy(other.data(), "PNG\r\n\x1a\n\0", 8);
        CHECK_FALSE(read_font_atlas(other, 17.0f, fingerprint, atlas, fonts));
    }
    CHECK(atlas.Fonts.Size == 0);
    CHECK(atlas.TexPixelsAlpha8 == nullptr);
}

} // namespace mailsim::ui
