#pragma once
// The one application object shared by the desktop and web builds: init, one frame, shutdown.
// Only the platform main loops (ui/platform/*_main.cpp) differ.
#include "sim/lesson/progress.h"
#include "ui/app/app_state.h"
#include "ui/app/layout.h"
#include "ui/app/lesson_library.h"
#include "ui/app/session.h"
#include "ui/app/settings.h"
#include "ui/app/state_machine_view.h"
#include "ui/app/test_bridge.h"
#include "ui/i18n/strings.h"
#include "ui/platform/platform.h"
#include "ui/style/fonts.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mailsim::ui {

struct AppOptions {
    std::string data_dir;
    // Overrides from the command line or the URL (empty = use saved settings).
    std::string language;
    std::string scenario;     // built-in scenario to open first (default alice-bob)
    std::size_t position = 0; // trace position to show after loading (deep links)
    int bench_frames = 0;     // > 0: the UI benchmark (all views, the world run to its end)
    std::string lesson{};     // deep link: open this lesson ...
    std::string step{};       // ... at this step
    world::ConnId conn = 0;   // connection to select after loading
    std::vector<std::string> panels{};              // panels to open on top of the saved ones
    MachineSide machine_side = MachineSide::Server; // side the state-machine panel follows
};

// Frame CPU time statistics of the UI benchmark.
struct FrameStats {
    int frames = 0;
    double mean_ms = 0, p95_ms = 0, max_ms = 0;
};

class App {
public:
    // Needs a current ImGui context; loads settings, strings and fonts.
    void init(Platform& platform, const AppOptions& options);
    // Builds one frame's UI (between ImGui::NewFrame and ImGui::Render).
    void frame();
    // Work that must happen outside NewFrame/Render (font atlas rebuilds): call before NewFrame.
    void before_frame();
    void shutdown();
    // The platform's measure of one frame's CPU time (UI build + ImGui render + draw calls).
    void record_frame_cpu(double milliseconds);
    // The benchmark finished (it asked for bench_frames frames): its figures.
    bool bench_done() const { return m_bench_stats.frames > 0; }
    const FrameStats& bench_stats() const { return m_bench_stats; }
    // After rendering, before the swap: framebuffer captures (diagram export).
    void after_render();

    const char* tr(const std::string& key) const { return m_strings.get(key); }
    // "Localised title###stable-id": the window keeps its place when the language changes.
    std::string window_title(const std::string& title_key, const std::string& id) const;

    const Settings& settings() const { return m_settings; }
    const Strings& strings() const { return m_strings; }
    const Fonts& fonts() const { return m_fonts; }
    TestBridge& bridge() { return m_bridge; }
    AppState& state() { return m_state; }
    Session& session() { return m_session; }
    StateMachineView& state_machine_view() { return m_state_machine; }

    // Built-in scenarios (lessons/scenarios/*.toml), by name.
    const std::vector<std::string>& scenario_names() const { return m_scenario_names; }
    // Loads a built-in scenario by name, or a scenario file's text (upload / open).
    bool load_scenario(const std::string& name);
    bool load_scenario_text(const std::string& text, const std::string& source_name);
    // `mailsim-gui --serve`: show the world that real clients talk to (the serve loop owns
    // and runs it; `title` names the ports, shown in the status line). Scenario switching is
    // off while live; the session is named "serve".
    void attach_live_world(live::LiveWorld& world, const std::string& title);
    // The platform saw the keyboard's own auto-repeat for `key` (it is being held down): the
    // arrow keys step once per repeat, so holding → plays step by step at the keyboard's rate.
    void note_key_repeat(int key);
    // The platform saw a fresh press of `key` (Ctrl held or not at that moment): every
    // shortcut acts once per press, however short the tap or long the hold, and as many times
    // as the key was pressed since the last frame (keyboard_shortcuts.cpp).
    void note_key_press(int key, bool ctrl);
    // A panel asks for a world action while it draws; App performs it after every panel has
    // drawn this frame, so no panel is left holding a view of a world that was rewound and
    // replaced under it. `on_done` (clearing the form that asked, say) runs only on success;
    // an error goes to the status line.
    void post(const world::TypedAction& action, std::function<void()> on_done = {});
    // A lesson task's solution lines (world actions and the player's `run ...` verbs), run in
    // order after this frame's panels.
    void post_solution(std::vector<std::string> lines);
    // Performs a world action now and reports errors in the status. Only between frames (the
    // command queue, tests): a panel posts instead.
    bool perform(const std::string& action_line);
    bool perform(const world::Action& action);
    const LessonLibrary& library() const { return m_library; }
    lesson::Progress& progress() { return m_progress; }
    void save_progress();
    // Opens a panel by its registry id and puts it on screen: the active tab of its region.
    void open_panel(const std::string& id);
    // Opens several panels and shows them together (a lesson step's views), beside the lesson.
    void show_panels(const std::vector<std::string>& ids);
    void close_panel(const std::string& id);
    const Layout& layout() const { return m_layout; }
    Layout& layout() { return m_layout; } // the splitters move its boundaries
    // A splitter was let go or reset: the settings keep the layout's ratios.
    void save_split_ratios() {
        m_settings.split_ratios = m_layout.ratios();
        m_settings_dirty = true;
    }
    lesson::Language lesson_language() const {
        return m_settings.language == Language::Korean ? lesson::Language::Korean
                                                       : lesson::Language::English;
    }

    // Sets the status line (shown in the controls panel) and logs it.
    void set_status(const std::string& message) { m_state.status_message = message; }
    Platform& platform() { return *m_platform; }
    long long frame_count() const { return m_frame_count; }
    const std::vector<std::string>& load_errors() const { return m_load_errors; }

    // Changes requested by the UI are applied between frames (never mid-frame).
    void set_language(Language language);
    void set_theme(Theme theme);
    void set_font_scale(float scale);
    void set_projector_mode(bool on);

    // JSON of the UI state for tests and the web bridge.
    std::string state_json();
    std::string item_rect_json(const std::string& id) const;
    // Requests from the page around the app (the web shell's file upload, URL changes), as
    // JSON {"op": ..., ...}; answers JSON {"ok": bool, ...}. Not a test back door: tests click.
    std::string run_command(const std::string& json);

private:
    // app.cpp: the frame loop and what it owns.
    void load_strings();
    void save_settings();
    void apply_pending_commands();
    void drive_simulation();
    void update_location_hash();
    void update_layout();
    void draw_panels();
    float ui_scale() const;
    // menu_bar.cpp, view_menu.cpp, exports.cpp: the main menu bar.
    void draw_menu_bar();
    void draw_view_menu();
    void draw_export_menu();
    // help_windows.cpp, open_dialog.cpp, frame_stats.cpp: windows over the panels.
    void draw_about();
    void draw_shortcuts_help();
    void draw_open_dialog();
    void draw_frame_overlay();
    // keyboard_shortcuts.cpp
    void handle_shortcuts();
    int step_key_steps(int key);
    // scenario_loading.cpp
    void find_scenarios();
    // Everything the UI holds that belonged to the world being replaced (scenario or lesson
    // switch, live world): selection, inspected message and its Received-path overlay, packets
    // in flight, form indexes into the old host and user lists, filters naming old hosts.
    void forget_world_state();
    void need_every_glyph();
    // json_bridge.cpp: ImGui units to CSS pixels (the web's ImGui may work in device pixels).
    float css_scale() const;

    Platform* m_platform = nullptr;
    AppOptions m_options;
    Settings m_settings;
    Strings m_strings;
    Fonts m_fonts;
    TestBridge m_bridge;
    StateMachineView m_state_machine;
    AppState m_state;
    Session m_session;
    std::vector<std::string> m_scenario_names;
    std::map<std::string, std::pair<std::string, std::string>> m_scenario_titles; // name -> en, ko
    LessonLibrary m_library;
    lesson::Progress m_progress;
    bool m_show_shortcuts = false;
    std::string m_capture_window; // bridge id of a window to save as PNG after this frame
    std::string m_location_hash;
    Layout m_layout;
    int m_capture_tries = 0;
    bool m_show_open_dialog = false;
    std::map<int, int> m_key_repeats; // keyboard auto-repeats since the last frame, by key
    struct KeyPress {
        int key;
        bool ctrl;
    };
    std::vector<KeyPress> m_key_presses; // fresh presses since the last frame
    int take_key_presses(std::initializer_list<int> keys, bool ctrl);
    void step_font_scale(int steps);
    static constexpr int kMaxRepeatStepsPerFrame = 30;
    std::string m_open_path;
    std::vector<double> m_frame_cpu_ms; // recent frames (the benchmark's sample)
    FrameStats m_bench_stats;
    std::vector<std::string> m_load_errors;
    // Requests posted by the panels during this frame, applied after the last panel drew.
    struct PendingCommand {
        world::Action action;
        std::vector<std::string> solution; // instead of the action: a lesson task's lines
        std::function<void()> on_done;
    };
    std::vector<PendingCommand> m_pending;
    bool m_fonts_dirty = true;
    bool m_every_glyph = false; // bold and headings bake every glyph, not just the app's text
    bool m_style_dirty = true;
    bool m_settings_dirty = false;
    bool m_show_about = false;
    float m_built_scale = 0;
    float m_built_density = 0; // framebuffer pixels per ImGui unit the fonts were baked for
    long long m_frame_count = 0;
    double m_frame_ms_smoothed = 0;
};

} // namespace mailsim::ui
