// The keyboard's shortcuts: playback (Space, arrows, Home/End, +/-), text size (Ctrl +/-/0),
// help (F1) and quit (Ctrl+Q). Steps and sizes count the platform's own presses and repeats,
// not ImGui's timed key state (see step_key_steps).
#include "app.h"

#include "ui/app/keys.h"

#include <imgui.h>

#include <algorithm>

namespace mailsim::ui {

// Steps for an arrow key this frame: one for a fresh press, plus one for each auto-repeat the
// keyboard itself sent while the key was held (note_key_repeat). ImGui's own repeat counts
// frame time instead, and one slow frame (software GL, a big world) turned a short tap into
// several steps; the keyboard repeats only while the key really is down.
int App::step_key_steps(int key) {
    int& held = m_key_held_frames[key];
    int steps = ImGui::IsKeyDown(key) ? (++held == 1 ? 1 : 0) : (held = 0);
    if (auto repeats = m_key_repeats.find(key); repeats != m_key_repeats.end()) {
        steps += std::min(repeats->second, kMaxRepeatStepsPerFrame);
        m_key_repeats.erase(repeats);
    }
    return steps;
}

void App::note_key_repeat(int key) {
    ++m_key_repeats[key];
}

void App::note_key_press(int key, bool ctrl) {
    m_key_presses.push_back({key, ctrl});
}

// Counts and removes this frame's presses of any of `keys` made with (or without) Ctrl.
int App::take_key_presses(std::initializer_list<int> keys, bool ctrl) {
    int count = 0;
    std::erase_if(m_key_presses, [&](const KeyPress& press) {
        const bool match =
            press.ctrl == ctrl && std::find(keys.begin(), keys.end(), press.key) != keys.end();
        count += match ? 1 : 0;
        return match;
    });
    return count;
}

void App::step_font_scale(int steps) {
    float scale = m_settings.font_scale;
    for (; steps > 0; --steps)
        scale *= 1.1f;
    for (; steps < 0; ++steps)
        scale /= 1.1f;
    set_font_scale(scale);
}

void App::handle_shortcuts() {
    ImGuiIO& io = ImGui::GetIO();
    // Text size and speed count the platform's key presses, not ImGui's key state: a tap
    // shorter than a frame still counts once, a held key (ImGui's timed repeat) no more.
    step_font_scale(take_key_presses({keys::kEqual, keys::kKeypadAdd}, true) -
                    take_key_presses({keys::kMinus, keys::kKeypadSubtract}, true));
    if (take_key_presses({keys::k0}, true) > 0)
        set_font_scale(1.0f);
    const int faster = take_key_presses({keys::kEqual, keys::kKeypadAdd}, false);
    const int slower = take_key_presses({keys::kMinus, keys::kKeypadSubtract}, false);
    m_key_presses.clear();
    if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kQ, false))
        m_platform->request_quit();
    if (ImGui::IsKeyPressed(keys::kF1))
        m_show_shortcuts = !m_show_shortcuts;
    // Playback keys act only when no text field has the keyboard (typing a mail must not
    // step the world).
    if (io.WantTextInput || io.KeyCtrl)
        return;
    if (ImGui::IsKeyPressed(keys::kSpace, false))
        m_state.playback.playing = !m_state.playback.playing;
    for (int n = step_key_steps(keys::kRight); n > 0; --n) {
        m_state.playback.playing = false;
        m_session.step_forward();
    }
    for (int n = step_key_steps(keys::kLeft); n > 0; --n) {
        m_state.playback.playing = false;
        m_session.step_back();
    }
    if (ImGui::IsKeyPressed(keys::kHome, false)) {
        m_state.playback.playing = false;
        m_session.seek_start();
    }
    if (ImGui::IsKeyPressed(keys::kEnd, false)) {
        m_state.playback.playing = false;
        m_session.seek_end();
    }
    for (int n = faster; n > 0; --n)
        m_state.playback.speed = std::min(kMaxSpeed, m_state.playback.speed * 10);
    for (int n = slower; n > 0; --n)
        m_state.playback.speed = std::max(kMinSpeed, m_state.playback.speed / 10);
}

} // namespace mailsim::ui
