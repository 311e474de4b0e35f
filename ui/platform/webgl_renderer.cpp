#include "ui/platform/webgl_renderer.h"

#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

namespace mailsim::ui {
namespace {

constexpr const char* kVertexShader = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 position;
layout (location = 1) in vec2 uv;
layout (location = 2) in vec4 colour;
uniform mat4 projection;
out vec2 frag_uv;
out vec4 frag_colour;
void main() {
    frag_uv = uv;
    frag_colour = colour;
    gl_Position = projection * vec4(position.xy, 0.0, 1.0);
}
)";

// Solid shapes (window backgrounds, frames, most of the screen's pixels) take the font atlas's
// white texel, whose value is known: a fragment there skips the texture. Software GL
// (SwiftShader, in a browser without a GPU) spent about ten of every seventeen milliseconds a
// full-screen layer costs on bilinear sampling, and skipping it gives the same colour.
constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D tex;
uniform bool coverage; // tex is the font atlas: one channel of coverage, white ink
uniform highp vec2 white_uv;   // the atlas's white texel (ImFontAtlas::TexUvWhitePixel)
uniform highp vec2 white_near; // how near to it counts as on it: a fraction of a texel
in highp vec2 frag_uv;
in vec4 frag_colour;
layout (location = 0) out vec4 out_colour;
void main() {
    if (coverage) {
        float ink = 1.0;
        highp vec2 off = abs(frag_uv - white_uv);
        if (off.x > white_near.x || off.y > white_near.y)
            ink = texture(tex, frag_uv).r;
        out_colour = vec4(frag_colour.rgb, frag_colour.a * ink);
    } else {
        out_colour = frag_colour * texture(tex, frag_uv);
    }
}
)";

GLuint compile(GLenum kind, const char* source) {
    const GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    return shader;
}

// Every status query is a synchronous round trip to the GPU process, so only the program's
// link status is asked (with the uniform locations, which need the same round trip) and only
// at the first frame, when the GPU process has long finished compiling instead of the page
// waiting for it before App::init; the shaders' logs only when the link failed.
void report_compile_errors(GLuint shader) {
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok)
        return;
    char log[512] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::fprintf(stderr, "mailsim: shader does not compile: %s\n", log);
}

// A scissor box in framebuffer pixels (GL's, y up).
struct PixelBox {
    GLint x = 0, y = 0;
    GLsizei w = 0, h = 0;
};

// The pixels a command's clip rectangle lets through, as glScissor takes them.
PixelBox scissor_box(const ImVec4& clip, ImVec2 off, ImVec2 scale, int fb_height) {
    const float x0 = (clip.x - off.x) * scale.x, y0 = (clip.y - off.y) * scale.y;
    const float x1 = (clip.z - off.x) * scale.x, y1 = (clip.w - off.y) * scale.y;
    if (x1 <= x0 || y1 <= y0)
        return {};
    return {static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fb_height) - y1),
            static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0)};
}

// A damage rectangle in framebuffer pixels, grown outward to whole pixels.
PixelBox damage_box(const DamageRect& rect, ImVec2 off, ImVec2 scale, int fb_width, int fb_height) {
    const float x0 = std::max(0.0f, std::floor((rect.x0 - off.x) * scale.x));
    const float y0 = std::max(0.0f, std::floor((rect.y0 - off.y) * scale.y));
    const float x1 = std::min(static_cast<float>(fb_width), std::ceil((rect.x1 - off.x) * scale.x));
    const float y1 =
        std::min(static_cast<float>(fb_height), std::ceil((rect.y1 - off.y) * scale.y));
    if (x1 <= x0 || y1 <= y0)
        return {};
    return {static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fb_height) - y1),
            static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0)};
}

PixelBox intersect(const PixelBox& a, const PixelBox& b) {
    const GLint x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
    const GLint x1 = std::min(a.x + a.w, b.x + b.w), y1 = std::min(a.y + a.h, b.y + b.h);
    if (x1 <= x0 || y1 <= y0)
        return {};
    return {x0, y0, x1 - x0, y1 - y0};
}

// Fewer pixels than this are not worth a clear of their own.
constexpr GLsizei kClearMinPixels = 64 * 64;

// A window's background is the first shape of its draw list: an opaque, solid rectangle with
// no rounding, as ImDrawList::PrimRect writes it (four corners, two triangles, the atlas's
// white texel). Where its corners fall on whole framebuffer pixels it covers exactly the
// pixels a scissored glClear in its colour sets, to the same values (opaque over anything is
// itself), and software GL clears a rectangle about three times faster than it shades one.
// The pixels to clear and the colour, or nothing.
struct SolidRect {
    PixelBox box;
    ImU32 colour = 0;
};
std::optional<SolidRect> leading_solid_rect(const ImDrawList& list, const ImDrawCmd& cmd,
                                            ImVec2 white_uv, ImVec2 off, ImVec2 scale,
                                            int fb_height) {
    if (cmd.ElemCount < 6 || cmd.IdxOffset + 6 > static_cast<unsigned>(list.IdxBuffer.Size))
        return std::nullopt;
    const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
    const ImDrawIdx v = idx[0];
    if (idx[1] != v + 1 || idx[2] != v + 2 || idx[3] != v || idx[4] != v + 2 || idx[5] != v + 3 ||
        v + 4 > static_cast<unsigned>(list.VtxBuffer.Size))
        return std::nullopt;
    const ImDrawVert* q = list.VtxBuffer.Data + v;
    for (int i = 0; i < 4; ++i)
        if (q[i].uv.x != white_uv.x || q[i].uv.y != white_uv.y || q[i].col != q[0].col)
            return std::nullopt;
    if ((q[0].col & IM_COL32_A_MASK) != IM_COL32_A_MASK)
        return std::nullopt;
    // a, (c.x, a.y), c, (a.x, c.y): axis-aligned.
    if (q[1].pos.y != q[0].pos.y || q[1].pos.x != q[2].pos.x || q[3].pos.x != q[0].pos.x ||
        q[3].pos.y != q[2].pos.y)
        return std::nullopt;
    const float x0 = (q[0].pos.x - off.x) * scale.x, y0 = (q[0].pos.y - off.y) * scale.y;
    const float x1 = (q[2].pos.x - off.x) * scale.x, y1 = (q[2].pos.y - off.y) * scale.y;
    const auto whole = [](float f) { return f == std::floor(f); };
    if (!whole(x0) || !whole(y0) || !whole(x1) || !whole(y1) || x1 <= x0 || y1 <= y0)
        return std::nullopt; // a pixel centre on an edge: leave it to the rasteriser's rule
    const PixelBox rect{static_cast<GLint>(x0),
                        static_cast<GLint>(static_cast<float>(fb_height) - y1),
                        static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0)};
    const PixelBox box = intersect(rect, scissor_box(cmd.ClipRect, off, scale, fb_height));
    if (static_cast<long>(box.w) * box.h < kClearMinPixels)
        return std::nullopt;
    return SolidRect{box, q[0].col};
}

void clear(const PixelBox& box, const ImVec4& c) {
    if (box.w <= 0 || box.h <= 0)
        return;
    glScissor(box.x, box.y, box.w, box.h);
    glClearColor(c.x, c.y, c.z, c.w);
    glClear(GL_COLOR_BUFFER_BIT);
}

} // namespace

bool WebGlRenderer::init() {
    ImGui::GetIO().BackendRendererName = "mailsim_webgl2";
    const GLuint vertex = compile(GL_VERTEX_SHADER, kVertexShader);
    const GLuint fragment = compile(GL_FRAGMENT_SHADER, kFragmentShader);
    if (!vertex || !fragment)
        return false;
    m_program = glCreateProgram();
    glAttachShader(m_program, vertex);
    glAttachShader(m_program, fragment);
    glLinkProgram(m_program);
    m_vertex_shader = vertex;
    m_fragment_shader = fragment;

    // The vertex layout lives in the VAO, made once: ImDrawVert is {pos, uv, col}.
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glGenBuffers(1, &m_ebo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_ebo);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    const auto stride = static_cast<GLsizei>(sizeof(ImDrawVert));
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);
    // web/shell.js asks for preserveDrawingBuffer (the canvas keeps its pixels between
    // frames), so a frame may redraw only what changed; a context made without it is drawn
    // whole whenever anything changed.
    EmscriptenWebGLContextAttributes attributes;
    emscripten_webgl_init_context_attributes(&attributes);
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_get_current_context();
    m_preserved = context &&
                  emscripten_webgl_get_context_attributes(context, &attributes) ==
                      EMSCRIPTEN_RESULT_SUCCESS &&
                  attributes.preserveDrawingBuffer;
    return true; // the font texture is made when the app has loaded its fonts
}

bool WebGlRenderer::program_ready() {
    if (m_program_state == ProgramState::Unchecked) {
        GLint linked = 0;
        glGetProgramiv(m_program, GL_LINK_STATUS, &linked); // once
        if (!linked) {
            report_compile_errors(m_vertex_shader);
            report_compile_errors(m_fragment_shader);
            std::fprintf(stderr, "mailsim: shader program does not link\n");
        }
        glDeleteShader(m_vertex_shader);
        glDeleteShader(m_fragment_shader);
        m_vertex_shader = m_fragment_shader = 0;
        m_texture_uniform = glGetUniformLocation(m_program, "tex");
        m_projection_uniform = glGetUniformLocation(m_program, "projection");
        m_coverage_uniform = glGetUniformLocation(m_program, "coverage");
        m_white_uv_uniform = glGetUniformLocation(m_program, "white_uv");
        m_white_near_uniform = glGetUniformLocation(m_program, "white_near");
        m_program_state = linked ? ProgramState::Ready : ProgramState::Broken;
    }
    return m_program_state == ProgramState::Ready;
}

void WebGlRenderer::shutdown() {
    destroy_fonts_texture();
    glDeleteBuffers(1, &m_vbo);
    glDeleteBuffers(1, &m_ebo);
    glDeleteVertexArrays(1, &m_vao);
    glDeleteProgram(m_program);
    m_vbo = m_ebo = m_vao = m_program = 0;
    m_program_state = ProgramState::Unchecked;
}

void WebGlRenderer::create_fonts_texture() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    // The atlas as ImGui bakes it, one byte per texel (the shader makes it white ink): a
    // quarter of an RGBA copy, with no conversion pass, for the biggest upload of the start.
    io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    glGenTextures(1, &m_font_texture);
    glBindTexture(GL_TEXTURE_2D, m_font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(m_font_texture)));
    m_damage.invalidate(); // the same texture name may now hold other glyphs
}

void WebGlRenderer::destroy_fonts_texture() {
    if (!m_font_texture)
        return;
    glDeleteTextures(1, &m_font_texture);
    ImGui::GetIO().Fonts->SetTexID(nullptr);
    m_font_texture = 0;
    m_damage.invalidate();
}

void WebGlRenderer::set_render_state(const ImDrawData* draw_data, int fb_width, int fb_height) {
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_width, fb_height);
    // Orthographic projection of ImGui's display rectangle onto clip space (y down).
    const float l = draw_data->DisplayPos.x, r = l + draw_data->DisplaySize.x;
    const float t = draw_data->DisplayPos.y, b = t + draw_data->DisplaySize.y;
    const float projection[16] = {
        2.0f / (r - l),    0, 0, 0, 0, 2.0f / (t - b), 0, 0, 0, 0, -1, 0, (r + l) / (l - r),
        (t + b) / (b - t), 0, 1};
    glUseProgram(m_program);
    glUniform1i(m_texture_uniform, 0);
    m_bound_texture = ~GLuint{0}; // bind (and set coverage) at the first command
    glUniformMatrix4fv(m_projection_uniform, 1, GL_FALSE, projection);
    // A hundredth of a texel: only the solid shapes' constant UV is that near (a glyph's nearest
    // texel is a padding texel or more away), and sampling there would give 1 too.
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    glUniform2f(m_white_uv_uniform, atlas.TexUvWhitePixel.x, atlas.TexUvWhitePixel.y);
    glUniform2f(m_white_near_uniform, atlas.TexUvScale.x * 0.01f, atlas.TexUvScale.y * 0.01f);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo); // not part of the VAO's state
}

bool WebGlRenderer::render(const ImDrawData* draw_data, const ImVec4& background) {
    const int fb_width = static_cast<int>(draw_data->DisplaySize.x * draw_data->FramebufferScale.x);
    const int fb_height =
        static_cast<int>(draw_data->DisplaySize.y * draw_data->FramebufferScale.y);
    m_redrawn_share = 0;
    if (fb_width <= 0 || fb_height <= 0 || !program_ready())
        return false;
    if (!m_font_texture)
        create_fonts_texture();
    const ImVec2 clip_off = draw_data->DisplayPos;
    const ImVec2 clip_scale = draw_data->FramebufferScale;
    if (!m_preserved)
        m_damage.invalidate(); // the buffer's old pixels are gone: all or nothing
    const auto& damage = m_damage.update(*draw_data, ImGui::ColorConvertFloat4ToU32(background));
    if (!m_preserved && !damage.empty())
        m_damage.invalidate();
    std::vector<PixelBox> boxes;
    long redrawn = 0;
    for (const DamageRect& rect : damage) {
        const PixelBox box = damage_box(rect, clip_off, clip_scale, fb_width, fb_height);
        if (box.w > 0 && box.h > 0) {
            boxes.push_back(box);
            redrawn += static_cast<long>(box.w) * box.h;
        }
    }
    if (boxes.empty())
        return false;
    m_redrawn_share = static_cast<float>(redrawn) / (static_cast<float>(fb_width) * fb_height);
    set_render_state(draw_data, fb_width, fb_height);
    for (const PixelBox& box : boxes)
        clear(box, background);
    const ImVec2 white_uv = ImGui::GetIO().Fonts->TexUvWhitePixel;
    std::vector<PixelBox> list_boxes;
    for (int n = 0; n < draw_data->CmdListsCount; ++n) {
        const ImDrawList* list = draw_data->CmdLists[n];
        // Only the damage this list can draw into: a list outside all of it is not uploaded.
        const PixelBox bounds =
            damage_box(m_damage.bounds(n), clip_off, clip_scale, fb_width, fb_height);
        list_boxes.clear();
        for (const PixelBox& box : boxes) {
            const PixelBox part = intersect(box, bounds);
            if (part.w > 0 && part.h > 0)
                list_boxes.push_back(part);
        }
        if (list_boxes.empty())
            continue;
        glBufferData(GL_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list->VtxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawVert)),
                     list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list->IdxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawIdx)),
                     list->IdxBuffer.Data, GL_STREAM_DRAW);
        bool first = true;
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState)
                    set_render_state(draw_data, fb_width, fb_height);
                else
                    cmd.UserCallback(list, &cmd);
                continue;
            }
            const auto texture =
                static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.GetTexID()));
            unsigned offset = cmd.IdxOffset, count = cmd.ElemCount;
            std::optional<SolidRect> solid;
            if (first && texture == m_font_texture) {
                solid = leading_solid_rect(*list, cmd, white_uv, clip_off, clip_scale, fb_height);
                if (solid) {
                    offset += 6;
                    count -= 6;
                }
            }
            first = false;
            const PixelBox scissor = scissor_box(cmd.ClipRect, clip_off, clip_scale, fb_height);
            if (scissor.w <= 0 || scissor.h <= 0)
                continue;
            // The damage regions are disjoint: each pixel still gets every command that
            // covers it, in order.
            for (const PixelBox& box : list_boxes) {
                if (solid)
                    clear(intersect(solid->box, box),
                          ImGui::ColorConvertU32ToFloat4(solid->colour));
                const PixelBox part = intersect(scissor, box);
                if (count == 0 || part.w <= 0 || part.h <= 0)
                    continue;
                glScissor(part.x, part.y, part.w, part.h);
                if (texture != m_bound_texture) {
                    glBindTexture(GL_TEXTURE_2D, texture);
                    glUniform1i(m_coverage_uniform, texture == m_font_texture ? 1 : 0);
                    m_bound_texture = texture;
                }
                // 32-bit indices (ImDrawIdx), so VtxOffset is always 0 (RendererHasVtxOffset
                // unset).
                glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(count), GL_UNSIGNED_INT,
                               reinterpret_cast<void*>(offset * sizeof(ImDrawIdx)));
            }
        }
    }
    // glClear obeys the scissor: leave it off for anything else that clears.
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
    return true;
}

} // namespace mailsim::ui
