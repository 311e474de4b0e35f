#pragma once
// Runs the real App in an ImGui context without a window: NewFrame/Render with a fake
// display, so every panel can be drawn in a unit test (and under the sanitizers).
#include "ui/app/app.h"
#include "ui/panels/panel_registry.h"

#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>

namespace mailsim::ui::testing {

class MemoryPlatform final : public Platform {
public:
    std::string data_dir() const override { return MAILSIM_BINARY_DIR "/appdata"; }
    std::string load_setting(const std::string& key) const override {
        auto found = settings.find(key);
        return found == settings.end() ? "" : found->second;
    }
    void save_setting(const std::string& key, const std::string& value) override {
        settings[key] = value;
    }
    float content_scale() const override { return 1.0f; }
    void recreate_font_texture() override {
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    void offer_file(const std::string& name, const std::string& bytes) override {
        offered[name] = bytes;
    }
    std::uintptr_t create_texture(const unsigned char*, int width, int height) override {
        return static_cast<std::uintptr_t>(width * 10000 + height); // a fake, non-zero id
    }
    void destroy_texture(std::uintptr_t) override {}
    std::vector<unsigned char> read_pixels(int, int, int width, int height) override {
        return std::vector<unsigned char>(static_cast<size_t>(width) * height * 4, 128);
    }
    bool is_web() const override { return false; }

    std::map<std::string, std::string> settings;
    std::map<std::string, std::string> offered;
};

class HeadlessApp {
public:
    // Only: just the panel named `only` (so a click cannot land on another window).
    enum class Panels { Defaults, AllOpen, Only };

    explicit HeadlessApp(const std::string& language = "ko", Panels panels = Panels::Defaults,
                         const std::string& scenario = "", const std::string& lesson = "",
                         const std::string& step = "", const std::string& only = "") {
        if (panels != Panels::Defaults) {
            Settings settings;
            for (const auto& panel : panel_registry())
                settings.open_panels[panel.id] = panels == Panels::AllOpen || panel.id == only;
            platform.settings["settings"] = settings.to_json();
        }
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60.0f;
        // Keyboard navigation wants every named key mapped, as a platform backend does.
        for (int key = 0; key < ImGuiKey_COUNT; ++key)
            io.KeyMap[key] = 400 + key;
        AppOptions options{platform.data_dir(), language, scenario};
        options.lesson = lesson;
        options.step = step;
        app.init(platform, options);
    }
    ~HeadlessApp() {
        app.shutdown();
        ImGui::DestroyContext(m_context);
    }
    void frames(int count) {
        for (int i = 0; i < count; ++i) {
            app.before_frame();
            ImGui::NewFrame();
            app.frame();
            ImGui::Render();
        }
    }

    // A key tapped as the platform reports it (KeyLatch): the press heard by App (its shortcuts
    // count these), the key down for ImGui for one frame, released in the next.
    void tap_key(int key, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        app.note_key_press(key, ctrl);
        io.KeysDown[key] = true;
        frames(1);
        io.KeysDown[key] = false;
        frames(1);
    }

    // A real left click in the middle of a control the test bridge recorded (press in one
    // frame, release in the next, as a mouse does); false if the control was not drawn.
    bool click(const std::string& id) {
        const auto rect = nlohmann::json::parse(app.item_rect_json(id));
        if (!rect.is_object())
            return false;
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(rect["x"].get<float>() + rect["w"].get<float>() * 0.5f,
                             rect["y"].get<float>() + rect["h"].get<float>() * 0.5f);
        frames(1); // hover first, as a pointer arrives before it presses
        io.MouseDown[0] = true;
        frames(1);
        io.MouseDown[0] = false;
        frames(2);
        return true;
    }
    // A control below the fold of its panel (the lesson's tasks under the step text, in a tile
    // shorter than the step) is scrolled into view with the mouse wheel over the panel, as a
    // student does, before it is clicked: a click on a control outside its window's visible part
    // reaches nothing.
    void scroll_into_view(const std::string& panel, const std::string& id) {
        ImGuiIO& io = ImGui::GetIO();
        for (int notch = 0; notch < 60; ++notch) {
            const auto& windows = app.bridge().windows();
            const auto window = windows.find(panel);
            REQUIRE(window != windows.end());
            const WindowRect& w = window->second;
            const auto& rects = app.bridge().rects();
            REQUIRE(rects.count(id) == 1);
            const ItemRect rect = rects.at(id);
            const float top = w.y, bottom = std::min(w.y + w.h, io.DisplaySize.y);
            // Well inside, clear of a header or footer round the scrolled part (the lesson's step
            // buttons under its text); or inside, and the panel scrolls no further that way.
            const float margin = w.h * 0.2f;
            const bool below = rect.y + rect.h > bottom - margin, above = rect.y < top + margin;
            const bool inside = rect.y >= top && rect.y + rect.h <= bottom;
            if (!below && !above)
                return;
            if (inside && ((below && w.scroll_y >= w.scroll_max) || (above && w.scroll_y <= 0)))
                return;
            io.MousePos = ImVec2(w.x + w.w * 0.5f, (top + bottom) * 0.5f);
            io.MouseWheel = below ? -1.0f : 1.0f;
            frames(2);
        }
        FAIL("the wheel did not bring " << id << " into view in " << panel);
    }
    // Clicks a text field and types into it.
    bool type_into(const std::string& id, const std::string& text) {
        if (!click(id))
            return false;
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frames(2);
        return true;
    }

    MemoryPlatform platform;
    App app;

private:
    ImGuiContext* m_context;
};

} // namespace mailsim::ui::testing
