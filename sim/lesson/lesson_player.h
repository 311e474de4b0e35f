#pragma once
// Plays lessons against the live world: "run to the next such event", a task's "show me"
// (its scripted solution), task checks against the world's state, and a whole lesson headless
// from first step to last. lint uses it to prove every run_to resolves and every solution
// completes its task; the app's lesson runner uses the same functions, so what lint proved is
// what the learner sees.
#include "sim/core/result.h"
#include "sim/core/sim_time.h"
#include "sim/lesson/lesson_loader.h"
#include "sim/world/world.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::lesson {

// How far a search may run the simulated clock past now before it gives up. Generous: a
// delayed-delivery lesson waits days of simulated time for its bounce (time warp makes that
// cheap), and nothing a lesson asks for lies further out.
inline constexpr SimTime kSearchHorizon = 30 * kDay;

// Runs `world` until an event at index >= `from` matches; returns its index. The world is
// stepped one simulator event at a time, so it stops right after the event, not later.
Result<std::size_t> run_to_event(world::World& world, std::string_view match, std::size_t from,
                                 SimTime horizon = kSearchHorizon);

// One solution action: a world action (compose, retrieve, fault, force, telnet, ...) or the
// player's own `run for=SECONDS` / `run until=EVENT-MATCH`. `position` is the trace position
// the lesson is at; `run until` moves it past the matching event.
Status run_solution_action(world::World& world, std::string_view action, std::size_t& position);

// What a task is judged on: the events [0, end) that have happened and the world's state
// after them. Lint judges at the world's present; the app at the position it shows, so a
// task is ticked when the student sees what completes it, not when the world, which runs
// ahead of the screen, has produced it.
struct TaskWitness {
    const world::EventList& events;
    std::size_t end;
    const world::WorldView& view;
};
TaskWitness witness_now(world::World& world);

// Whether a task check holds. Event-like checks (`event`, `delivered`, `bounced`, `opened`)
// look at trace events from `since` on, so a task is only done by what happened after it was
// offered.
Result<bool> task_check_holds(const TaskWitness& witness, std::string_view check,
                              std::size_t since);
Result<bool> task_check_holds(world::World& world, std::string_view check, std::size_t since);

// Every check of the task holds.
Result<bool> task_done(const TaskWitness& witness, const Task& task, std::size_t since);
Result<bool> task_done(world::World& world, const Task& task, std::size_t since);

// Keeps the world running until the task is done (true), or it goes idle or passes the
// horizon (false): a learner's task completes whenever its checks first all hold.
Result<bool> run_until_task_done(world::World& world, const Task& task, std::size_t since,
                                 SimTime horizon = kSearchHorizon);

// A step's expectations against the view after `position` events (the step's run_to event
// is `step_event`); each one that does not hold becomes a diagnostic at its place.
void check_expectations(world::World& world, const Step& step, std::size_t position,
                        std::optional<std::size_t> step_event, const std::string& toml_file,
                        std::vector<Diagnostic>& out);

struct PlayReport {
    std::vector<Diagnostic> diagnostics; // empty: the lesson plays from start to end
    std::size_t events = 0;              // trace events when it finished
    SimTime end_time = 0;
};

// Plays every step in order: run_to, then each task's solution and its checks, then runs the
// world until it is idle (or the horizon). Problems point into `toml_file` at the step,
// run_to or check concerned.
PlayReport play_lesson(const Lesson& lesson, const world::Scenario& scenario,
                       const std::string& toml_file, std::optional<std::uint64_t> seed = {});

// Names a lesson uses that its scenario must declare: hosts in highlights (`host:NAME`), in
// task checks (`queue host=`) and actions (`host=`), mailbox users in `mailbox user=`.
// A typo here would otherwise only show as a task that never completes.
std::vector<Diagnostic> check_scenario_names(const Lesson& lesson, const world::Scenario& scenario,
                                             const std::string& toml_file);

// predict_reply: runs the scenario (with this seed) to pause_at and returns the code of the
// next reply on that connection: the right answer comes from the engine, not from a table.
Result<std::string> predict_reply_answer(const Question& question, const world::Scenario& scenario,
                                         std::optional<std::uint64_t> seed);

// lint's form: the scenario reaches pause_at and a reply follows it there.
std::vector<Diagnostic> check_predict_reply(const Question& question,
                                            const world::Scenario& scenario,
                                            const std::string& quiz_file,
                                            std::optional<std::uint64_t> seed = {});

} // namespace mailsim::lesson
