#include "session.h"

#include "sim/lesson/lesson_player.h"
#include "sim/world/scenario.h"
#include "sim/world/scenario_files.h"

#include <algorithm>

namespace mailsim::ui {

namespace {
const world::Trace& empty_trace() {
    static const world::Trace trace;
    return trace;
}
} // namespace

Status Session::load(const std::string& text, const std::string& source_name,
                     const std::string& display_name, std::uint64_t seed) {
    // Errors read "file:line:col: message", as everywhere else.
    auto scenario = world::parse_scenario(text, source_name);
    if (!scenario)
        return make_error(world::format_error(source_name, scenario.error()));
    auto created = world::World::create(*scenario, seed);
    if (!created)
        return make_error(world::format_error(source_name, created.error()));
    m_world = std::move(*created);
    ++m_generation;
    m_live = nullptr;
    m_world->set_keep_packets(true);  // the pcap export needs them
    m_world->set_keep_messages(true); // the inspector opens queue entries at any position
    m_name = display_name;
    m_seed = seed;
    m_position = 0;
    m_clock = 0;
    m_idle = false;
    return Ok{};
}

void Session::attach_live(live::LiveWorld& world, const std::string& display_name) {
    m_world.reset();
    ++m_generation;
    m_live = &world;
    m_names.clear();
    if (const auto* earlier = world.earlier_session_names())
        for (const auto& [conn, name] : *earlier)
            m_names.set(conn, name);
    m_live->world().set_keep_messages(true); // queue entries open in the inspector from now on
    m_name = display_name;
    m_seed = world.world().seed();
    m_position = world.trace().size();
    m_clock = world.now();
    m_idle = false;
}

const std::string& Session::connection_name(world::ConnId conn) {
    if (m_live)
        m_names.follow(m_live->trace(), m_live->world().scenario());
    return m_names.name(conn);
}

bool Session::names_sessions() {
    if (!m_live)
        return false;
    m_names.follow(m_live->trace(), m_live->world().scenario());
    return m_names.size() > 0;
}

const world::Trace& Session::trace() const {
    if (m_live)
        return m_live->trace();
    return m_world ? m_world->trace() : empty_trace();
}

const world::WorldView& Session::view() {
    static const world::WorldView empty;
    if (m_live)
        return m_live->view_at(m_position);
    if (m_world)
        return m_world->view_at(m_position);
    return empty;
}

bool Session::produce_one() {
    // A live world is run by its owner: whatever it has recorded is all there is.
    if (!m_world || m_idle)
        return false;
    const std::size_t before = m_world->trace().size();
    // Periodic work (queue runners) can keep a world busy forever without recording anything:
    // give up after a long quiet stretch of simulated time or many silent steps.
    const SimTime quiet_limit = m_world->now() + kQuietHorizon;
    std::size_t silent_steps = 0;
    while (m_world->trace().size() == before) {
        const SimTime next = m_world->next_event_time();
        if (before >= kMaxEvents || next < 0 || next > quiet_limit ||
            ++silent_steps > kMaxSilentSteps || !m_world->step()) {
            m_idle = true;
            return false;
        }
    }
    return true;
}

bool Session::at_end() {
    if (!loaded())
        return true;
    if (m_position < trace().size())
        return false;
    return !produce_one();
}

bool Session::advance(SimTime dt) {
    if (m_live) {
        // Playing a live world follows it: everything recorded so far, at its clock.
        m_position = m_live->trace().size();
        m_clock = m_live->now();
        return true;
    }
    if (!m_world)
        return false;
    const SimTime target = m_clock + dt;
    const auto& events = m_world->trace().events();
    // Run the world until it has produced everything up to `target`.
    while (!m_idle) {
        const SimTime next = m_world->next_event_time();
        if (next < 0) {
            m_idle = true;
            break;
        }
        if (next > target)
            break;
        if (events.size() >= kMaxEvents || !m_world->step()) {
            m_idle = true;
            break;
        }
    }
    while (m_position < events.size() && events[m_position].t <= target)
        ++m_position;
    m_clock = target;
    if (m_idle && m_position >= events.size()) {
        if (!events.empty())
            m_clock = std::max(events.back().t, m_world->now());
        return false;
    }
    return true;
}

void Session::step_forward() {
    if (!loaded())
        return;
    if (m_position >= trace().size() && !produce_one())
        return;
    ++m_position;
    m_clock = trace()[m_position - 1].t;
}

void Session::step_back() {
    if (m_position == 0)
        return;
    seek(m_position - 1);
}

void Session::seek(std::size_t position) {
    if (!loaded())
        return;
    while (position > trace().size() && produce_one()) {
    }
    m_position = std::min(position, trace().size());
    m_clock = m_position == 0 ? 0 : trace()[m_position - 1].t;
}

void Session::seek_end() {
    if (!loaded())
        return;
    while (produce_one()) {
    }
    seek(trace().size());
    if (m_live)
        m_clock = m_live->now();
}

bool Session::seek_next(const std::function<bool(const world::Event&)>& match) {
    if (!loaded())
        return false;
    for (std::size_t i = m_position;; ++i) {
        if (i >= trace().size() && !produce_one())
            return false;
        if (match(trace()[i])) {
            seek(i + 1);
            return true;
        }
    }
}

Status Session::perform(const world::Action& action) {
    if (m_live) {
        // No rewinding a world that real clients are talking to: the action happens now.
        auto status = m_live->perform(action);
        seek_end();
        return status;
    }
    if (!m_world)
        return make_error("no scenario is loaded");
    if (m_position < m_world->trace().size()) {
        auto rewound = m_world->rewind(m_position);
        if (!rewound)
            return rewound.error();
        m_world = std::move(*rewound);
        ++m_generation;
        m_world->set_keep_packets(true);
        m_idle = false;
    }
    // The action happens at the clock the student sees.
    if (m_world->now() < m_clock)
        m_world->run_until(m_clock);
    auto status = m_world->perform(action);
    m_idle = false;
    // The action's own record (input, fault, compose) happened now: show it, or the next
    // action would rewind to before it and lose it.
    // The world may stand later than the shown clock (it ran ahead to find the last event).
    m_clock = std::max(m_clock, m_world->now());
    const auto& events = m_world->trace().events();
    while (m_position < events.size() && events[m_position].t <= m_clock)
        ++m_position;
    return status;
}

Status Session::run_solution_verb(std::string_view action) {
    world::World* world = mutable_world();
    if (!world)
        return make_error("no scenario is loaded");
    std::size_t position = m_position;
    if (auto status = lesson::run_solution_action(*world, action, position); !status)
        return status;
    seek(position);
    return Ok{};
}

lesson::Verdict Session::judge(const lesson::Challenge& challenge) {
    world::World* world = mutable_world();
    return world ? lesson::judge_challenge(*world, challenge) : lesson::Verdict{};
}

world::ReplayOutcome Session::replay(const std::vector<world::RecordedInput>& inputs,
                                     SimTime until) {
    world::World* world = mutable_world();
    if (!world)
        return {};
    auto outcome = world::replay_inputs(*world, inputs, until);
    seek(trace().size());
    return outcome;
}

} // namespace mailsim::ui
