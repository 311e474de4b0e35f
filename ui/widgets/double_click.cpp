#include "double_click.h"

#include <algorithm>

namespace mailsim::ui {
namespace {

constexpr float kHumanSeconds = 0.30f;
// Two frames always lie between the stamps of two presses, each stamp lags its press by up to
// a frame, and frames vary around the smoothed figure: four frames' worth covers them.
constexpr float kFramesBetween = 4.0f;
// Beyond this a second press is a new click, however slow the frames.
constexpr float kLongestSeconds = 2.0f;

} // namespace

float double_click_seconds(float frame_seconds) {
    return std::clamp(kHumanSeconds + kFramesBetween * std::max(frame_seconds, 0.0f), kHumanSeconds,
                      kLongestSeconds);
}

} // namespace mailsim::ui
