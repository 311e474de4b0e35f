#pragma once
// Texture upload shared by both platforms (OpenGL 3.3 core and WebGL2 take the same calls).
// Included after the platform's GL header.
#include <cstdint>

namespace mailsim::ui {

inline std::uintptr_t gl_create_texture(const unsigned char* rgba, int width, int height) {
    GLuint texture = 0;
    glGenTextures(1, &texture);
    if (!texture)
        return 0;
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    return texture;
}

inline void gl_destroy_texture(std::uintptr_t texture) {
    GLuint id = static_cast<GLuint>(texture);
    glDeleteTextures(1, &id);
}

} // namespace mailsim::ui
