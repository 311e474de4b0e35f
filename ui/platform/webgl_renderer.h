#pragma once
// The web build's Dear ImGui renderer for WebGL2. ImGui's own OpenGL3 backend saves and
// restores about twenty pieces of GL state around every frame with glGet*, and in a browser
// each such query is a synchronous round trip to the GPU process: the page's main thread
// waits for the GPU to finish the previous frame (with software GL, for its rasterising),
// which measured 30 ms of a 35 ms frame. The app owns the whole context, so nothing needs
// saving: this renderer sets the state it needs and never reads any back.
#include <GLES3/gl3.h>
#include <imgui.h>

#include "ui/platform/webgl_renderer_damage.h"

namespace mailsim::ui {

class WebGlRenderer {
public:
    // Starts compiling the shaders and creates the buffers; false if WebGL2 refuses. Whether
    // the program linked is asked at the first render (a shader error goes to stderr and
    // nothing is drawn). The font texture is made on first use or by create_fonts_texture().
    bool init();
    void shutdown();
    void create_fonts_texture();
    void destroy_fonts_texture();
    // Draws the frame over the last one where its draw lists changed (all of it when the
    // drawing buffer is not preserved between frames), after clearing those regions to
    // `background`. False when nothing changed: no GL call was made, so the browser presents no
    // new frame and the canvas keeps showing the same pixels.
    bool render(const ImDrawData* draw_data, const ImVec4& background);
    // The next frame is drawn whole: a texture's pixels changed under a name the draw lists
    // may still use.
    void invalidate() { m_damage.invalidate(); }
    // Of the last render(): the share of the screen redrawn (0 when it was skipped).
    float redrawn_share() const { return m_redrawn_share; }

private:
    enum class ProgramState { Unchecked, Ready, Broken };
    bool program_ready();
    void set_render_state(const ImDrawData* draw_data, int fb_width, int fb_height);

    ProgramState m_program_state = ProgramState::Unchecked;
    GLuint m_vertex_shader = 0, m_fragment_shader = 0; // until the link status is known

    GLuint m_program = 0, m_vao = 0, m_vbo = 0, m_ebo = 0, m_font_texture = 0;
    GLint m_texture_uniform = -1, m_projection_uniform = -1, m_coverage_uniform = -1;
    GLint m_white_uv_uniform = -1, m_white_near_uniform = -1;
    GLuint m_bound_texture = 0; // within one render(): skip rebinding the same texture
    DrawDamage m_damage;
    bool m_preserved = false; // preserveDrawingBuffer: the canvas keeps the last frame's pixels
    float m_redrawn_share = 0;
};

} // namespace mailsim::ui
