#pragma once
// How far apart two presses may be and still make a double-click, for the frames this machine
// draws. ImGui stamps a press with the start of the first frame that sees it, and it can see a
// second press only after a frame has seen the button up in between: two presses are always
// two frames or more apart in its clock, whatever the hand did. At 60 fps that is nothing; with
// software GL at a large framebuffer (1920x1080 at DPR 2 takes 100-300 ms a frame on a loaded
// school machine) ImGui's fixed 0.3 s missed most double-clicks on a splitter.
namespace mailsim::ui {

// A human's double-click (0.3 s, ImGui's default) plus the frames that stand between the
// presses as ImGui sees them, for frames of `frame_seconds` (a recent, smoothed figure).
float double_click_seconds(float frame_seconds);

} // namespace mailsim::ui
