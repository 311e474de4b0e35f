#pragma once
// Screen rectangles of named widgets, recorded while drawing, so browser and desktop tests
// can click real coordinates with the real mouse. Tests read state; they never poke it.
#include <imgui.h>

#include <map>
#include <string>

namespace mailsim::ui {

struct ItemRect {
    float x = 0, y = 0, w = 0, h = 0;
};

// A panel's window as drawn: its place and how far it is scrolled (ImGui units).
struct WindowRect {
    float x = 0, y = 0, w = 0, h = 0;
    float scroll_y = 0, scroll_max = 0;
    float scroll_max_x = 0;   // how far its widest part scrolls sideways (a figure wider than it)
    bool highlighted = false; // the lesson step frames it (ui/widgets/highlight_frame.h)
};

class TestBridge {
public:
    void begin_frame() {
        m_current.clear();
        m_current_windows.clear();
    }
    void end_frame() {
        m_last = m_current;
        m_last_windows = m_current_windows;
    }
    // Records the rectangle of the last submitted ImGui item under `id`.
    void record_last_item(const std::string& id);
    void record(const std::string& id, ImVec2 min, ImVec2 max);
    // Rectangles from the last completed frame (what is on screen now).
    const std::map<std::string, ItemRect>& rects() const { return m_last; }
    // Panel windows, by panel id, recorded by begin_panel.
    void record_window(const std::string& id, const WindowRect& rect) {
        m_current_windows[id] = rect;
    }
    const std::map<std::string, WindowRect>& windows() const { return m_last_windows; }
    // Panels whose content scrolls in a child window (the lesson's step text) report that.
    void set_window_scroll(const std::string& id, float scroll_y, float scroll_max,
                           float scroll_max_x) {
        if (auto found = m_current_windows.find(id); found != m_current_windows.end()) {
            found->second.scroll_y = scroll_y;
            found->second.scroll_max = scroll_max;
            found->second.scroll_max_x = scroll_max_x;
        }
    }
    const std::map<std::string, WindowRect>& current_windows() const { return m_current_windows; }
    void set_window_highlighted(const std::string& id) {
        if (auto found = m_current_windows.find(id); found != m_current_windows.end())
            found->second.highlighted = true;
    }

private:
    std::map<std::string, ItemRect> m_current;
    std::map<std::string, ItemRect> m_last;
    std::map<std::string, WindowRect> m_current_windows;
    std::map<std::string, WindowRect> m_last_windows;
};

} // namespace mailsim::ui
