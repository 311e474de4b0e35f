// Web main loop: Emscripten's GLFW on a WebGL2 canvas, driven by the browser's animation
// frames (never a blocking loop). Exposes the test bridge (window.mailsim) through exported
// C functions that web/index.html wraps.
#include "ui/app/app.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

// After the GL headers: these use GL and GLFW.
#include "ui/platform/gl_texture.h"
#include "ui/platform/key_latch.h"
#include "ui/platform/webgl_renderer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mailsim::ui;

// clang-format off
EM_JS(double, js_device_pixel_ratio, (), { return window.devicePixelRatio || 1; });
EM_JS(int, js_canvas_css_width, (), { return Module.canvas.clientWidth | 0; });
EM_JS(int, js_canvas_css_height, (), { return Module.canvas.clientHeight | 0; });
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
EM_JS(void, js_app_ready, (), { if (Module.onAppReady) Module.onAppReady(); });
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
    // ImGui works in canvas pixels here (Emscripten 3.1.6's GLFW reports mouse positions in
    // canvas pixels), so devicePixelRatio enters as the UI scale, as a monitor scale would.
    float content_scale() const override { return m_pixel_ratio; }
    void recreate_font_texture() override {
        m_renderer->destroy_fonts_texture();
        m_renderer->create_fonts_texture();
    }
    void offer_file(const std::string& name, const std::string& bytes) override {
        js_offer_file(name.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    }
    std::uintptr_t create_texture(const unsigned char* rgba, int width, int height) override {
        return gl_create_texture(rgba, width, height);
    }
    void destroy_texture(std::uintptr_t texture) override { gl_destroy_texture(texture); }
    std::vector<unsigned char> read_pixels(int x, int y, int width, int height) override {
        int fb_width = 0, fb_height = 0;
        glfwGetFramebufferSize(m_window, &fb_width, &fb_height);
        return gl_read_pixels(x, y, width, height, fb_height);
    }
    GLFWwindow* m_window = nullptr;
    WebGlRenderer* m_renderer = nullptr;

    bool is_web() const override { return true; }
    void set_location_hash(const std::string& hash) override { js_set_hash(hash.c_str()); }
    void request_file_upload() override { js_request_upload(); }

    float m_pixel_ratio = 1.0f;
};

struct WebApp {
    GLFWwindow* window = nullptr;
    WebGlRenderer renderer;
    WebPlatform platform;
    App app;
    int canvas_width = 0, canvas_height = 0;
    bool announced = false;
};

WebApp* g_web = nullptr;

// The canvas follows the window (CSS sizes it); its backing store follows devicePixelRatio.
void fit_canvas(WebApp& web) {
    const double ratio = js_device_pixel_ratio();
    const int width = static_cast<int>(std::lround(js_canvas_css_width() * ratio));
    const int height = static_cast<int>(std::lround(js_canvas_css_height() * ratio));
    web.platform.m_pixel_ratio = static_cast<float>(ratio);
    if (width > 0 && height > 0 && (width != web.canvas_width || height != web.canvas_height)) {
        glfwSetWindowSize(web.window, width, height);
        web.canvas_width = width;
        web.canvas_height = height;
    }
}

void frame(void* user) {
    WebApp& web = *static_cast<WebApp*>(user);
    fit_canvas(web);
    web.app.before_frame();
    const double cpu_start = emscripten_get_now();
    ImGui_ImplGlfw_NewFrame();
    KeyLatch::before_frame();
    ImGui::NewFrame();
    web.app.frame();
    ImGui::Render();
    KeyLatch::after_frame();
    int width = 0, height = 0;
    glfwGetFramebufferSize(web.window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(clear.x * 0.8f, clear.y * 0.8f, clear.z * 0.8f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    web.renderer.render(ImGui::GetDrawData());
    web.app.record_frame_cpu(emscripten_get_now() - cpu_start);
    web.app.after_render();
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
}

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "mailsim: glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    static WebApp web;
    g_web = &web;
    web.window = glfwCreateWindow(1280, 800, "mailsim", nullptr, nullptr);
    web.platform.m_window = web.window;
    if (!web.window) {
        std::fprintf(stderr, "mailsim: WebGL2 context could not be created\n");
        return 1;
    }
    glfwMakeContextCurrent(web.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(web.window, true);
    KeyLatch::install(web.window, [](int key) { g_web->app.note_key_repeat(key); });
    web.platform.m_renderer = &web.renderer;
    if (!web.renderer.init())
        return 1;

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
    fit_canvas(web);
    web.app.init(web.platform, options);
    for (const auto& error : web.app.load_errors())
        std::fprintf(stderr, "mailsim: %s\n", error.c_str());
    emscripten_set_main_loop_arg(frame, &web, 0, false);
    return 0;
}
