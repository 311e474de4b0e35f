#include "ui/platform/webgl_renderer.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>

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

constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D tex;
uniform bool coverage; // tex is the font atlas: one channel of coverage, white ink
in vec2 frag_uv;
in vec4 frag_colour;
layout (location = 0) out vec4 out_colour;
void main() {
    vec4 texel = texture(tex, frag_uv);
    out_colour = frag_colour * (coverage ? vec4(1.0, 1.0, 1.0, texel.r) : texel);
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
}

void WebGlRenderer::destroy_fonts_texture() {
    if (!m_font_texture)
        return;
    glDeleteTextures(1, &m_font_texture);
    ImGui::GetIO().Fonts->SetTexID(nullptr);
    m_font_texture = 0;
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
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo); // not part of the VAO's state
}

void WebGlRenderer::render(const ImDrawData* draw_data) {
    const int fb_width = static_cast<int>(draw_data->DisplaySize.x * draw_data->FramebufferScale.x);
    const int fb_height =
        static_cast<int>(draw_data->DisplaySize.y * draw_data->FramebufferScale.y);
    if (fb_width <= 0 || fb_height <= 0 || !program_ready())
        return;
    if (!m_font_texture)
        create_fonts_texture();
    set_render_state(draw_data, fb_width, fb_height);
    const ImVec2 clip_off = draw_data->DisplayPos;
    const ImVec2 clip_scale = draw_data->FramebufferScale;
    for (int n = 0; n < draw_data->CmdListsCount; ++n) {
        const ImDrawList* list = draw_data->CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list->VtxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawVert)),
                     list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                     static_cast<GLsizeiptr>(list->IdxBuffer.Size) *
                         static_cast<GLsizeiptr>(sizeof(ImDrawIdx)),
                     list->IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState)
                    set_render_state(draw_data, fb_width, fb_height);
                else
                    cmd.UserCallback(list, &cmd);
                continue;
            }
            const float x0 = (cmd.ClipRect.x - clip_off.x) * clip_scale.x;
            const float y0 = (cmd.ClipRect.y - clip_off.y) * clip_scale.y;
            const float x1 = (cmd.ClipRect.z - clip_off.x) * clip_scale.x;
            const float y1 = (cmd.ClipRect.w - clip_off.y) * clip_scale.y;
            if (x1 <= x0 || y1 <= y0)
                continue;
            glScissor(static_cast<GLint>(x0),
                      static_cast<GLint>(static_cast<float>(fb_height) - y1),
                      static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0));
            const auto texture =
                static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.GetTexID()));
            if (texture != m_bound_texture) {
                glBindTexture(GL_TEXTURE_2D, texture);
                glUniform1i(m_coverage_uniform, texture == m_font_texture ? 1 : 0);
                m_bound_texture = texture;
            }
            // 32-bit indices (ImDrawIdx), so VtxOffset is always 0 (RendererHasVtxOffset unset).
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), GL_UNSIGNED_INT,
                           reinterpret_cast<void*>(cmd.IdxOffset * sizeof(ImDrawIdx)));
        }
    }
    // glClear obeys the scissor: leave it off so the next frame clears the whole canvas.
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
}

} // namespace mailsim::ui
