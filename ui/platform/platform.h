#pragma once
// The few OS services the shared UI needs. desktop_main.cpp and web_main.cpp implement it;
// everything else in ui/ is the same code on both.
#include <cstdint>
#include <string>
#include <vector>

namespace mailsim::ui {

class Platform {
public:
    virtual ~Platform() = default;

    // Folder with fonts/, lessons/ (and lessons/i18n/): the build's appdata, or /data on the web.
    virtual std::string data_dir() const = 0;
    // Persisted key/value settings: a file in the user's config folder, or localStorage.
    virtual std::string load_setting(const std::string& key) const = 0;
    virtual void save_setting(const std::string& key, const std::string& value) = 0;
    // Device pixels per 96-dpi pixel: the monitor's content scale (X11 Xft.dpi, a 4K projector
    // at 2) or devicePixelRatio.
    virtual float content_scale() const = 0;
    // Framebuffer pixels per ImGui unit: devicePixelRatio on the web (ImGui works in CSS
    // pixels there), a HiDPI framebuffer on macOS/Wayland, 1 on X11. The UI is scaled by
    // content_scale / framebuffer_scale in ImGui units, and fonts are rasterised at this
    // density, so text is crisp and never stretched.
    virtual float framebuffer_scale() const { return 1.0f; }
    // The font atlas changed (new scale): the renderer must upload it again.
    virtual void recreate_font_texture() = 0;
    // Hand a file to the user: written next to the working folder, or downloaded by the browser.
    virtual void offer_file(const std::string& name, const std::string& bytes) = 0;
    virtual bool is_web() const = 0;
    // GPU textures for decoded images (the inspector's image/jpeg and image/gif parts).
    // Returns 0 when it cannot make one. RGBA, top row first.
    virtual std::uintptr_t create_texture(const unsigned char* rgba, int width, int height) = 0;
    virtual void destroy_texture(std::uintptr_t texture) = 0;
    // Reads back a rectangle of what was just rendered (framebuffer pixels, top-left origin),
    // RGBA, top row first. Called after rendering, before the buffers are swapped.
    virtual std::vector<unsigned char> read_pixels(int x, int y, int width, int height) = 0;
    // The web keeps "where am I" in the URL hash so a link restores the view; no-op elsewhere.
    virtual void set_location_hash(const std::string& hash) { (void)hash; }
    // The web asks the browser for a file; its text arrives as an "open_scenario" command.
    virtual void request_file_upload() {}
    // The world editor's share link: the web shell compresses the scenario into a URL and
    // answers with a "share_link" command; elsewhere there is no URL to make.
    virtual void share_scenario(const std::string& text) { (void)text; }
    // Ask the platform to close the app (desktop only; the web ignores it).
    virtual void request_quit() {}
};

} // namespace mailsim::ui
