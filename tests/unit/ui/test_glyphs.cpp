// Every character the UI can show is in the baked font atlas: the strings tables, the lessons
// and quizzes, the scenarios, and the markers written into the C++ sources (✓, ␍␊, →). A
// missing glyph is drawn as "?", which is how ✓ and the CRLF markers were lost. And the
// backslash is a backslash, not the Won sign the Korean fonts draw at U+005C.
#include "headless_app.h"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace mailsim::ui {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Decodes UTF-8; each codepoint with where it was first seen.
void add_codepoints(const std::string& text, const std::string& where,
                    std::map<unsigned, std::string>& out) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        unsigned cp = c, extra = 0;
        if (c >= 0xF0)
            cp = c & 0x07u, extra = 3;
        else if (c >= 0xE0)
            cp = c & 0x0Fu, extra = 2;
        else if (c >= 0xC0)
            cp = c & 0x1Fu, extra = 1;
        ++i;
        for (unsigned k = 0; k < extra && i < text.size(); ++k, ++i)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3Fu);
        out.try_emplace(cp, where);
    }
}

// The bytes of every string literal in a C++ source, with \xNN escapes decoded, so
// "\xe2\x9c\x93" counts as ✓. Comments are not literals and are skipped.
std::string literal_bytes(const std::string& source) {
    std::string out;
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source.compare(i, 2, "//") == 0) {
            i = source.find('\n', i);
            if (i == std::string::npos)
                break;
            continue;
        }
        if (source[i] == '\'' && i + 2 < source.size()) { // '"' is not a string
            i = source.find('\'', i + (source[i + 1] == '\\' ? 2 : 1));
            if (i == std::string::npos)
                break;
            continue;
        }
        if (source[i] != '"')
            continue;
        for (++i; i < source.size() && source[i] != '"' && source[i] != '\n'; ++i) {
            if (source[i] != '\\') {
                out += source[i];
                continue;
            }
            if (i + 3 < source.size() && source[i + 1] == 'x') {
                out += static_cast<char>(std::stoi(source.substr(i + 2, 2), nullptr, 16));
                i += 3;
            } else {
                ++i; // \n, \", \\: ASCII, drawn by every font
            }
        }
        out += ' ';
    }
    return out;
}

// What the UI shows: strings, lessons, quizzes, scenarios and the sources' markers.
std::map<unsigned, std::string> ui_codepoints() {
    std::map<unsigned, std::string> codepoints;
    const fs::path source(MAILSIM_SOURCE_DIR);
    for (const auto& entry : fs::recursive_directory_iterator(source / "lessons")) {
        const auto ext = entry.path().extension();
        if (ext == ".toml" || ext == ".md" || ext == ".eml" || ext == ".txt")
            add_codepoints(read_all(entry.path()), entry.path().string(), codepoints);
    }
    for (const auto& entry : fs::recursive_directory_iterator(source / "ui")) {
        const auto ext = entry.path().extension();
        if (ext == ".cpp" || ext == ".h")
            add_codepoints(literal_bytes(read_all(entry.path())), entry.path().string(),
                           codepoints);
    }
    // Control and format characters are never drawn.
    std::erase_if(codepoints, [](const auto& item) {
        const unsigned cp = item.first;
        return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
               cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F);
    });
    return codepoints;
}

// Ink of a glyph in a 3 x 3 grid over its bitmap in the baked atlas (row by row, top left
// first), and the bitmap as text for the failure message.
std::array<int, 9> grid_ink(const ImFontGlyph& glyph, std::string& picture) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
    const int x0 = static_cast<int>(glyph.U0 * static_cast<float>(width) + 0.5f);
    const int x1 = static_cast<int>(glyph.U1 * static_cast<float>(width) + 0.5f);
    const int y0 = static_cast<int>(glyph.V0 * static_cast<float>(height) + 0.5f);
    const int y1 = static_cast<int>(glyph.V1 * static_cast<float>(height) + 0.5f);
    std::array<int, 9> ink{};
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x) {
            const bool inked = pixels[(static_cast<std::size_t>(y) * width + x) * 4 + 3] > 100;
            picture += inked ? '#' : '.';
            const int column = (x - x0) * 3 / (x1 - x0), row = (y - y0) * 3 / (y1 - y0);
            ink[static_cast<std::size_t>(row * 3 + column)] += inked ? 1 : 0;
        }
        picture += '\n';
    }
    return ink;
}

} // namespace

TEST_CASE("every character of the strings, lessons and source markers is in every font") {
    testing::HeadlessApp headless("ko");
    headless.frames(1);
    const Fonts& fonts = headless.app.fonts();
    REQUIRE(fonts.text != nullptr);
    // Fonts were found (not ImGui's ASCII-only default, which would miss all the Hangul).
    REQUIRE(fonts.text->FindGlyphNoFallback(0xD55C) != nullptr); // 한
    const auto codepoints = ui_codepoints();
    CHECK(codepoints.count(0x2713) == 1); // ✓ of a finished lesson: the walk sees the sources
    CHECK(codepoints.count(0x240D) == 1); // ␍ of the raw-bytes view
    const std::pair<const char*, ImFont*> all[] = {{"text", fonts.text},
                                                   {"bold", fonts.bold},
                                                   {"mono", fonts.mono},
                                                   {"heading", fonts.heading}};
    for (const auto& entry : all) {
        // Plain names: doctest's INFO captures them, and clang 14 (Emscripten's) cannot
        // capture structured bindings.
        const char* name = entry.first;
        const ImFont* font = entry.second;
        std::string missing;
        for (const auto& [cp, where] : codepoints)
            if (font->FindGlyphNoFallback(static_cast<ImWchar>(cp)) == nullptr) {
                char hex[16];
                std::snprintf(hex, sizeof hex, "U+%04X", cp);
                missing += std::string(hex) + " (" + where + ")\n";
            }
        INFO(std::string(name) << " font lacks:\n" << missing);
        CHECK(missing.empty());
    }
}

TEST_CASE("a backslash is drawn as a backslash in the text and the monospace font") {
    testing::HeadlessApp headless("ko");
    headless.frames(1);
    const Fonts& fonts = headless.app.fonts();
    for (ImFont* font : {fonts.text, fonts.mono, fonts.bold}) {
        const ImFontGlyph* backslash = font->FindGlyphNoFallback('\\');
        REQUIRE(backslash != nullptr);
        // "\" falls from the top left to the bottom right: ink in those corners of its
        // bitmap, none in the other two. NanumGothic's U+005C is a Won sign, whose W starts
        // in both top corners.
        std::string picture;
        const auto ink = grid_ink(*backslash, picture);
        INFO("the glyph:\n" << picture);
        CHECK(ink[0] > 0);
        CHECK(ink[8] > 0);
        CHECK(ink[2] == 0);
        CHECK(ink[6] == 0);
    }
}

} // namespace mailsim::ui
