#pragma once
// Texture upload shared by both platforms (OpenGL 3.3 core and WebGL2 take the same calls).
// Included after the platform's GL header.
#include <cstdint>
#include <utility>
#include <vector>

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

// Framebuffer pixels of a rectangle given with a top-left origin, flipped to top row first.
inline std::vector<unsigned char> gl_read_pixels(int x, int y, int width, int height,
                                                 int framebuffer_height) {
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(x, framebuffer_height - y - height, width, height, GL_RGBA, GL_UNSIGNED_BYTE,
                 pixels.data());
    const size_t stride = static_cast<size_t>(width) * 4;
    for (int top = 0, bottom = height - 1; top < bottom; ++top, --bottom)
        for (size_t i = 0; i < stride; ++i)
            std::swap(pixels[top * stride + i], pixels[bottom * stride + i]);
    for (size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255;
    return pixels;
}

inline void gl_destroy_texture(std::uintptr_t texture) {
    GLuint id = static_cast<GLuint>(texture);
    glDeleteTextures(1, &id);
}

} // namespace mailsim::ui
