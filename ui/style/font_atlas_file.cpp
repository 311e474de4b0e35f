#include "font_atlas_file.h"

#include "ui/style/fonts.h"
#include "ui/util/text_file.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <type_traits>
#include <vector>

namespace mailsim::ui {
namespace {

// Bump when the layout below changes. The pixel data and tables are written in the machine's
// byte order: x86-64 and wasm are both little-endian, and the file never leaves the build.
constexpr char kMagic[8] = {'M', 'S', 'A', 'T', 'L', 'A', 'S', '1'};
constexpr int kLineUvs = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1;

// The files build_fonts reads (fonts.cpp's chains): a change to any of them changes the glyphs.
constexpr const char* kFontFiles[] = {"glyphs.txt",   "glyphs-app.txt",  "ui.ttf",
                                      "ui-latin.ttf", "ui-bold.ttf",     "ui-bold-latin.ttf",
                                      "mono.ttf",     "mono-hangul.ttf", "symbols.ttf"};

class Writer {
public:
    template <typename T>
    void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* raw = reinterpret_cast<const char*>(&value);
        m_bytes.append(raw, sizeof(T));
    }
    void put_bytes(const void* data, std::size_t size) {
        m_bytes.append(static_cast<const char*>(data), size);
    }
    std::string take() { return std::move(m_bytes); }

private:
    std::string m_bytes;
};

class Reader {
public:
    explicit Reader(const std::string& bytes) : m_bytes(bytes) {}
    template <typename T>
    bool get(T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (m_bytes.size() - m_at < sizeof(T))
            return fail();
        std::memcpy(&value, m_bytes.data() + m_at, sizeof(T));
        m_at += sizeof(T);
        return true;
    }
    const char* take(std::size_t size) {
        if (m_bytes.size() - m_at < size) {
            fail();
            return nullptr;
        }
        const char* at = m_bytes.data() + m_at;
        m_at += size;
        return at;
    }
    bool ok() const { return m_ok; }
    bool at_end() const { return m_at == m_bytes.size(); }

private:
    bool fail() {
        m_ok = false;
        m_at = m_bytes.size();
        return false;
    }
    const std::string& m_bytes;
    std::size_t m_at = 0;
    bool m_ok = true;
};

// One glyph as stored: ImFontGlyph's bit fields packed into one word.
struct StoredGlyph {
    std::uint32_t codepoint_and_flags; // bits 0-29 codepoint, 30 visible, 31 colored
    float advance_x, x0, y0, x1, y1, u0, v0, u1, v1;
};

struct StoredFont {
    float font_size, ascent, descent, scale;
    std::uint32_t fallback_char, ellipsis_char, dot_char, glyph_count;
};

struct StoredRect {
    std::uint16_t width, height, x, y;
    std::uint32_t glyph_id;
    float advance_x, offset_x, offset_y;
    std::int32_t font; // index in atlas.Fonts, -1 for none
};

std::int32_t font_index(const ImFontAtlas& atlas, const ImFont* font) {
    for (int i = 0; i < atlas.Fonts.Size; ++i)
        if (atlas.Fonts[i] == font)
            return i;
    return -1;
}

std::uint64_t fnv1a(std::uint64_t hash, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= bytes[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

} // namespace

std::uint64_t font_sources_fingerprint(const std::string& fonts_dir) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char* name : kFontFiles) {
        const std::string path = fonts_dir + name;
        // The glyph lists are small and read anyway; the fonts only by size (megabytes).
        if (std::strncmp(name, "glyphs", 6) == 0) {
            const auto text = read_text_file(path);
            const std::string content = text ? *text : std::string();
            hash = fnv1a(hash, content.data(), content.size());
            continue;
        }
        std::error_code ec;
        const std::uintmax_t size = std::filesystem::file_size(path, ec);
        const std::uint64_t stored = ec ? 0 : static_cast<std::uint64_t>(size);
        hash = fnv1a(hash, &stored, sizeof(stored));
    }
    return hash;
}

std::string font_atlas_file_name(float pixel_size) {
    return "atlas-" + std::to_string(std::lround(pixel_size * 100.0f)) + ".bin";
}

std::string write_font_atlas(const ImFontAtlas& atlas, const Fonts& fonts,
                             std::uint64_t fingerprint) {
    Writer out;
    out.put(kMagic);
    out.put(fingerprint);
    out.put(fonts.pixel_size);
    out.put(static_cast<std::int32_t>(atlas.Flags));
    out.put(static_cast<std::int32_t>(atlas.TexWidth));
    out.put(static_cast<std::int32_t>(atlas.TexHeight));
    out.put(atlas.TexUvWhitePixel);
    out.put(atlas.TexUvLines);
    out.put(static_cast<std::int32_t>(atlas.PackIdMouseCursors));
    out.put(static_cast<std::int32_t>(atlas.PackIdLines));
    out.put(static_cast<std::uint32_t>(atlas.CustomRects.Size));
    for (const ImFontAtlasCustomRect& rect : atlas.CustomRects)
        out.put(StoredRect{rect.Width, rect.Height, rect.X, rect.Y, rect.GlyphID,
                           rect.GlyphAdvanceX, rect.GlyphOffset.x, rect.GlyphOffset.y,
                           font_index(atlas, rect.Font)});
    out.put(static_cast<std::uint32_t>(atlas.Fonts.Size));
    for (const ImFont* font : atlas.Fonts) {
        out.put(StoredFont{font->FontSize, font->Ascent, font->Descent, font->Scale,
                           font->FallbackChar, font->EllipsisChar, font->DotChar,
                           static_cast<std::uint32_t>(font->Glyphs.Size)});
        for (const ImFontGlyph& glyph : font->Glyphs)
            out.put(StoredGlyph{glyph.Codepoint | (glyph.Visible ? 1u << 30 : 0u) |
                                    (glyph.Colored ? 1u << 31 : 0u),
                                glyph.AdvanceX, glyph.X0, glyph.Y0, glyph.X1, glyph.Y1, glyph.U0,
                                glyph.V0, glyph.U1, glyph.V1});
    }
    for (const ImFont* font : {fonts.text, fonts.bold, fonts.mono, fonts.heading})
        out.put(font_index(atlas, font));
    out.put_bytes(atlas.TexPixelsAlpha8, static_cast<std::size_t>(atlas.TexWidth) *
                                             static_cast<std::size_t>(atlas.TexHeight));
    return out.take();
}

bool read_font_atlas(const std::string& bytes, float pixel_size, std::uint64_t fingerprint,
                     ImFontAtlas& atlas, Fonts& fonts) {
    atlas.Clear();
    Reader in(bytes);
    char magic[sizeof(kMagic)] = {};
    std::uint64_t stored_fingerprint = 0;
    float stored_size = 0;
    std::int32_t flags = 0, width = 0, height = 0, pack_cursors = -1, pack_lines = -1;
    ImVec2 white;
    ImVec4 lines[kLineUvs];
    std::uint32_t rect_count = 0;
    in.get(magic);
    in.get(stored_fingerprint);
    in.get(stored_size);
    if (!in.ok() || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0 ||
        stored_fingerprint != fingerprint || std::fabs(stored_size - pixel_size) > 0.001f)
        return false;
    in.get(flags);
    in.get(width);
    in.get(height);
    in.get(white);
    in.get(lines);
    in.get(pack_cursors);
    in.get(pack_lines);
    in.get(rect_count);
    if (!in.ok() || width <= 0 || height <= 0 || width > 16384 || height > 65536 ||
        rect_count > 1024)
        return false;
    std::vector<StoredRect> rects(rect_count);
    for (StoredRect& rect : rects)
        in.get(rect);
    std::uint32_t font_count = 0;
    in.get(font_count);
    if (!in.ok() || font_count == 0 || font_count > 64)
        return false;

    // Every font's config first: a font points into atlas.ConfigData, which must not move.
    atlas.ConfigData.resize(static_cast<int>(font_count));
    for (std::uint32_t i = 0; i < font_count; ++i) {
        ImFontConfig& config = atlas.ConfigData[static_cast<int>(i)];
        config = ImFontConfig();
        config.FontDataOwnedByAtlas = false;
        std::snprintf(config.Name, sizeof(config.Name), "baked font %u", i);
        atlas.Fonts.push_back(IM_NEW(ImFont));
    }
    for (std::uint32_t i = 0; i < font_count && in.ok(); ++i) {
        StoredFont stored{};
        in.get(stored);
        if (!in.ok() || stored.glyph_count > 0xFFFE)
            break;
        ImFont* font = atlas.Fonts[static_cast<int>(i)];
        ImFontConfig& config = atlas.ConfigData[static_cast<int>(i)];
        config.SizePixels = stored.font_size;
        config.DstFont = font;
        font->ContainerAtlas = &atlas;
        font->ConfigData = &config;
        font->ConfigDataCount = 1;
        font->FontSize = stored.font_size;
        font->Ascent = stored.ascent;
        font->Descent = stored.descent;
        font->Scale = stored.scale;
        font->FallbackChar = static_cast<ImWchar>(stored.fallback_char);
        font->EllipsisChar = static_cast<ImWchar>(stored.ellipsis_char);
        font->DotChar = static_cast<ImWchar>(stored.dot_char);
        font->Glyphs.resize(static_cast<int>(stored.glyph_count));
        for (ImFontGlyph& glyph : font->Glyphs) {
            StoredGlyph g{};
            in.get(g);
            glyph.Codepoint = g.codepoint_and_flags & 0x3FFFFFFFu;
            glyph.Visible = (g.codepoint_and_flags >> 30) & 1u;
            glyph.Colored = (g.codepoint_and_flags >> 31) & 1u;
            glyph.AdvanceX = g.advance_x;
            glyph.X0 = g.x0, glyph.Y0 = g.y0, glyph.X1 = g.x1, glyph.Y1 = g.y1;
            glyph.U0 = g.u0, glyph.V0 = g.v0, glyph.U1 = g.u1, glyph.V1 = g.v1;
        }
    }
    std::int32_t roles[4] = {-1, -1, -1, -1};
    in.get(roles);
    const auto pixel_count = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    const char* pixels = in.take(pixel_count);
    bool roles_valid = true;
    for (std::int32_t role : roles)
        roles_valid = roles_valid && role >= 0 && role < static_cast<std::int32_t>(font_count);
    if (!in.ok() || !in.at_end() || !roles_valid) {
        atlas.Clear();
        return false;
    }

    for (const StoredRect& stored : rects) {
        ImFontAtlasCustomRect rect;
        rect.Width = stored.width, rect.Height = stored.height;
        rect.X = stored.x, rect.Y = stored.y;
        rect.GlyphID = stored.glyph_id;
        rect.GlyphAdvanceX = stored.advance_x;
        rect.GlyphOffset = ImVec2(stored.offset_x, stored.offset_y);
        rect.Font = stored.font >= 0 && stored.font < static_cast<std::int32_t>(font_count)
                        ? atlas.Fonts[stored.font]
                        : nullptr;
        atlas.CustomRects.push_back(rect);
    }
    atlas.PackIdMouseCursors = pack_cursors;
    atlas.PackIdLines = pack_lines;
    atlas.Flags = flags;
    atlas.TexWidth = width;
    atlas.TexHeight = height;
    atlas.TexUvScale = ImVec2(1.0f / static_cast<float>(width), 1.0f / static_cast<float>(height));
    atlas.TexUvWhitePixel = white;
    std::memcpy(atlas.TexUvLines, lines, sizeof(lines));
    atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(pixel_count));
    std::memcpy(atlas.TexPixelsAlpha8, pixels, pixel_count);
    for (ImFont* font : atlas.Fonts)
        font->BuildLookupTable();
    atlas.TexReady = true;

    fonts.text = atlas.Fonts[roles[0]];
    fonts.bold = atlas.Fonts[roles[1]];
    fonts.mono = atlas.Fonts[roles[2]];
    fonts.heading = atlas.Fonts[roles[3]];
    fonts.pixel_size = stored_size;
    return true;
}

} // namespace mailsim::ui
