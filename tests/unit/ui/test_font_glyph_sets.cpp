// The bold and heading fonts bake only the app's own characters (glyphs-app.txt), a third of
// the atlas and of the web app's first frame; the text and monospace fonts bake every glyph
// of glyphs.txt, since they show what users type. A scenario opened from a file may name its
// hosts in any characters, and the queue panel draws host names in bold: after it, every
// font holds every glyph.
#include "headless_app.h"
#include "ui/util/text_file.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

namespace mailsim::ui {
namespace {

std::set<unsigned> codepoints(const std::string& text) {
    std::set<unsigned> out;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        unsigned cp = c, extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        cp &= extra == 3 ? 0x07u : extra == 2 ? 0x0Fu : extra == 1 ? 0x1Fu : 0xFFu;
        ++i;
        for (unsigned k = 0; k < extra && i < text.size(); ++k, ++i)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3Fu);
        out.insert(cp);
    }
    return out;
}

// A Hangul syllable of glyphs.txt that no string, lesson or scenario uses.
unsigned syllable_outside_app_text(const std::string& data_dir) {
    const auto every = read_text_file(data_dir + "/fonts/glyphs.txt");
    const auto app = read_text_file(data_dir + "/fonts/glyphs-app.txt");
    REQUIRE(every);
    REQUIRE(app);
    const auto used = codepoints(*app);
    for (unsigned cp : codepoints(*every))
        if (cp >= 0xAC00 && cp <= 0xD7A3 && !used.count(cp))
            return cp;
    return 0;
}

} // namespace

TEST_CASE("bold and headings bake the app's characters until a scenario comes from a file") {
    testing::HeadlessApp headless("ko");
    headless.frames(1);
    const unsigned rare = syllable_outside_app_text(headless.platform.data_dir());
    REQUIRE(rare != 0);
    const auto glyph = static_cast<ImWchar>(rare);
    {
        const Fonts& fonts = headless.app.fonts();
        CHECK(fonts.text->FindGlyphNoFallback(glyph) != nullptr);
        CHECK(fonts.mono->FindGlyphNoFallback(glyph) != nullptr);
        CHECK(fonts.bold->FindGlyphNoFallback(glyph) == nullptr);
        CHECK(fonts.heading->FindGlyphNoFallback(glyph) == nullptr);
    }
    const auto scenario =
        read_text_file(headless.platform.data_dir() + "/lessons/scenarios/alice-bob.toml");
    REQUIRE(scenario);
    nlohmann::json request = {
        {"op", "open_scenario"}, {"name", "opened.toml"}, {"text", *scenario}};
    const auto reply = nlohmann::json::parse(headless.app.run_command(request.dump()));
    REQUIRE(reply["ok"] == true);
    headless.frames(1);
    const Fonts& fonts = headless.app.fonts();
    CHECK(fonts.text->FindGlyphNoFallback(glyph) != nullptr);
    CHECK(fonts.bold->FindGlyphNoFallback(glyph) != nullptr);
    CHECK(fonts.heading->FindGlyphNoFallback(glyph) != nullptr);
}

} // namespace mailsim::ui
