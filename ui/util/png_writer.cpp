#include "png_writer.h"

#include <algorithm>
#include <cstring>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wpedantic"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace mailsim::ui {
namespace {

void append_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::string*>(context);
    out->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

} // namespace

std::string encode_png_rgba(const std::vector<unsigned char>& pixels, int width, int height) {
    std::string out;
    if (width <= 0 || height <= 0 || pixels.size() < static_cast<size_t>(width) * height * 4)
        return out;
    if (!stbi_write_png_to_func(append_bytes, &out, width, height, 4, pixels.data(), width * 4))
        out.clear();
    return out;
}

void flip_rows(std::vector<unsigned char>& pixels, int width, int height, int channels) {
    const size_t stride = static_cast<size_t>(width) * channels;
    for (int top = 0, bottom = height - 1; top < bottom; ++top, --bottom)
        std::swap_ranges(pixels.begin() + top * stride, pixels.begin() + (top + 1) * stride,
                         pixels.begin() + bottom * stride);
}

} // namespace mailsim::ui
