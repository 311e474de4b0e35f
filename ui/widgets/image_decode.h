#pragma once
// Decodes image/jpeg, image/gif and image/png bodies for the inspector (Debian's stb_image).
#include "sim/core/bytes.h"

#include <optional>
#include <vector>

namespace mailsim::ui {

struct DecodedImage {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
};

// nullopt for data that is not a decodable image (a broken attachment is not a crash).
std::optional<DecodedImage> decode_image(ByteView data);

} // namespace mailsim::ui
