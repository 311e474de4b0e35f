// The keyboard's shortcuts: playback (Space, arrows, Home/End, +/-), text size (Ctrl +/-/0),
// the world editor's undo and redo (Ctrl+Z/Y), help (F1) and quit (Ctrl+Q). Every one counts
// the platform's own presses and repeats (note_key_press, note_key_repeat), never ImGui's key
// state: ImGui 1.86 sees a key as "down now" once a frame, so taps within one slow frame
// merged into one and a tap shorter than a frame was lost, and its timed repeat turned one
// slow frame into several steps. Counting presses also lets the web's input queue give App
// every key waiting in one frame while no text field has the keyboard (web_input_queue.h).
#include "app.h"

#include "ui/app/keys.h"
#include "ui/app/world_edit.h"

#include <imgui.h>

#include <algorithm>

namespace mailsim::ui {

// Steps for an arrow key this frame: one for each fresh press without Ctrl, plus one for each
// auto-repeat the keyboard itself sent while the key was held (it repeats only while the key
// really is down), capped so a frozen tab catching up does not replay without end.
int App::step_key_steps(int key) {
    int steps = take_key_presses({key}, false);
    if (auto repeats = m_key_repeats.find(key); repeats != m_key_repeats.end()) {
        if (!ImGui::GetIO().KeyCtrl)
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
    const ImGuiIO& io = ImGui::GetIO();
    // This frame's presses, all taken before any acts: what is not a shortcut here (a key a
    // text field took) goes with the rest.
    const int bigger = take_key_presses({keys::kEqual, keys::kKeypadAdd}, true);
    const int smaller = take_key_presses({keys::kMinus, keys::kKeypadSubtract}, true);
    const int reset_size = take_key_presses({keys::k0}, true);
    const int faster = take_key_presses({keys::kEqual, keys::kKeypadAdd}, false);
    const int slower = take_key_presses({keys::kMinus, keys::kKeypadSubtract}, false);
    const int quit = take_key_presses({keys::kQ}, true);
    const int help = take_key_presses({keys::kF1}, false) + take_key_presses({keys::kF1}, true);
    const int undo = take_key_presses({keys::kZ}, true);
    const int redo = take_key_presses({keys::kY}, true);
    const int play = take_key_presses({keys::kSpace}, false);
    const int home = take_key_presses({keys::kHome}, false);
    const int end = take_key_presses({keys::kEnd}, false);
    const int forward = step_key_steps(keys::kRight);
    const int back = step_key_steps(keys::kLeft);
    m_key_presses.clear();
    m_key_repeats.clear(); // held while a text field had the keyboard: not steps later

    step_font_scale(bigger - smaller);
    if (reset_size > 0)
        set_font_scale(1.0f);
    if (quit > 0)
        m_platform->request_quit();
    if (help % 2 == 1)
        m_show_shortcuts = !m_show_shortcuts;
    // The rest act only when no text field has the keyboard (typing a mail must not step the
    // world, Ctrl+Z in a field undoes the typing, not the world).
    if (io.WantTextInput)
        return;
    for (int n = undo; n > 0; --n)
        post_world_undo(*this);
    for (int n = redo; n > 0; --n)
        post_world_redo(*this);
    if (play % 2 == 1)
        m_state.playback.playing = !m_state.playback.playing;
    for (int n = forward; n > 0; --n) {
        m_state.playback.playing = false;
        m_session.step_forward();
    }
    for (int n = back; n > 0; --n) {
        m_state.playback.playing = false;
        m_session.step_back();
    }
    if (home > 0) {
        m_state.playback.playing = false;
        m_session.seek_start();
    }
    if (end > 0) {
        m_state.playback.playing = false;
        m_session.seek_end();
    }
    for (int n = faster; n > 0; --n)
        m_state.playback.speed = std::min(kMaxSpeed, m_state.playback.speed * 10);
    for (int n = slower; n > 0; --n)
        m_state.playback.speed = std::max(kMinSpeed, m_state.playback.speed / 10);
}

} // namespace mailsim::ui
