#pragma once
// PNG encoding for screenshots and exported diagrams (Debian's stb_image_write).
#include <string>
#include <vector>

namespace mailsim::ui {

// RGBA pixels, top row first. Returns the PNG file's bytes (empty on failure).
std::string encode_png_rgba(const std::vector<unsigned char>& pixels, int width, int height);

// Flips rows in place: OpenGL reads the bottom row first.
void flip_rows(std::vector<unsigned char>& pixels, int width, int height, int channels);

} // namespace mailsim::ui
