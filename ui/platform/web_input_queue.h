#pragma once
// Dear ImGui 1.86 has no input queue: it reads the mouse buttons and keys as "down now" once per
// frame, so input that arrives within one slow frame merges (two clicks become one, the second
// click's position wins), and characters typed in the same frame as Enter are inserted after
// InputText has already acted on the Enter (the last character is dropped). The web build puts
// the page's input through this queue, which gives ImGui one change per mouse button and key a
// frame, in the order it came, and never characters and an editing key in the same frame. What
// does not conflict still arrives in the same frame, so typing and clicking keep their latency.
//
// Those rules are for ImGui's text fields. While none has the keyboard no widget reads a key
// (keyboard navigation is off) and App's shortcuts count the platform's presses, not ImGui's
// key state (keyboard_shortcuts.cpp), so every key waiting goes in the same frame: 40 taps of
// -> one animation frame apart took 80 frames one change at a time, and a Ctrl+= after them
// acted seconds late.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <deque>
#include <string>

namespace mailsim::ui {

class WebInputQueue {
public:
    // Takes GLFW's mouse button and key callbacks (after ImGui's backend and the key latch have
    // installed theirs): the key callback found there still hears every key, from the queue.
    void install(GLFWwindow* window) {
        instance() = this;
        m_window = window;
        glfwSetMouseButtonCallback(window, on_button);
        m_key_callback = glfwSetKeyCallback(window, on_key);
    }

    // Committed text (typed or composed) from the page.
    void text(const char* utf8) { m_events.push_back(Event{Kind::Text, 0, 0, 0, 0, 0, 0, utf8}); }
    // A key press and release that came without a key event (a touch keyboard's Backspace).
    void tap(int key) { m_events.push_back(Event{Kind::Tap, key, 0, 0, 0, 0, 0, {}}); }

    // After ImGui_ImplGlfw_NewFrame, before the display scale is applied: feeds ImGui the
    // events this frame can take and sets the mouse buttons and position from them.
    // `tap_key` is KeyLatch::tap.
    template <typename Tap>
    void feed(Tap tap_key) {
        ImGuiIO& io = ImGui::GetIO();
        // Whether a text field had the keyboard in the frame just drawn (io.WantTextInput says
        // it a frame later). A click fed in this frame may give one the keyboard: the keys
        // after it keep to the rules.
        const bool text_field = GImGui->WantTextInputNextFrame > 0;
        bool button_changed[kButtons] = {};
        bool text_fed = false, editing_key_fed = false, button_fed = false;
        double x = 0, y = 0;
        std::deque<int> keys_changed;
        while (!m_events.empty()) {
            const Event& e = m_events.front();
            if (e.kind == Kind::Button) {
                if (e.code < 0 || e.code >= kButtons) {
                    m_events.pop_front();
                    continue;
                }
                if (button_changed[e.code])
                    break; // ImGui must see the button up (or down) for a frame first
                button_changed[e.code] = true;
                m_down[e.code] = e.action == GLFW_PRESS;
                x = e.x;
                y = e.y;
                button_fed = true;
            } else if (e.kind == Kind::Key || e.kind == Kind::Tap) {
                const bool press = e.kind == Kind::Tap || e.action != GLFW_RELEASE;
                const bool editing = press && is_editing_key(e.code, e.mods);
                if (editing && text_fed)
                    break; // InputText handles keys after characters: the text goes first
                bool seen = false;
                for (int key : keys_changed)
                    seen = seen || key == e.code;
                if (seen && e.action != GLFW_REPEAT && (text_field || button_fed))
                    break; // one press or release of a key per frame
                keys_changed.push_back(e.code);
                editing_key_fed = editing_key_fed || editing;
                if (e.kind == Kind::Tap)
                    tap_key(e.code);
                else if (m_key_callback)
                    m_key_callback(m_window, e.code, e.scancode, e.action, e.mods);
            } else {
                if (editing_key_fed)
                    break; // after the key acted, in the next frame
                io.AddInputCharactersUTF8(e.text.c_str());
                text_fed = true;
            }
            m_events.pop_front();
        }
        for (int b = 0; b < kButtons; ++b)
            io.MouseDown[b] = m_down[b];
        // The pointer where the last button change fed happened, or where the next one waiting
        // will happen (it must not run ahead of a click still to come).
        if (!button_fed)
            for (const Event& e : m_events)
                if (e.kind == Kind::Button) {
                    x = e.x;
                    y = e.y;
                    button_fed = true;
                    break;
                }
        if (button_fed)
            io.MousePos = ImVec2(static_cast<float>(x), static_cast<float>(y));
    }

    bool empty() const { return m_events.empty(); }

private:
    static constexpr int kButtons = 3;
    enum class Kind { Button, Key, Tap, Text };
    struct Event {
        Kind kind;
        int code; // mouse button or GLFW key
        int scancode;
        int action;
        int mods;
        double x, y; // the cursor at a button change (GLFW's coordinates)
        std::string text;
    };

    // Keys ImGui's text fields act on (and Ctrl shortcuts): not in the same frame as text.
    static bool is_editing_key(int key, int mods) {
        if (mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER))
            return true;
        switch (key) {
        case GLFW_KEY_ENTER:
        case GLFW_KEY_KP_ENTER:
        case GLFW_KEY_BACKSPACE:
        case GLFW_KEY_DELETE:
        case GLFW_KEY_TAB:
        case GLFW_KEY_ESCAPE:
        case GLFW_KEY_LEFT:
        case GLFW_KEY_RIGHT:
        case GLFW_KEY_UP:
        case GLFW_KEY_DOWN:
        case GLFW_KEY_HOME:
        case GLFW_KEY_END:
        case GLFW_KEY_PAGE_UP:
        case GLFW_KEY_PAGE_DOWN:
            return true;
        default:
            return false;
        }
    }

    static WebInputQueue*& instance() {
        static WebInputQueue* queue = nullptr;
        return queue;
    }
    static void on_button(GLFWwindow* window, int button, int action, int mods) {
        double x = 0, y = 0;
        glfwGetCursorPos(window, &x, &y);
        instance()->m_events.push_back(Event{Kind::Button, button, 0, action, mods, x, y, {}});
    }
    static void on_key(GLFWwindow*, int key, int scancode, int action, int mods) {
        instance()->m_events.push_back(Event{Kind::Key, key, scancode, action, mods, 0, 0, {}});
    }

    GLFWwindow* m_window = nullptr;
    GLFWkeyfun m_key_callback = nullptr;
    std::deque<Event> m_events;
    bool m_down[kButtons] = {};
};

} // namespace mailsim::ui
