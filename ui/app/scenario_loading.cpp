// Which world the app shows: the built-in scenarios, a scenario file's text, or the live
// world of `mailsim-gui --serve`; and what the UI forgets when the world is replaced.
#include "app.h"

#include "ui/app/inspected_message.h"
#include "ui/util/text_file.h"

#include "sim/world/scenario.h"

#include <algorithm>
#include <filesystem>

namespace mailsim::ui {

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

} // namespace mailsim::ui
