#pragma once
#include "ui/app/settings.h"

#include <imgui.h>

namespace mailsim::ui {

// Colours the app draws with besides ImGui's own: protocols and reply classes. Chosen to stay
// apart for the common colour-vision deficiencies and on a washed-out projector.
struct Palette {
    ImU32 smtp, pop3, imap, dns, tcp, http;
    ImU32 reply_2yz, reply_3yz, reply_4yz, reply_5yz;
    ImU32 text_dim, highlight, link, host_fill, host_border;
};

// Applies the theme and sizes every metric by `scale` (content scale x font scale).
void apply_theme(Theme theme, float scale, bool projector_mode);
const Palette& palette();

} // namespace mailsim::ui
