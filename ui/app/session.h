#pragma once
// The world the UI shows, with time travel. The world itself only runs forwards; the UI's
// position is a trace index, and the view at any index is folded from the trace
// (world::World::view_at), so stepping back costs no re-simulation. Acting in the past
// (compose, faults) re-runs the world up to that point first (World::rewind), so the new
// future starts from what the student sees.
#include "sim/core/result.h"
#include "sim/lesson/challenge.h"
#include "sim/world/world.h"
#include "sim/world/world_edit_replay.h"
#include "ui/live/live_world.h"
#include "ui/live/session_names.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace mailsim::ui {

class Session {
public:
    // Loads a scenario from its TOML text; on error the previous world stays.
    Status load(const std::string& text, const std::string& source_name,
                const std::string& display_name, std::uint64_t seed);
    // Shows a world that something else owns and runs (`mailsim-gui --serve`: real clients'
    // sessions on the wall clock; the browser opened from `mailsim serve --web`: a mirror of
    // the server's stream). Live: the session never steps that world, so there is no
    // rewind: playing follows the newest event, stepping and seeking move through what has
    // happened, and an action happens at the world's present.
    void attach_live(live::LiveWorld& world, const std::string& display_name);
    bool live() const { return m_live != nullptr; }
    live::LiveWorld* live_world() { return m_live; }
    // Why this viewer may not perform `action` (a string key), or nullptr: a student's page in
    // the live classroom is read-only unless the teacher allows composing.
    const char* refusal_key(const world::Action& action) const {
        return m_live ? m_live->refusal_key(action) : nullptr;
    }
    bool loaded() const { return m_world != nullptr || m_live != nullptr; }
    const std::string& name() const { return m_name; }
    // Changes whenever the world object is replaced (a load, attaching a live world, a rewind
    // when acting in the past): whatever was read from the old world must be read again.
    std::uint64_t generation() const { return m_generation; }
    std::uint64_t seed() const { return m_seed; }

    const world::Trace& trace() const;
    const world::WorldView& view();
    // The world, to read (its scenario, trace, inputs, stores). Nothing in the UI changes it
    // directly: what changes it goes through the session (perform, run_solution_verb, judge,
    // replay), which keeps the shown position and the world's generation right.
    const world::World* world() const { return m_live ? &m_live->world() : m_world.get(); }

    // Events [0, position) have happened as far as the UI shows.
    std::size_t position() const { return m_position; }
    // The simulated clock shown: the time of the last shown event, or further while playing.
    SimTime clock() const { return m_clock; }
    // No more events will come (the world is idle and everything is shown).
    bool at_end();

    // Moves the clock forward by `dt` of simulated time (playing), running the world as far
    // as needed; returns false once nothing more will happen.
    bool advance(SimTime dt);
    void step_forward();
    void step_back();
    void seek(std::size_t position);
    void seek_start() { seek(0); }
    void seek_end();
    // Moves to just after the next event (after the position) that satisfies `match`;
    // returns false if none comes before the world goes idle.
    bool seek_next(const std::function<bool(const world::Event&)>& match);

    // Live worlds: whose a session is, by the account's name (a class's student), or "".
    const std::string& connection_name(world::ConnId conn);
    // Some session has a name: the views label every line with its session.
    bool names_sessions();

    // Performs an action at the current position (rewinding first if the position is in the
    // past). The action's events appear as the world runs on.
    Status perform(const world::Action& action);
    // A lesson solution's own verbs (`run for=...`, `run until="..."`): the world runs on and
    // the shown position moves with it.
    Status run_solution_verb(std::string_view action);
    // Whether the world solves `challenge` (it is run on while the judge looks for proof).
    lesson::Verdict judge(const lesson::Challenge& challenge);
    // Plays a replaced world's earlier inputs into the fresh one and shows its end.
    world::ReplayOutcome replay(const std::vector<world::RecordedInput>& inputs, SimTime until);

    // A safety net for runaway scenarios: the world is never run past this many events.
    static constexpr std::size_t kMaxEvents = 2'000'000;
    // Stepping looks this far ahead in simulated time for the next recorded event.
    static constexpr SimTime kQuietHorizon = 30 * kDay;
    static constexpr std::size_t kMaxSilentSteps = 1'000'000;

private:
    world::World* mutable_world() { return m_live ? &m_live->world() : m_world.get(); }
    bool produce_one(); // runs the world until the trace grows by at least one event

    std::unique_ptr<world::World> m_world;
    live::LiveWorld* m_live = nullptr; // attach_live(): shown, not owned, never stepped here
    live::SessionNames m_names;        // of m_live's sessions
    std::string m_name;
    std::uint64_t m_seed = 0;
    std::uint64_t m_generation = 0;
    std::size_t m_position = 0;
    SimTime m_clock = 0;
    bool m_idle = false;
};

} // namespace mailsim::ui
