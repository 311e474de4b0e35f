#pragma once
// Key codes as Dear ImGui 1.86 sees them: the GLFW backend indexes io.KeysDown by GLFW key
// codes, which Emscripten's GLFW shares. Mirrored here so the shared UI code needs no GLFW.
namespace mailsim::ui::keys {

inline constexpr int kSpace = 32;
inline constexpr int kMinus = 45;
inline constexpr int k0 = 48;
inline constexpr int kEqual = 61;
inline constexpr int kQ = 81;
inline constexpr int kY = 89;
inline constexpr int kZ = 90;
inline constexpr int kRight = 262;
inline constexpr int kLeft = 263;
inline constexpr int kDown = 264;
inline constexpr int kUp = 265;
inline constexpr int kPageUp = 266;
inline constexpr int kPageDown = 267;
inline constexpr int kHome = 268;
inline constexpr int kEnd = 269;
inline constexpr int kF1 = 290;
inline constexpr int kKeypadSubtract = 333;
inline constexpr int kKeypadAdd = 334;

} // namespace mailsim::ui::keys
