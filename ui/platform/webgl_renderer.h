#pragma once
// The web build's Dear ImGui renderer for WebGL2. ImGui's own OpenGL3 backend saves and
// restores about twenty pieces of GL state around every frame with glGet*, and in a browser
// each such query is a synchronous round trip to the GPU process: the page's main thread
// waits for the GPU to finish the previous frame (with software GL, for its rasterising),
// which measured 30 ms of a 35 ms frame. The app owns the whole context, so nothing needs
// saving: this renderer sets the state it needs and never reads any back.
#include <GLES3/gl3.h>
#include <imgui.h>

namespace mailsim::ui {

class WebGlRenderer {
public:
    // Compiles the shaders and creates the buffers; false (with a message on stderr) if
    // WebGL2 refuses. The font texture is made on first use or by create_fonts_texture().
    bool init();
    void shutdown();
    void create_fonts_texture();
    void destroy_fonts_texture();
    void render(const ImDrawData* draw_data);

private:
    void set_render_state(const ImDrawData* draw_data, int fb_width, int fb_height);

    GLuint m_program = 0, m_vao = 0, m_vbo = 0, m_ebo = 0, m_font_texture = 0;
    GLint m_texture_uniform = -1, m_projection_uniform = -1;
};

} // namespace mailsim::ui
