// Web main loop: Emscripten's GLFW on a WebGL2 canvas, driven by the browser's animation
// frames (never a blocking loop). Exposes the test bridge (window.mailsim) through exported
// C functions that web/index.html wraps.
#include "ui/app/app.h"
#include "ui/app/layout_bridge.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

// After the GL headers: these use GL and GLFW.
#include "ui/platform/gl_texture.h"
#include "ui/platform/key_latch.h"
#include "ui/platform/web_input_queue.h"
#include "ui/platform/web_live.h"
#include "ui/platform/webgl_renderer.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mailsim::ui;

// The browser's display and input (ui/platform/web_platform.js, a --js-library).
extern "C" {
void mailsim_web_install();
void mailsim_web_text_input(int want, double x, double y, double line_height);
void mailsim_web_set_clipboard(const char* text);
void mailsim_web_cursor(const char* css);
}

// clang-format off
EM_JS(char*, js_load_setting, (const char* key), {
  var value = null;
  try { value = window.localStorage.getItem('mailsim.' + UTF8ToString(key)); } catch (e) {}
  if (value === null) value = "";
  var size = lengthBytesUTF8(value) + 1;
  var buffer = _malloc(size);
  stringToUTF8(value, buffer, size);
  return buffer;
});
EM_JS(void, js_save_setting, (const char* key, const char* value), {
  try { window.localStorage.setItem('mailsim.' + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
EM_JS(void, js_offer_file, (const char* name, const char* data, int size), {
  var bytes = HEAPU8.slice(data, data + size);
  var link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([bytes]));
  link.download = UTF8ToString(name);
  document.body.appendChild(link);
  link.click();
  setTimeout(function() { URL.revokeObjectURL(link.href); link.remove(); }, 0);
});
EM_JS(char*, js_url_parameter, (const char* name), {
  var pattern = new RegExp("[#&?]" + UTF8ToString(name) + "=([A-Za-z0-9_.-]+)");
  var match = pattern.exec(window.location.href);
  var value = match ? match[1] : "";
  var size = lengthBytesUTF8(value) + 1;
  var buffer = _malloc(size);
  stringToUTF8(value, buffer, size);
  return buffer;
});
EM_JS(void, js_set_hash, (const char* hash), {
  var value = "#" + UTF8ToString(hash);
  if (window.location.hash !== value) history.replaceState(null, "", value);
});
EM_JS(void, js_request_upload, (), { if (window.mailsimUpload) window.mailsimUpload(); });
EM_JS(void, js_share, (const char* text), { if (window.mailsimShare) window.mailsimShare(UTF8ToString(text)); });
EM_JS(void, js_app_ready, (), { if (Module.onAppReady) Module.onAppReady(); });
EM_JS(void, js_no_webgl, (), { if (Module.showNoWebGl) Module.showNoWebGl(); });
// The first frame bakes the fonts: it waits for the atlas web/shell.js fetches for this screen
// (Module.mailsimAtlas), stored where build_fonts looks, then starts the main loop. App::init
// has run meanwhile, while the atlas downloaded. A failed fetch: the fonts are rasterised.
EM_JS(void, js_start_when_fonts_arrive, (), {
  var atlas = Module.mailsimAtlas;
  if (!atlas) { _mailsim_web_start(); return; }
  atlas.bytes.then(function(bytes) {
    if (bytes) {
      try {
        FS.mkdirTree('/data/fonts');
        FS.writeFile('/data/fonts/' + atlas.name, new Uint8Array(bytes));
      } catch (e) {
        console.warn('mailsim: font atlas not stored: ' + e);
      }
    }
    _mailsim_web_start();
  });
});
// A frame the student sees (the canvas changed), and the share of it redrawn: what
// tests/bench/bench_web.mjs counts as frames per second.
EM_JS(void, js_frame_presented, (float share), {
  Module.mailsimFramesPresented = (Module.mailsimFramesPresented || 0) + 1;
  Module.mailsimRedrawnShare = (Module.mailsimRedrawnShare || 0) + share;
});
// Whether the page asked for the whole canvas to be drawn again (Module.mailsimRedrawAll):
// tests/browser/test_shell.mjs compares the pixels the damage regions left with a whole redraw.
EM_JS(int, js_redraw_all_requested, (), {
  var asked = Module.mailsimRedrawAll ? 1 : 0;
  Module.mailsimRedrawAll = false;
  return asked;
});
// A point on the page's clock (web/shell.js), for tests/bench/bench_web.mjs.
EM_JS(void, js_mark, (const char* name), { if (Module.mark) Module.mark(UTF8ToString(name)); });
// clang-format on

namespace {

class WebPlatform final : public Platform {
public:
    std::string data_dir() const override { return "/data"; }
    std::string load_setting(const std::string& key) const override {
        char* raw = js_load_setting(key.c_str());
        std::string value(raw);
        free(raw);
        return value;
    }
    void save_setting(const std::string& key, const std::string& value) override {
        js_save_setting(key.c_str(), value.c_str());
    }
    // ImGui works in CSS pixels (the page's own unit: a 390-wide phone is 390 wide at any DPR)
    // and devicePixelRatio is its framebuffer scale, so the UI scale is 1 and fonts are
    // rasterised at device pixels.
    float content_scale() const override { return m_pixel_ratio; }
    float framebuffer_scale() const override { return m_pixel_ratio; }
    void recreate_font_texture() override {
        m_renderer->destroy_fonts_texture();
        m_renderer->create_fonts_texture();
    }
    void offer_file(const std::string& name, const std::string& bytes) override {
        js_offer_file(name.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    }
    // A new image may take a freed texture's name: what showed it is drawn again.
    std::uintptr_t create_texture(const unsigned char* rgba, int width, int height) override {
        m_renderer->invalidate();
        return gl_create_texture(rgba, width, height);
    }
    void destroy_texture(std::uintptr_t texture) override {
        m_renderer->invalidate();
        gl_destroy_texture(texture);
    }
    std::vector<unsigned char> read_pixels(int x, int y, int width, int height) override {
        return gl_read_pixels(x, y, width, height, m_framebuffer_height);
    }
    WebGlRenderer* m_renderer = nullptr;
    int m_framebuffer_height = 0;

    bool is_web() const override { return true; }
    void set_location_hash(const std::string& hash) override { js_set_hash(hash.c_str()); }
    void request_file_upload() override { js_request_upload(); }
    void share_scenario(const std::string& text) override { js_share(text.c_str()); }

    float m_pixel_ratio = 1.0f;
};

// The canvas as web_platform.js last measured it: its CSS box and its backing store.
struct Display {
    double css_width = 1280, css_height = 800;
    int framebuffer_width = 1280, framebuffer_height = 800;
};

// What the hidden text element was last told (it is told only about changes).
struct TextInputState {
    bool want = false;
    ImVec2 caret{0, 0};
    float line_height = 16;
    bool dirty = true;
};

struct WebApp {
    GLFWwindow* window = nullptr;
    WebGlRenderer renderer;
    WebPlatform platform;
    App app;
    Display display;
    TextInputState text_input;
    WebInputQueue input;   // the page's clicks, keys and text, fed to ImGui frame by frame
    std::string clipboard; // the system clipboard as the last paste saw it, or our last copy
    bool announced = false;
    double frame_cpu_total_ms = 0; // time spent inside frame(), for the frame-rate benchmark
    std::string cursor;            // the canvas's CSS cursor
    std::unique_ptr<WebLive> live; // opened from `mailsim serve --web` (?live=1)
};

WebApp* g_web = nullptr;

// Emscripten's GLFW keeps the window size it was created with (this app never calls
// glfwSetWindowSize, which would restyle the canvas) and reports the mouse in backing-store
// pixels: ImGui gets the CSS size and the DPR as its framebuffer scale instead.
void apply_display(WebApp& web) {
    ImGuiIO& io = ImGui::GetIO();
    const Display& display = web.display;
    io.DisplaySize =
        ImVec2(static_cast<float>(display.css_width), static_cast<float>(display.css_height));
    const ImVec2 scale(static_cast<float>(display.framebuffer_width / display.css_width),
                       static_cast<float>(display.framebuffer_height / display.css_height));
    io.DisplayFramebufferScale = scale;
    if (io.MousePos.x > -FLT_MAX / 2 && io.MousePos.y > -FLT_MAX / 2)
        io.MousePos = ImVec2(io.MousePos.x / scale.x, io.MousePos.y / scale.y);
}

// The hidden textarea takes the keyboard while ImGui edits text and follows the caret, so
// the OS IME window opens next to it. One call per change, never one per frame.
void update_text_input(WebApp& web) {
    TextInputState& text = web.text_input;
    const bool want = ImGui::GetIO().WantTextInput;
    if (want == text.want && !text.dirty)
        return;
    text.want = want;
    text.dirty = false;
    mailsim_web_text_input(want ? 1 : 0, text.caret.x, text.caret.y, text.line_height);
}

// Emscripten's GLFW has no cursors (glfwSetCursor does nothing): the canvas's CSS cursor
// shows ImGui's instead, the resize arrows over a splitter. One call per change.
void update_cursor(WebApp& web) {
    const char* css = cursor_name(ImGui::GetMouseCursor());
    if (web.cursor == css)
        return;
    web.cursor = css;
    mailsim_web_cursor(css);
}

void frame(void* user) {
    WebApp& web = *static_cast<WebApp*>(user);
    const bool first = web.app.frame_count() == 0;
    web.app.before_frame();
    if (first)
        js_mark(web.app.fonts().prebaked ? "mailsim-fonts-loaded" : "mailsim-fonts-rasterised");
    const double cpu_start = emscripten_get_now();
    ImGui_ImplGlfw_NewFrame();
    web.input.feed([](int key) { KeyLatch::tap(key); });
    apply_display(web);
    KeyLatch::before_frame();
    ImGui::NewFrame();
    web.app.frame();
    ImGui::Render();
    if (first)
        js_mark("mailsim-frame1-drawn");
    KeyLatch::after_frame();
    update_text_input(web);
    update_cursor(web);
    const ImVec4 window = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    const ImVec4 background(window.x * 0.8f, window.y * 0.8f, window.z * 0.8f, 1.0f);
    if (js_redraw_all_requested())
        web.renderer.invalidate();
    // Only what changed is drawn; a frame that shows nothing new is not presented at all.
    if (web.renderer.render(ImGui::GetDrawData(), background))
        js_frame_presented(web.renderer.redrawn_share());
    const double cpu_ms = emscripten_get_now() - cpu_start;
    web.app.record_frame_cpu(cpu_ms);
    web.frame_cpu_total_ms += cpu_ms;
    web.app.after_render();
    if (web.app.frame_count() == 1)
        js_mark("mailsim-frame1");
    if (!web.announced && web.app.frame_count() > 1) {
        web.announced = true;
        js_app_ready();
    }
}

} // namespace

extern "C" {

// The bridge returns JSON strings owned by static buffers (valid until the next call).
EMSCRIPTEN_KEEPALIVE const char* mailsim_state_json() {
    static std::string buffer;
    buffer = g_web ? g_web->app.state_json() : std::string("{\"ready\":false}");
    return buffer.c_str();
}

// Rectangle in CSS pixels relative to the page (what a mouse click in the browser needs).
EMSCRIPTEN_KEEPALIVE const char* mailsim_item_rect_json(const char* id) {
    static std::string buffer;
    buffer = g_web ? g_web->app.item_rect_json(id) : std::string("null");
    return buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* mailsim_command(const char* command) {
    static std::string buffer;
    buffer = g_web ? g_web->app.run_command(command) : std::string("{\"ok\":false}");
    return buffer.c_str();
}

// Starts the frames (js_start_when_fonts_arrive): never a blocking loop.
EMSCRIPTEN_KEEPALIVE void mailsim_web_start() {
    if (g_web)
        emscripten_set_main_loop_arg(frame, g_web, 0, false);
}

// Milliseconds spent in frames so far: tests/bench/bench_web.mjs divides the change over a
// few seconds of playing by the frames drawn meanwhile.
EMSCRIPTEN_KEEPALIVE double mailsim_web_frame_cpu_ms() {
    return g_web ? g_web->frame_cpu_total_ms : 0.0;
}

// Called by web_platform.js on every resize and DPR change (after it set the backing store).
EMSCRIPTEN_KEEPALIVE void mailsim_web_display(double css_width, double css_height,
                                              int framebuffer_width, int framebuffer_height) {
    if (!g_web || css_width <= 0 || css_height <= 0)
        return;
    g_web->display = Display{css_width, css_height, framebuffer_width, framebuffer_height};
    // The fonts' density: the backing store is CSS size x DPR rounded to whole pixels, so the
    // measured ratio is off by up to one pixel in the width (1.5004 at DPR 1.5 and an odd
    // width). Snapped to 1/100, the same screen bakes the same font size at every window
    // width, which is also the size the build baked an atlas for (atlas-2550.bin at 1.5).
    const double measured = framebuffer_width / css_width;
    g_web->platform.m_pixel_ratio = static_cast<float>(std::round(measured * 100.0) / 100.0);
    g_web->platform.m_framebuffer_height = framebuffer_height;
}

// The splitter within a finger's reach (half an em either side of its handle) of this point
// in CSS pixels on the canvas: {x, y, axis} of the point on its boundary nearest the finger,
// or null. A drag across it that starts there moves it (web_platform.js).
EMSCRIPTEN_KEEPALIVE const char* mailsim_web_splitter_grip(double x, double y) {
    static std::string buffer;
    buffer = "null";
    if (!g_web)
        return buffer.c_str();
    const auto px = static_cast<float>(x), py = static_cast<float>(y);
    const float reach = ImGui::GetFontSize() * 0.5f;
    if (const Splitter* splitter = g_web->app.layout().splitter_near(px, py, reach)) {
        const bool columns = splitter->cut.axis == Axis::Columns;
        const float gx = columns ? splitter->cut.position : px;
        const float gy = columns ? py : splitter->cut.position;
        buffer = "{\"x\":" + std::to_string(gx) + ",\"y\":" + std::to_string(gy) + ",\"axis\":\"" +
                 (columns ? "x" : "y") + "\"}";
    }
    return buffer.c_str();
}

// A wheel event, already in ImGui's units (one notch = 1, positive = up / left).
EMSCRIPTEN_KEEPALIVE void mailsim_web_wheel(double dx, double dy) {
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheelH += static_cast<float>(dx);
    io.MouseWheel += static_cast<float>(dy);
}

// Committed text from the hidden textarea: typed, or composed with an IME.
EMSCRIPTEN_KEEPALIVE void mailsim_web_text(const char* utf8) {
    if (g_web)
        g_web->input.text(utf8);
}

// A touch keyboard's Backspace: no key event (keyCode 229), only the textarea's
// deleteContentBackward.
EMSCRIPTEN_KEEPALIVE void mailsim_web_backspace() {
    if (g_web)
        g_web->input.tap(GLFW_KEY_BACKSPACE);
}

// The clipboard's text at a Ctrl+V: ImGui's own paste (in the next frame) reads it.
EMSCRIPTEN_KEEPALIVE void mailsim_web_paste(const char* utf8) {
    if (g_web)
        g_web->clipboard = utf8;
}
}

namespace {

const char* get_clipboard(void*) {
    return g_web->clipboard.c_str();
}

void set_clipboard(void*, const char* text) {
    g_web->clipboard = text;
    mailsim_web_set_clipboard(text);
}

void note_caret(int x, int y) {
    g_web->text_input.caret = ImVec2(static_cast<float>(x), static_cast<float>(y));
    g_web->text_input.line_height = ImGui::GetFontSize();
    g_web->text_input.dirty = true;
}

// ImGui_ImplGlfw's scroll, character and clipboard hooks read what Emscripten's GLFW gets
// wrong on the web (see web_platform.js); the page's own events replace them.
void install_web_input(WebApp& web) {
    glfwSetScrollCallback(web.window, nullptr);
    glfwSetCharCallback(web.window, nullptr);
    ImGuiIO& io = ImGui::GetIO();
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;
    io.ImeSetInputScreenPosFn = note_caret;
    mailsim_web_install();
    web.input.install(web.window); // last: it takes the button and key callbacks set above
}

} // namespace

int main() {
    js_mark("mailsim-main");
    if (!glfwInit()) {
        std::fprintf(stderr, "mailsim: glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    static WebApp web;
    g_web = &web;
    js_mark("mailsim-glfw-init");
    // At the canvas's current backing-store size (web/shell.js set it before making the
    // context): Emscripten's GLFW resizes the canvas to the window's size, and resizing a
    // live WebGL canvas reallocates its drawing buffer (280 ms in software GL).
    int canvas_width = 1280, canvas_height = 800;
    emscripten_get_canvas_element_size("#canvas", &canvas_width, &canvas_height);
    web.window = glfwCreateWindow(canvas_width, canvas_height, "mailsim", nullptr, nullptr);
    js_mark("mailsim-glfw-window");
    if (!web.window) {
        std::fprintf(stderr, "mailsim: WebGL2 context could not be created\n");
        js_no_webgl();
        return 1;
    }
    glfwMakeContextCurrent(web.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(web.window, true);
    KeyLatch::install(
        web.window, [](int key, bool ctrl) { g_web->app.note_key_press(key, ctrl); },
        [](int key) { g_web->app.note_key_repeat(key); });
    install_web_input(web);
    web.platform.m_renderer = &web.renderer;
    js_mark("mailsim-imgui-context");
    if (!web.renderer.init())
        return 1;
    js_mark("mailsim-renderer-init");

    char* url_language = js_url_parameter("lang");
    char* url_scenario = js_url_parameter("scenario");
    char* url_event = js_url_parameter("event");
    AppOptions options{web.platform.data_dir(), url_language, url_scenario};
    options.position = std::strtoull(url_event, nullptr, 10);
    free(url_event);
    char* url_lesson = js_url_parameter("lesson");
    char* url_step = js_url_parameter("step");
    options.lesson = url_lesson;
    options.step = url_step;
    free(url_lesson);
    free(url_step);
    char* url_bench = js_url_parameter("bench");
    options.bench_frames = std::atoi(url_bench);
    free(url_bench);
    free(url_language);
    free(url_scenario);
    js_mark("mailsim-gl");
    web.app.init(web.platform, options);
    js_mark("mailsim-init");
    for (const auto& error : web.app.load_errors())
        std::fprintf(stderr, "mailsim: %s\n", error.c_str());
    char* url_live = js_url_parameter("live");
    char* url_token = js_url_parameter("token");
    if (*url_live)
        web.live = WebLive::start(web.app, url_token);
    free(url_live);
    free(url_token);
    js_start_when_fonts_arrive();
    return 0;
}
