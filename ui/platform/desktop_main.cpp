// Desktop main loop: GLFW window, glad-loaded OpenGL 3.3 core, Dear ImGui's GLFW + OpenGL3
// backends. Everything the user sees is App; this file only runs the loop.
//
//   mailsim-gui [--frames N] [--screenshot FILE] [--data DIR] [--lang ko|en] [--size WxH]
//               [--serve [--smtp P] [--pop3 P] [--imap P] [--state DIR] [--host NAME]]
//               [--seek N] [--conn ID] [--open PANEL]... [--side client|server]
#include "ui/app/app.h"
#include "ui/platform/desktop_serve.h"
#include "ui/util/png_writer.h"
#include "ui/util/text_file.h"

#include <glad/gl.h>
// glad first: GLFW must not pull in the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

// After the GL headers: these use GL and GLFW.
#include "ui/platform/gl_texture.h"
#include "ui/platform/key_latch.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace mailsim::ui;

// Ctrl+C or a SIGTERM in the terminal closes the window the normal way (with --serve: 421 to
// the open sessions first), instead of killing the process mid-frame.
volatile std::sig_atomic_t g_quit_signal = 0;
extern "C" void on_quit_signal(int) {
    g_quit_signal = 1;
}

class DesktopPlatform final : public Platform {
public:
    DesktopPlatform(GLFWwindow* window, std::string data_dir)
        : m_window(window), m_data_dir(std::move(data_dir)) {
        float x = 1, y = 1;
        glfwGetWindowContentScale(window, &x, &y);
        set_content_scale(x);
        const char* override_dir = std::getenv("MAILSIM_CONFIG_DIR");
        const char* xdg = std::getenv("XDG_CONFIG_HOME");
        const char* home = std::getenv("HOME");
        if (override_dir)
            m_config_dir = override_dir;
        else if (xdg && *xdg)
            m_config_dir = std::string(xdg) + "/mailsim";
        else if (home)
            m_config_dir = std::string(home) + "/.config/mailsim";
        else
            m_config_dir = ".mailsim";
    }
    std::string data_dir() const override { return m_data_dir; }
    std::string load_setting(const std::string& key) const override {
        return read_text_file(m_config_dir + "/" + key + ".json").value_or("");
    }
    void save_setting(const std::string& key, const std::string& value) override {
        std::error_code ec;
        std::filesystem::create_directories(m_config_dir, ec);
        write_text_file(m_config_dir + "/" + key + ".json", value);
    }
    // Device pixels per 96-dpi pixel of the window's monitor (kept by the callback below).
    float content_scale() const override { return m_content_scale; }
    float framebuffer_scale() const override {
        int window_width = 0, window_height = 0, fb_width = 0, fb_height = 0;
        glfwGetWindowSize(m_window, &window_width, &window_height);
        glfwGetFramebufferSize(m_window, &fb_width, &fb_height);
        if (window_width <= 0 || fb_width <= 0)
            return 1.0f; // minimised: no size to compare
        return static_cast<float>(fb_width) / static_cast<float>(window_width);
    }
    // glfwSetWindowContentScaleCallback: the window moved to another monitor or the user
    // changed the desktop's scale; App re-bakes fonts in its next frame.
    void set_content_scale(float scale) { m_content_scale = scale > 0 ? scale : 1.0f; }
    void recreate_font_texture() override {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    void offer_file(const std::string& name, const std::string& bytes) override {
        if (write_text_file(name, bytes))
            std::printf("mailsim-gui: wrote %s (%zu bytes)\n", name.c_str(), bytes.size());
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

    bool is_web() const override { return false; }
    void request_quit() override { glfwSetWindowShouldClose(m_window, GLFW_TRUE); }

private:
    GLFWwindow* m_window;
    float m_content_scale = 1.0f;
    std::string m_data_dir;
    std::string m_config_dir;
};

struct Options {
    long long frames = -1; // run this many frames, then exit (tests)
    std::string screenshot;
    std::string data_dir = MAILSIM_APPDATA_DIR;
    std::string language;
    std::string scenario;
    std::string lesson, step;
    int bench_frames = 0;
    int width = 1280, height = 800;
    bool print_state = false; // print the UI state as JSON on exit (tests)
    DesktopServeOptions serve;
    std::size_t position = 0; // --seek: trace position to show
    unsigned long long conn = 0;
    std::vector<std::string> panels;
    bool client_side = false;
};

bool parse_options(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (arg == "--frames" && (v = value()))
            options.frames = std::atoll(v);
        else if (arg == "--screenshot" && (v = value()))
            options.screenshot = v;
        else if (arg == "--data" && (v = value()))
            options.data_dir = v;
        else if (arg == "--lang" && (v = value()))
            options.language = v;
        else if (arg == "--scenario" && (v = value()))
            options.scenario = v;
        else if (arg == "--lesson" && (v = value()))
            options.lesson = v;
        else if (arg == "--step" && (v = value()))
            options.step = v;
        else if (arg == "--bench" && (v = value()))
            options.bench_frames = std::atoi(v);
        else if (arg == "--seek" && (v = value()))
            options.position = static_cast<std::size_t>(std::atoll(v));
        else if (arg == "--conn" && (v = value()))
            options.conn = std::strtoull(v, nullptr, 10);
        else if (arg == "--open" && (v = value()))
            options.panels.push_back(v);
        else if (arg == "--side" && (v = value()))
            options.client_side = std::string(v) == "client";
        else if (arg == "--print-state")
            options.print_state = true;
        else if (arg == "--serve")
            options.serve.enabled = true;
        else if (arg == "--smtp" && (v = value()))
            options.serve.smtp_port = std::atoi(v);
        else if (arg == "--pop3" && (v = value()))
            options.serve.pop3_port = std::atoi(v);
        else if (arg == "--imap" && (v = value()))
            options.serve.imap_port = std::atoi(v);
        else if (arg == "--state" && (v = value()))
            options.serve.state_dir = v;
        else if (arg == "--host" && (v = value()))
            options.serve.host = v;
        else if (arg == "--size" && (v = value()))
            std::sscanf(v, "%dx%d", &options.width, &options.height);
        else {
            std::fprintf(stderr, "usage: mailsim-gui [--frames N] [--screenshot FILE] [--data DIR] "
                                 "[--lang ko|en] [--scenario NAME] [--size WxH] [--print-state] "
                                 "[--bench FRAMES] [--lesson ID --step ID] [--seek N] [--conn ID] "
                                 "[--open PANEL]... [--side client|server]\n"
                                 "       [--serve [--smtp PORT] [--pop3 PORT] [--imap PORT] "
                                 "[--state DIR] [--host NAME]]  (real clients on loopback, "
                                 "scenario from "
                                 "--scenario)\n");
            return false;
        }
    }
    return true;
}

bool save_screenshot(GLFWwindow* window, const std::string& path) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    flip_rows(pixels, width, height, 4);
    for (size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255; // the window is opaque whatever the framebuffer's alpha says
    const std::string png = encode_png_rgba(pixels, width, height);
    return !png.empty() && write_text_file(path, png);
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options))
        return 2;
    glfwSetErrorCallback([](int code, const char* text) {
        std::fprintf(stderr, "GLFW error %d: %s\n", code, text);
    });
    if (!glfwInit())
        return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* window =
        glfwCreateWindow(options.width, options.height, "mailsim", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "mailsim-gui: could not open an OpenGL 3.3 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.frames >= 0 ? 0 : 1);
    if (!gladLoadGL(glfwGetProcAddress)) {
        std::fprintf(stderr, "mailsim-gui: could not load OpenGL functions\n");
        return 1;
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    DesktopPlatform platform(window, options.data_dir);
    App app;
    KeyLatch::install(
        window, [&app](int key, bool ctrl) { app.note_key_press(key, ctrl); },
        [&app](int key) { app.note_key_repeat(key); });
    glfwSetWindowUserPointer(window, &platform);
    glfwSetWindowContentScaleCallback(window, [](GLFWwindow* w, float x, float) {
        static_cast<DesktopPlatform*>(glfwGetWindowUserPointer(w))->set_content_scale(x);
    });
    AppOptions app_options{options.data_dir, options.language, options.scenario};
    app_options.bench_frames = options.bench_frames;
    app_options.lesson = options.lesson;
    app_options.step = options.step;
    app_options.position = options.position;
    app_options.conn = options.conn;
    app_options.panels = options.panels;
    app_options.machine_side = options.client_side ? MachineSide::Client : MachineSide::Server;
    app.init(platform, app_options);
    for (const auto& error : app.load_errors())
        std::fprintf(stderr, "mailsim-gui: %s\n", error.c_str());
    std::signal(SIGINT, on_quit_signal);
    std::signal(SIGTERM, on_quit_signal);
    std::unique_ptr<DesktopServe> live;
    if (options.serve.enabled) {
        options.serve.scenario = options.scenario;
        live = DesktopServe::start(options.serve, options.data_dir, app);
        if (!live)
            return 1;
    }

    int exit_code = 0;
    for (long long frame = 0;; ++frame) {
        glfwPollEvents();
        if (g_quit_signal)
            glfwSetWindowShouldClose(window, GLFW_TRUE);
        if (live)
            live->poll();
        app.before_frame();
        const auto cpu_start = std::chrono::steady_clock::now();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        KeyLatch::before_frame();
        ImGui::NewFrame();
        app.frame();
        ImGui::Render();
        KeyLatch::after_frame();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        glViewport(0, 0, width, height);
        const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(clear.x * 0.8f, clear.y * 0.8f, clear.z * 0.8f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        app.record_frame_cpu(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cpu_start)
                .count());
        app.after_render();
        if (options.bench_frames > 0 && app.bench_done() && !glfwWindowShouldClose(window)) {
            const auto& b = app.bench_stats();
            std::printf("ui frame CPU time (desktop, %zu hosts, %zu events): mean %.2f ms, p95 "
                        "%.2f ms, max %.2f ms "
                        "over %d frames\n",
                        app.session().view().hosts.size(), app.session().trace().size(), b.mean_ms,
                        b.p95_ms, b.max_ms, b.frames);
            glfwSetWindowShouldClose(window, GLFW_TRUE);
        }
        // The frame after a close request (Ctrl+Q, the window's close button) is the last one,
        // and it is the one a --screenshot shows.
        const bool last =
            (options.frames >= 0 && frame + 1 >= options.frames) || glfwWindowShouldClose(window);
        if (last && !options.screenshot.empty() && !save_screenshot(window, options.screenshot)) {
            std::fprintf(stderr, "mailsim-gui: could not write %s\n", options.screenshot.c_str());
            exit_code = 1;
        }
        glfwSwapBuffers(window);
        if (last)
            break;
    }

    if (options.print_state)
        std::printf("%s\n", app.state_json().c_str());
    app.shutdown();
    if (live)
        live->stop();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}
