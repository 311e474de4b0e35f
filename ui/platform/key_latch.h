#pragma once
// Dear ImGui 1.86 reads keys as "down now", so a tap whose press and release both arrive
// between two frames is lost (a slow frame, a test's key press, a remote desktop). The latch
// remembers such taps and holds the key down for exactly one frame, with the modifiers it was
// pressed with (Ctrl+C tapped between two frames has released Ctrl too). Both platforms use it.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <functional>
#include <vector>

namespace mailsim::ui {

class KeyLatch {
public:
    // Chains after ImGui's own key callback. `on_press` hears every fresh press with the Ctrl
    // state of that moment (a Ctrl+= tapped between two frames has released Ctrl by the next
    // one); `on_repeat` hears the keyboard's auto-repeats.
    using PressListener = std::function<void(int key, bool ctrl)>;
    using RepeatListener = std::function<void(int key)>;
    static void install(GLFWwindow* window, PressListener on_press, RepeatListener on_repeat) {
        press_listener() = std::move(on_press);
        repeat_listener() = std::move(on_repeat);
        glfwSetKeyCallback(window, on_key);
    }

    // Before ImGui::NewFrame: keys tapped since the last frame read as down in this one, and
    // the modifiers held at their press as held.
    static void before_frame() {
        ImGuiIO& io = ImGui::GetIO();
        held().clear();
        for (const Tap& tap : taps()) {
            if (tap.key >= 0 && tap.key < IM_ARRAYSIZE(io.KeysDown) && !io.KeysDown[tap.key]) {
                io.KeysDown[tap.key] = true;
                held().push_back(tap.key);
            }
            io.KeyCtrl |= (tap.mods & GLFW_MOD_CONTROL) != 0;
            io.KeyShift |= (tap.mods & GLFW_MOD_SHIFT) != 0;
            io.KeyAlt |= (tap.mods & GLFW_MOD_ALT) != 0;
            io.KeySuper |= (tap.mods & GLFW_MOD_SUPER) != 0;
        }
        taps().clear();
    }
    // After the frame: release what the latch held; the modifiers are again what is down.
    static void after_frame() {
        ImGuiIO& io = ImGui::GetIO();
        for (int key : held())
            io.KeysDown[key] = false;
        held().clear();
        io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
        io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
        io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
        io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
    }

private:
    static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
        ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
        if (action == GLFW_PRESS) {
            taps().push_back({key, mods});
            if (press_listener())
                press_listener()(key, (mods & GLFW_MOD_CONTROL) != 0);
        } else if (action == GLFW_REPEAT && repeat_listener())
            repeat_listener()(key);
    }
    static PressListener& press_listener() {
        static PressListener listener;
        return listener;
    }
    static RepeatListener& repeat_listener() {
        static RepeatListener listener;
        return listener;
    }
    struct Tap {
        int key;
        int mods;
    };
    static std::vector<Tap>& taps() {
        static std::vector<Tap> keys;
        return keys;
    }
    static std::vector<int>& held() {
        static std::vector<int> keys;
        return keys;
    }
};

} // namespace mailsim::ui
