// The application object's life: init, one frame (shortcuts, simulation, menu bar, panels,
// the commands they posted, the windows on top), settings, fonts and style, and shutdown.
// What each frame draws beside the panels has its own file: menu_bar.cpp, view_menu.cpp,
// help_windows.cpp, open_dialog.cpp, exports.cpp, frame_stats.cpp, keyboard_shortcuts.cpp,
// scenario_loading.cpp; json_bridge.cpp answers tests and the web shell.
#include "app.h"

#include "ui/app/lesson_tasks.h"
#include "ui/app/panel_window.h"
#include "ui/app/playback_pacer.h"
#include "ui/app/world_edit.h"
#include "ui/panels/panel_registry.h"
#include "ui/style/theme.h"
#include "ui/util/text_file.h"
#include "ui/widgets/double_click.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace mailsim::ui {
void App::init(Platform& platform, const AppOptions& options) {
    m_platform = &platform;
    m_options = options;
    m_settings = Settings::from_json(platform.load_setting("settings"));
    if (!options.language.empty())
        m_settings.language = language_from_code(options.language, m_settings.language);
    for (const auto& panel : panel_registry())
        m_settings.open_panels.try_emplace(panel.id, panel.open_by_default);
    m_layout.set_ratios(m_settings.split_ratios);

    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // the layout is saved with the settings, on both platforms
    // No keyboard navigation: Space and the arrows belong to the simulation's time controls
    // (ImGui would also "activate" the focused widget with Space and move focus with arrows).
    io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    if (!m_settings.imgui_ini.empty())
        ImGui::LoadIniSettingsFromMemory(m_settings.imgui_ini.c_str(), m_settings.imgui_ini.size());

    load_strings();
    m_strings.set_language(m_settings.language);
    find_scenarios();
    m_library = load_lesson_library(m_options.data_dir);
    if (auto progress = lesson::Progress::from_json(platform.load_setting("progress")))
        m_progress = *progress;
    const std::string initial = options.scenario.empty() ? "alice-bob" : options.scenario;
    if (!load_scenario(initial) && !m_scenario_names.empty())
        load_scenario(m_scenario_names.front());
    if (!options.lesson.empty() && m_library.find_lesson(options.lesson))
        open_lesson_at(*this, options.lesson, options.step);
    else if (options.position > 0)
        m_session.seek(options.position);
    if (options.conn != 0)
        m_state.selection.conn = options.conn;
    for (const auto& id : options.panels)
        open_panel(id);
    m_state_machine.side = options.machine_side;
    if (options.bench_frames > 0) {
        // Everything on screen at once, with the whole trace: the heaviest ordinary view.
        m_session.seek_end();
        for (const char* id :
             {"controls", "topology", "sequence", "transcript", "queues", "mailboxes"})
            open_panel(id);
        m_settings.show_frame_overlay = true;
    }
}

void App::save_progress() {
    m_platform->save_setting("progress", m_progress.to_json());
}

void App::open_panel(const std::string& id) {
    auto& open = m_settings.open_panels[id];
    if (!open) {
        open = true;
        m_settings_dirty = true;
    }
    m_layout.show(id);
}

void App::show_panels(const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        auto& open = m_settings.open_panels[id];
        m_settings_dirty |= !open;
        open = true;
    }
    // The lesson that asked for them stays in view beside them.
    m_layout.show_together(ids, m_settings.open_panels["lesson"] ? "lesson" : "");
}

void App::close_panel(const std::string& id) {
    auto& open = m_settings.open_panels[id];
    m_settings_dirty |= open;
    open = false;
}

void App::update_layout() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    // Below the main menu bar, which ImGui sizes as one frame height (BeginMainMenuBar).
    const float bar = ImGui::GetFrameHeight();
    m_layout.update(
        Rect{viewport->Pos.x, viewport->Pos.y + bar, viewport->Size.x, viewport->Size.y - bar},
        ImGui::GetFontSize(), region_header_height(), m_settings.open_panels);
}

// Only the active panel of each region is drawn; the others wait behind their tabs.
void App::draw_panels() {
    update_layout();
    draw_region_headers(*this);
    for (const auto& panel : panel_registry()) {
        bool& open = m_settings.open_panels[panel.id];
        if (!open || !m_layout.visible(panel.id))
            continue;
        const bool was_open = open;
        panel.draw(*this, &open);
        if (open != was_open)
            m_settings_dirty = true;
    }
    record_panel_scrolls(*this);
}

void App::update_location_hash() {
    // Only while paused: a playing world would rewrite the URL every frame.
    if (m_state.playback.playing)
        return;
    std::string hash = "scenario=" + m_session.name() +
                       "&event=" + std::to_string(m_session.position()) +
                       "&lang=" + language_code(m_settings.language);
    if (!m_state.lesson_hash.empty())
        hash += "&" + m_state.lesson_hash;
    if (hash == m_location_hash)
        return;
    m_location_hash = hash;
    m_platform->set_location_hash(hash);
}

bool App::perform(const std::string& action_line) {
    auto action = world::parse_action(action_line);
    if (!action) {
        set_status(action.error().message);
        return false;
    }
    return perform(*action);
}

bool App::perform(const world::Action& action) {
    if (const char* refused = m_session.refusal_key(action)) {
        set_status(tr(refused));
        return false;
    }
    const auto status = m_session.perform(action);
    if (!status) {
        set_status(status.error().message);
        return false;
    }
    set_status("");
    return true;
}

void App::post(const world::TypedAction& action, std::function<void()> on_done) {
    PendingCommand& command = m_pending.emplace_back();
    command.action = world::to_action(action);
    command.on_done = std::move(on_done);
}

void App::post_solution(std::vector<std::string> lines) {
    m_pending.emplace_back().solution = std::move(lines);
}

void App::apply_pending_commands() {
    // Taken out first: what a command's follow-up does may post again (for the next frame).
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (auto& command : pending) {
        if (!command.solution.empty()) {
            run_task_solution(*this, command.solution);
            continue;
        }
        if (perform(command.action) && command.on_done)
            command.on_done();
    }
}

void App::drive_simulation() {
    // The frame drives the simulation; nothing ever sleeps (the web has one thread).
    if (!m_state.playback.playing)
        return;
    // A presentation clock: each command or reply stays on screen (playback_pacer.h).
    if (!pace_playback(m_session, m_state.playback.speed, ImGui::GetIO().DeltaTime,
                       m_state.playback.pacer))
        m_state.playback.playing = false;
}

void App::load_strings() {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(m_options.data_dir) / "lessons" / "i18n";
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".toml")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty())
        m_load_errors.push_back(dir.string() + ": no string tables found");
    for (const auto& file : files) {
        auto text = read_text_file(file.string());
        if (!text)
            continue;
        for (auto& error : m_strings.load_toml(file.filename().string(), *text))
            m_load_errors.push_back(error);
    }
}

float App::ui_scale() const {
    const float projector = m_settings.projector_mode ? 1.4f : 1.0f;
    // In ImGui's units: where the framebuffer is already denser than ImGui's units (the web's
    // CSS pixels, macOS points) that part of the content scale is not applied twice.
    const float density = std::max(0.25f, m_platform->framebuffer_scale());
    return m_platform->content_scale() / density * m_settings.font_scale * projector;
}

void App::before_frame() {
    const float scale = ui_scale();
    const float density = std::max(0.25f, m_platform->framebuffer_scale());
    if (std::fabs(scale - m_built_scale) > 0.001f) {
        m_fonts_dirty = true;
        m_style_dirty = true;
    }
    if (std::fabs(density - m_built_density) > 0.001f)
        m_fonts_dirty = true;
    if (m_fonts_dirty) {
        // Glyphs are baked at the framebuffer's density and drawn back at 1/density: one
        // texel per device pixel at any devicePixelRatio, so text is never stretched.
        m_fonts = build_fonts(m_options.data_dir, scale * density, m_every_glyph);
        ImGui::GetIO().FontGlobalScale = 1.0f / density;
        m_platform->recreate_font_texture();
        m_built_scale = scale;
        m_built_density = density;
        m_fonts_dirty = false;
    }
    if (m_style_dirty) {
        apply_theme(m_settings.theme, scale, m_settings.projector_mode);
        m_style_dirty = false;
    }
}

std::string App::window_title(const std::string& title_key, const std::string& id) const {
    return std::string(tr(title_key)) + "###" + id;
}

void App::set_language(Language language) {
    m_settings.language = language;
    m_strings.set_language(language);
    m_settings_dirty = true;
}

void App::set_theme(Theme theme) {
    m_settings.theme = theme;
    m_style_dirty = true;
    m_settings_dirty = true;
}

void App::set_font_scale(float scale) {
    m_settings.font_scale = std::clamp(scale, kMinFontScale, kMaxFontScale);
    m_settings_dirty = true;
}

void App::set_projector_mode(bool on) {
    m_settings.projector_mode = on;
    m_style_dirty = true;
    m_settings_dirty = true;
}

void App::frame() {
    m_bridge.begin_frame();
    const float dt_ms = ImGui::GetIO().DeltaTime * 1000.0f;
    m_frame_ms_smoothed =
        m_frame_ms_smoothed == 0 ? dt_ms : m_frame_ms_smoothed * 0.95 + dt_ms * 0.05;
    // Slow frames stand between the presses of a double-click: it still counts.
    ImGui::GetIO().MouseDoubleClickTime = double_click_seconds(
        static_cast<float>(std::max<double>(m_frame_ms_smoothed, dt_ms)) / 1000.0f);

    handle_shortcuts();
    drive_simulation();
    draw_menu_bar();
    draw_panels();
    // Between frames as far as the panels are concerned: they all drew from the same world.
    apply_pending_commands();
    apply_world_edits(*this);
    if (m_show_about)
        draw_about();
    if (m_show_shortcuts)
        draw_shortcuts_help();
    if (m_show_open_dialog)
        draw_open_dialog();
    if (m_settings.show_frame_overlay)
        draw_frame_overlay();

    if (ImGui::GetIO().WantSaveIniSettings) {
        m_settings.imgui_ini = ImGui::SaveIniSettingsToMemory();
        ImGui::GetIO().WantSaveIniSettings = false;
        m_settings_dirty = true;
    }
    update_location_hash();
    if (m_settings_dirty)
        save_settings();
    m_bridge.end_frame();
    ++m_frame_count;
}

void App::save_settings() {
    m_platform->save_setting("settings", m_settings.to_json());
    m_settings_dirty = false;
}

void App::shutdown() {
    m_settings.imgui_ini = ImGui::SaveIniSettingsToMemory();
    save_settings();
}

} // namespace mailsim::ui
