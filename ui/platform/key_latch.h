#pragma once
// Dear ImGui 1.86 reads keys as "down now", so a tap whose press and release both arrive
// between two frames is lost (a slow frame, a test's key press, a remote desktop). The latch
// remembers such taps and holds the key down for exactly one frame. Both platforms use it.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <functional>
#include <vector>

namespace mailsim::ui {

class KeyLatch {
public:
    // Chains after ImGui's own key callback. `on_repeat` hears the keyboard's auto-repeats.
    using RepeatListener = std::function<void(int key)>;
    static void install(GLFWwindow* window, RepeatListener on_repeat = {}) {
        repeat_listener() = std::move(on_repeat);
        glfwSetKeyCallback(window, on_key);
    }

    // Before ImGui::NewFrame: keys tapped since the last frame read as down in this one.
    static void before_frame() {
        ImGuiIO& io = ImGui::GetIO();
        held().clear();
        for (int key : taps())
            if (key >= 0 && key < IM_ARRAYSIZE(io.KeysDown) && !io.KeysDown[key]) {
                io.KeysDown[key] = true;
                held().push_back(key);
            }
        taps().clear();
    }
    // After the frame: release what the latch held.
    static void after_frame() {
        ImGuiIO& io = ImGui::GetIO();
        for (int key : held())
            io.KeysDown[key] = false;
        held().clear();
    }

private:
    static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
        ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
        if (action == GLFW_PRESS)
            taps().push_back(key);
        else if (action == GLFW_REPEAT && repeat_listener())
            repeat_listener()(key);
    }
    static RepeatListener& repeat_listener() {
        static RepeatListener listener;
        return listener;
    }
    static std::vector<int>& taps() {
        static std::vector<int> keys;
        return keys;
    }
    static std::vector<int>& held() {
        static std::vector<int> keys;
        return keys;
    }
};

} // namespace mailsim::ui
