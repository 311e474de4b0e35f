#include "app.h"

#include "ui/app/inspected_message.h"
#include "ui/app/keys.h"
#include "ui/app/layout_bridge.h"
#include "ui/app/lesson_tasks.h"
#include "ui/app/live_state_json.h"
#include "ui/app/machine_focus.h"
#include "ui/app/panel_window.h"
#include "ui/app/playback_pacer.h"
#include "ui/app/world_edit_json.h"
#include "ui/app/world_state_json.h"
#include "ui/panels/panel_registry.h"
#include "ui/style/theme.h"
#include "ui/util/png_writer.h"
#include "ui/util/text_file.h"
#include "ui/widgets/double_click.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/text_input.h"

#include "sim/world/pcap.h"
#include "sim/world/scenario.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace mailsim::ui {
namespace {

// How far the lesson's text is scrolled, in ImGui units (the step body is a child window of
// the lesson window). A stopgap for the wheel test until the layout reports every window.
nlohmann::json lesson_scroll_json() {
    ImGuiWindow* lesson = ImGui::FindWindowByName("###lesson");
    if (!lesson)
        return nullptr;
    ImGuiWindow* scrolled = lesson;
    for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows)
        if (window->RootWindow == lesson && window->ScrollMax.y > scrolled->ScrollMax.y)
            scrolled = window;
    return {{"y", scrolled->Scroll.y}, {"max", scrolled->ScrollMax.y}};
}

} // namespace

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

void App::record_frame_cpu(double milliseconds) {
    if (m_options.bench_frames <= 0 || bench_done())
        return;
    m_frame_cpu_ms.push_back(milliseconds);
    // The first frames bake fonts and fill caches: not part of the steady state measured.
    constexpr int kWarmup = 10;
    if (static_cast<int>(m_frame_cpu_ms.size()) < m_options.bench_frames + kWarmup)
        return;
    std::vector<double> sample(m_frame_cpu_ms.begin() + kWarmup, m_frame_cpu_ms.end());
    std::sort(sample.begin(), sample.end());
    double sum = 0;
    for (double v : sample)
        sum += v;
    m_bench_stats.frames = static_cast<int>(sample.size());
    m_bench_stats.mean_ms = sum / static_cast<double>(sample.size());
    m_bench_stats.p95_ms =
        sample[static_cast<size_t>(static_cast<double>(sample.size() - 1) * 0.95)];
    m_bench_stats.max_ms = sample.back();
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

float App::css_scale() const {
    // On the web, content_scale is devicePixelRatio; ImGui's units are device pixels when
    // the framebuffer scale is 1 and CSS pixels when it is the ratio itself.
    if (!m_platform || !m_platform->is_web())
        return 1.0f;
    const float ratio = m_platform->content_scale();
    const float framebuffer = ImGui::GetIO().DisplayFramebufferScale.x;
    return ratio > 0 && framebuffer > 0 ? framebuffer / ratio : 1.0f;
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

void App::draw_export_menu() {
    if (!ImGui::BeginMenu(tr("menu.file.export")))
        return;
    const std::string base = "mailsim-" + m_session.name();
    if (ImGui::MenuItem(tr("menu.file.export_transcript"))) {
        std::string text;
        for (const auto& event : m_session.trace().events())
            if (is_dialogue(event))
                text += event_label(event) + "\n";
        m_platform->offer_file(base + "-transcript.txt", text);
    }
    if (ImGui::MenuItem(tr("menu.file.export_trace"))) {
        std::string text;
        for (const auto& event : m_session.trace().events())
            text += world::to_json_line(event) + "\n";
        m_platform->offer_file(base + "-trace.jsonl", text);
    }
    if (ImGui::MenuItem(tr("menu.file.export_pcap")))
        m_platform->offer_file(base + ".pcap", world::write_pcap(m_session.trace().packets()));
    if (ImGui::MenuItem(tr("menu.file.export_sequence"))) {
        open_panel("sequence");
        m_capture_window = "sequence.window";
        m_capture_tries = 0;
    }
    ImGui::EndMenu();
}

void App::after_render() {
    if (m_capture_window.empty())
        return;
    const auto& rects = m_bridge.rects();
    auto found = rects.find(m_capture_window);
    // The panel may have been behind a tab: it is on screen from the next frame on.
    if (found == rects.end() && ++m_capture_tries < 3)
        return;
    m_capture_window.clear();
    if (found == rects.end())
        return;
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    const int x = static_cast<int>(found->second.x * scale.x),
              y = static_cast<int>(found->second.y * scale.y);
    const int w = static_cast<int>(found->second.w * scale.x),
              h = static_cast<int>(found->second.h * scale.y);
    if (w <= 0 || h <= 0)
        return;
    const auto pixels = m_platform->read_pixels(x, y, w, h);
    m_platform->offer_file("mailsim-" + m_session.name() + "-sequence.png",
                           encode_png_rgba(pixels, w, h));
}

void App::find_scenarios() {
    namespace fs = std::filesystem;
    std::error_code ec;
    m_scenario_names.clear();
    for (const auto& entry :
         fs::directory_iterator(fs::path(m_options.data_dir) / "lessons" / "scenarios", ec))
        if (entry.path().extension() == ".toml")
            m_scenario_names.push_back(entry.path().stem().string());
    std::sort(m_scenario_names.begin(), m_scenario_names.end());
    // The menu shows each scenario's title, not its file name (the world's own loader reads it).
    m_scenario_titles.clear();
    for (const auto& name : m_scenario_names) {
        const std::string path = m_options.data_dir + "/lessons/scenarios/" + name + ".toml";
        if (auto text = read_text_file(path))
            if (auto scenario = world::parse_scenario(*text, path))
                m_scenario_titles[name] = {scenario->title_en, scenario->title_ko};
    }
}

bool App::load_scenario(const std::string& name) {
    const std::string path = m_options.data_dir + "/lessons/scenarios/" + name + ".toml";
    auto text = read_text_file(path);
    if (!text) {
        set_status(std::string(tr("status.no_scenario")) + ": " + name);
        return false;
    }
    const auto status = m_session.load(*text, "lessons/scenarios/" + name + ".toml", name, 1);
    if (!status) {
        set_status(status.error().message);
        return false;
    }
    forget_world_state();
    set_status("");
    return true;
}

bool App::load_scenario_text(const std::string& text, const std::string& source_name) {
    std::string name = std::filesystem::path(source_name).stem().string();
    const auto status = m_session.load(text, source_name, name, 1);
    if (!status) {
        // A broken file shows its error; the current world stays and the app keeps running.
        set_status(status.error().message);
        return false;
    }
    forget_world_state();
    set_status("");
    need_every_glyph();
    return true;
}

// A world from outside the data folder may name hosts and people in any characters: bold
// and headings then bake the whole glyph list too (one re-bake, in the next frame).
void App::need_every_glyph() {
    if (m_every_glyph)
        return;
    m_every_glyph = true;
    m_fonts_dirty = true;
}

void App::attach_live_world(live::LiveWorld& world, const std::string& title) {
    m_session.attach_live(world, "serve");
    forget_world_state();
    need_every_glyph();
    m_state.playback.playing = true; // follow the real sessions as they come
    set_status(std::string(tr("status.live")) + ": " + title);
}

void App::forget_world_state() {
    m_state.selection = Selection{};
    m_state.playback.playing = false;
    clear_inspected_message(*this);
    m_state.flights.clear();
    m_state.last_position = 0;
    m_state.telnet = TelnetState{};
    m_state.policy = PolicyForm{};
    m_state.fault = FaultForm{};
    m_state.retrieve = RetrieveForm{};
    m_state.compose.from = 0; // what the student typed stays; the sender list is new
    m_state.transcript.host.clear();
    m_state.transcript.follow = FollowScroll{};
    m_state.sequence.follow = FollowScroll{};
    m_state_machine.animated_move = UINT64_MAX;
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

// Steps for an arrow key this frame: one for a fresh press, plus one for each auto-repeat the
// keyboard itself sent while the key was held (note_key_repeat). ImGui's own repeat counts
// frame time instead, and one slow frame (software GL, a big world) turned a short tap into
// several steps; the keyboard repeats only while the key really is down.
int App::step_key_steps(int key) {
    int& held = m_key_held_frames[key];
    int steps = ImGui::IsKeyDown(key) ? (++held == 1 ? 1 : 0) : (held = 0);
    if (auto repeats = m_key_repeats.find(key); repeats != m_key_repeats.end()) {
        steps += std::min(repeats->second, kMaxRepeatStepsPerFrame);
        m_key_repeats.erase(repeats);
    }
    return steps;
}

void App::note_key_repeat(int key) {
    ++m_key_repeats[key];
}

void App::note_key_press(int key, bool ctrl) {
    m_key_presses.push_back({key, ctrl});
}

// Counts and removes this frame's presses of any of `keys` made with (or without) Ctrl.
int App::take_key_presses(std::initializer_list<int> keys, bool ctrl) {
    int count = 0;
    std::erase_if(m_key_presses, [&](const KeyPress& press) {
        const bool match =
            press.ctrl == ctrl && std::find(keys.begin(), keys.end(), press.key) != keys.end();
        count += match ? 1 : 0;
        return match;
    });
    return count;
}

void App::step_font_scale(int steps) {
    float scale = m_settings.font_scale;
    for (; steps > 0; --steps)
        scale *= 1.1f;
    for (; steps < 0; ++steps)
        scale /= 1.1f;
    set_font_scale(scale);
}

void App::handle_shortcuts() {
    ImGuiIO& io = ImGui::GetIO();
    // Text size and speed count the platform's key presses, not ImGui's key state: a tap
    // shorter than a frame still counts once, a held key (ImGui's timed repeat) no more.
    step_font_scale(take_key_presses({keys::kEqual, keys::kKeypadAdd}, true) -
                    take_key_presses({keys::kMinus, keys::kKeypadSubtract}, true));
    if (take_key_presses({keys::k0}, true) > 0)
        set_font_scale(1.0f);
    const int faster = take_key_presses({keys::kEqual, keys::kKeypadAdd}, false);
    const int slower = take_key_presses({keys::kMinus, keys::kKeypadSubtract}, false);
    m_key_presses.clear();
    if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kQ, false))
        m_platform->request_quit();
    if (ImGui::IsKeyPressed(keys::kF1))
        m_show_shortcuts = !m_show_shortcuts;
    // Playback keys act only when no text field has the keyboard (typing a mail must not
    // step the world).
    if (io.WantTextInput || io.KeyCtrl)
        return;
    if (ImGui::IsKeyPressed(keys::kSpace, false))
        m_state.playback.playing = !m_state.playback.playing;
    for (int n = step_key_steps(keys::kRight); n > 0; --n) {
        m_state.playback.playing = false;
        m_session.step_forward();
    }
    for (int n = step_key_steps(keys::kLeft); n > 0; --n) {
        m_state.playback.playing = false;
        m_session.step_back();
    }
    if (ImGui::IsKeyPressed(keys::kHome, false)) {
        m_state.playback.playing = false;
        m_session.seek_start();
    }
    if (ImGui::IsKeyPressed(keys::kEnd, false)) {
        m_state.playback.playing = false;
        m_session.seek_end();
    }
    for (int n = faster; n > 0; --n)
        m_state.playback.speed = std::min(kMaxSpeed, m_state.playback.speed * 10);
    for (int n = slower; n > 0; --n)
        m_state.playback.speed = std::max(kMinSpeed, m_state.playback.speed / 10);
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

void App::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar())
        return;
    if (ImGui::BeginMenu(tr("menu.file"))) {
        m_bridge.record_last_item("menu.file");
        // A live world (mailsim-gui --serve) is the only world while real clients use it.
        const bool live = m_session.live();
        if (live)
            ImGui::BeginDisabled();
        if (ImGui::BeginMenu(tr("menu.file.scenario"))) {
            m_bridge.record_last_item("menu.file.scenario");
            for (const auto& name : m_scenario_names) {
                std::string title = name;
                if (auto t = m_scenario_titles.find(name); t != m_scenario_titles.end()) {
                    const std::string& shown = m_settings.language == Language::Korean
                                                   ? t->second.second
                                                   : t->second.first;
                    if (!shown.empty())
                        title = shown;
                }
                // The file name stays as the item's shortcut text: lessons and docs use it.
                if (ImGui::MenuItem((title + "##" + name).c_str(), name.c_str(),
                                    m_session.name() == name))
                    load_scenario(name);
                m_bridge.record_last_item("menu.file.scenario." + name);
            }
            ImGui::EndMenu();
        } else {
            m_bridge.record_last_item("menu.file.scenario");
        }
        if (ImGui::MenuItem(tr("menu.file.open")))
            m_platform->is_web() ? m_platform->request_file_upload()
                                 : void(m_show_open_dialog = true);
        m_bridge.record_last_item("menu.file.open");
        if (ImGui::MenuItem(tr("menu.file.restart")))
            load_scenario(m_session.name());
        draw_world_file_menu_items(*this);
        if (live)
            ImGui::EndDisabled();
        draw_export_menu();
        ImGui::Separator();
        if (!m_platform->is_web() && ImGui::MenuItem(tr("menu.file.quit"), "Ctrl+Q"))
            m_platform->request_quit();
        ImGui::EndMenu();
    } else {
        m_bridge.record_last_item("menu.file");
    }
    draw_world_edit_menu(*this);
    draw_view_menu();
    // The language menu shows both names in their own language, so a lost student finds it.
    if (ImGui::BeginMenu(tr("menu.language"))) {
        m_bridge.record_last_item("menu.language");
        if (ImGui::MenuItem("한국어", nullptr, m_settings.language == Language::Korean))
            set_language(Language::Korean);
        m_bridge.record_last_item("menu.language.ko");
        if (ImGui::MenuItem("English", nullptr, m_settings.language == Language::English))
            set_language(Language::English);
        m_bridge.record_last_item("menu.language.en");
        ImGui::EndMenu();
    } else {
        m_bridge.record_last_item("menu.language");
    }
    if (ImGui::BeginMenu(tr("menu.help"))) {
        m_bridge.record_last_item("menu.help");
        if (ImGui::MenuItem(tr("menu.help.shortcuts"), "F1"))
            m_show_shortcuts = true;
        m_bridge.record_last_item("menu.help.shortcuts");
        if (ImGui::MenuItem(tr("menu.help.about")))
            m_show_about = true;
        m_bridge.record_last_item("menu.help.about");
        ImGui::EndMenu();
    } else {
        m_bridge.record_last_item("menu.help");
    }
    ImGui::EndMainMenuBar();
}

void App::draw_about() {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 28, 0), ImGuiCond_Appearing);
    const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_title("about.title", "about").c_str(), &m_show_about,
                     ImGuiWindowFlags_NoCollapse)) {
        ImGui::PushFont(m_fonts.heading);
        ImGui::TextUnformatted("mailsim 0.1.0");
        ImGui::PopFont();
        ImGui::TextWrapped("%s", tr("about.text"));
        ImGui::Separator();
        ImGui::TextWrapped("%s", tr("about.credits"));
        ImGui::Text("Dear ImGui %s", IMGUI_VERSION);
    }
    ImGui::End();
}

void App::draw_shortcuts_help() {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 26, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_title("shortcuts.title", "shortcuts").c_str(), &m_show_shortcuts,
                     ImGuiWindowFlags_NoCollapse)) {
        static constexpr const char* kRows[][2] = {{"Space", "shortcuts.play"},
                                                   {"\xe2\x86\x92", "shortcuts.step"},
                                                   {"\xe2\x86\x90", "shortcuts.back"},
                                                   {"Home / End", "shortcuts.home_end"},
                                                   {"+ / -", "shortcuts.speed"},
                                                   {"Ctrl + / Ctrl -", "shortcuts.text_size"},
                                                   {"F1", "shortcuts.help"}};
        if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg)) {
            for (const auto& row : kRows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushFont(m_fonts.mono);
                ImGui::TextUnformatted(row[0]);
                ImGui::PopFont();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(tr(row[1]));
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

// Desktop: a scenario file by path (ImGui has no native file dialog; a path field is enough
// for a teacher's own scenario files).
void App::draw_open_dialog() {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 32, 0), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::Begin(window_title("open.title", "open").c_str(), &m_show_open_dialog,
                     ImGuiWindowFlags_NoCollapse)) {
        ImGui::TextWrapped("%s", tr("open.hint"));
        ImGui::SetNextItemWidth(-1);
        const bool enter = input_text("##path", m_open_path, ImGuiInputTextFlags_EnterReturnsTrue);
        if (ImGui::Button(tr("open.load")) || enter) {
            if (auto text = read_text_file(m_open_path)) {
                if (load_scenario_text(*text, m_open_path))
                    m_show_open_dialog = false;
            } else {
                set_status(std::string(tr("open.unreadable")) + ": " + m_open_path);
            }
        }
        if (!m_state.status_message.empty())
            ImGui::TextWrapped("%s", m_state.status_message.c_str());
    }
    ImGui::End();
}

void App::draw_frame_overlay() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float pad = ImGui::GetFontSize() * 0.6f;
    ImGui::SetNextWindowPos(
        ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - pad, viewport->WorkPos.y + pad),
        ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowBgAlpha(0.6f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs |
                                   ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##frame_overlay", nullptr, flags)) {
        ImGui::Text("%s: %.2f ms (%.0f fps)", tr("overlay.frame"), m_frame_ms_smoothed,
                    m_frame_ms_smoothed > 0 ? 1000.0 / m_frame_ms_smoothed : 0.0);
        ImGui::Text("%s: %lld", tr("overlay.frames"), m_frame_count);
    }
    ImGui::End();
}

std::string App::state_json() {
    nlohmann::json j;
    j["ready"] = m_frame_count > 1;
    j["language"] = language_code(m_settings.language);
    j["theme"] = m_settings.theme == Theme::Dark ? "dark" : "light";
    j["font_scale"] = m_settings.font_scale;
    j["projector_mode"] = m_settings.projector_mode;
    j["content_scale"] = m_platform ? m_platform->content_scale() : 1.0f;
    // ImGui's units are CSS pixels on the web; dpr is framebuffer pixels per unit.
    const ImGuiIO& io = ImGui::GetIO();
    j["display"] = {{"width", io.DisplaySize.x},
                    {"height", io.DisplaySize.y},
                    {"dpr", io.DisplayFramebufferScale.x}};
    j["lesson_scroll"] = lesson_scroll_json();
    const ComposeForm& compose = m_state.compose;
    const world::World* compose_world = m_session.world();
    const bool from_valid =
        compose_world && compose.from >= 0 &&
        static_cast<size_t>(compose.from) < compose_world->scenario().uas.size();
    j["compose"] = {
        {"from", from_valid
                     ? compose_world->scenario().uas[static_cast<size_t>(compose.from)].address
                     : std::string()},
        {"to", compose.to},
        {"subject", compose.subject},
        {"body", compose.body}};
    j["explainer"] = {{"input", m_state.explainer.input}};
    j["frame"] = m_frame_count;
    j["frame_ms"] = m_frame_ms_smoothed;
    j["live"] = m_session.live();
    j["live_stream"] = live_state_json(m_session);
    j["windows"] = windows_json(m_bridge, css_scale());
    j["layout"] = layout_json(m_layout, m_settings.open_panels, css_scale());
    j["load_errors"] = m_load_errors;
    j["scenario"] = m_session.name();
    j["editor"] = world_edit_json(*this);
    j["status"] = m_state.status_message;
    j["playing"] = m_state.playback.playing;
    j["speed"] = m_state.playback.speed;
    j["time"] = to_seconds(m_session.clock());
    j["clock"] = format_sim_time(m_session.clock(), false);
    j["event_index"] = m_session.position();
    j["trace_size"] = m_session.trace().size();
    nlohmann::json selection;
    selection["event"] = m_state.selection.event ? nlohmann::json(*m_state.selection.event)
                                                 : nlohmann::json(nullptr);
    selection["host"] = m_state.selection.host;
    selection["conn"] = m_state.selection.conn;
    selection["msg_id"] = m_state.selection.msg_id;
    selection["mailbox"] = m_state.selection.mailbox;
    selection["queue_host"] = m_state.selection.queue_host;
    j["selection"] = selection;
    j["world"] = world_state_json(m_session);
    j["state_machine"] =
        state_machine_json(m_session, m_state.selection.conn, m_state_machine.side);
    if (bench_done())
        j["bench"] = {
            {"frames", m_bench_stats.frames},         {"mean_ms", m_bench_stats.mean_ms},
            {"p95_ms", m_bench_stats.p95_ms},         {"max_ms", m_bench_stats.max_ms},
            {"hosts", m_session.view().hosts.size()}, {"events", m_session.trace().size()}};
    j["inspector"] = inspector_state_json(m_state.inspected);
    j["lesson"] = {{"id", m_state.lesson.lesson_id},
                   {"step", m_state.lesson.step},
                   {"tasks_done", m_state.lesson.tasks_done},
                   {"marked_event", m_state.lesson.marked_event
                                        ? nlohmann::json(*m_state.lesson.marked_event)
                                        : nlohmann::json(nullptr)},
                   {"lessons", m_library.lessons.size()},
                   {"problems", m_library.problems}};
    if (const auto& verdict = m_state.lesson.verdict) {
        nlohmann::json checks = nlohmann::json::array(), evidence = nlohmann::json::array();
        for (const auto& c : verdict->checks)
            checks.push_back({{"check", c.check}, {"holds", c.holds}});
        for (const auto& e : verdict->evidence)
            evidence.push_back(
                {{"kind", lesson::to_string(e.kind)}, {"host", e.host}, {"text", e.text}});
        j["lesson"]["verdict"] = {
            {"solved", verdict->solved}, {"checks", checks}, {"evidence", evidence}};
    }
    j["quiz"] = {{"id", m_state.quiz.quiz_id},      {"current", m_state.quiz.current},
                 {"score", m_state.quiz.score},     {"answered", m_state.quiz.answered},
                 {"correct", m_state.quiz.correct}, {"finished", m_state.quiz.finished}};
    j["progress"] = nlohmann::json::parse(m_progress.to_json(), nullptr, false);
    j["missing_strings"] = m_strings.missing();
    return j.dump();
}

std::string App::item_rect_json(const std::string& id) const {
    const auto& rects = m_bridge.rects();
    auto found = rects.find(id);
    if (found == rects.end())
        return "null";
    nlohmann::json j;
    j["x"] = found->second.x;
    j["y"] = found->second.y;
    j["w"] = found->second.w;
    j["h"] = found->second.h;
    return j.dump();
}

} // namespace mailsim::ui

namespace mailsim::ui {

std::string App::run_command(const std::string& json) {
    const nlohmann::json request = nlohmann::json::parse(json, nullptr, false);
    nlohmann::json reply;
    if (!request.is_object() || !request.contains("op") || !request["op"].is_string()) {
        reply["ok"] = false;
        reply["error"] = "expected {\"op\": ...}";
        return reply.dump();
    }
    const std::string op = request["op"].get<std::string>();
    if (op == "open_scenario" && request.contains("text") && request["text"].is_string()) {
        // The web shell's upload: a broken file shows its error and the app keeps running.
        const std::string name = request.contains("name") && request["name"].is_string()
                                     ? request["name"].get<std::string>()
                                     : std::string("uploaded.toml");
        reply["ok"] = load_scenario_text(request["text"].get<std::string>(), name);
        reply["status"] = m_state.status_message;
        return reply.dump();
    }
    if (op == "world_text") { // the web shell's share link: the edited design as a file
        reply["ok"] = true;
        reply["text"] = world_text(*this);
        return reply.dump();
    }
    if (op == "share_link" && request.contains("url") && request["url"].is_string()) {
        m_state.world_edit.share_link = request["url"].get<std::string>();
        reply["ok"] = true;
        return reply.dump();
    }
    if (op == "set_language" && request.contains("language") && request["language"].is_string()) {
        set_language(
            language_from_code(request["language"].get<std::string>(), m_settings.language));
        reply["ok"] = true;
        return reply.dump();
    }
    reply["ok"] = false;
    reply["error"] = "unknown op: " + op;
    return reply.dump();
}

} // namespace mailsim::ui
