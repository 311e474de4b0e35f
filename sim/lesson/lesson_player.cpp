#include "sim/lesson/lesson_player.h"

#include "sim/core/bytes.h"
#include "sim/lesson/expectation.h"
#include "sim/lesson/lesson_syntax.h"
#include "sim/world/event_match.h"

#include <cstdlib>

namespace mailsim::lesson {
namespace {

const SpecToken* find(const std::vector<SpecToken>& tokens, std::string_view key) {
    for (const auto& token : tokens)
        if (token.key == key && !token.op.empty())
            return &token;
    return nullptr;
}

bool any_event(const TaskWitness& witness, std::size_t since, world::EventKind kind,
               std::string_view field, std::string_view address) {
    for (std::size_t i = since; i < witness.end; ++i) {
        const auto& e = witness.events[i];
        if (e.kind != kind)
            continue;
        const std::string& value = field == "from" ? e.from : e.rcpt;
        if (equals_ci(value, address))
            return true;
    }
    return false;
}

Diagnostic at(const std::string& file, SourcePos pos, std::string message) {
    return Diagnostic{file, pos.line, pos.column, std::move(message)};
}

std::string seconds_text(SimTime t) {
    return format_sim_time(t);
}

} // namespace

void check_expectations(world::World& world, const Step& step, std::size_t position,
                        std::optional<std::size_t> step_event, const std::string& toml_file,
                        std::vector<Diagnostic>& out) {
    if (step.expect.empty())
        return;
    const world::WorldView view = world.view_at(position);
    const ExpectContext context{view, world.trace().events(), position, step_event};
    for (const auto& expectation : step.expect) {
        auto outcome = evaluate_expectation(context, expectation.text);
        if (!outcome)
            out.push_back(at(toml_file, expectation.pos,
                             "step '" + step.id + "': expect '" + expectation.text +
                                 "': " + outcome.error().message));
        else if (!outcome->holds)
            out.push_back(at(toml_file, expectation.pos,
                             "step '" + step.id + "': expect '" + expectation.text +
                                 "' does not hold (the screen shows: " + outcome->actual + ")"));
    }
}

Result<std::size_t> run_to_event(world::World& world, std::string_view match_text, std::size_t from,
                                 SimTime horizon) {
    auto match = world::parse_event_match(match_text);
    if (!match)
        return match.error();
    const SimTime limit = world.now() + horizon;
    std::size_t searched = from;
    for (;;) {
        const auto& events = world.trace().events();
        if (auto found = world::find_next(events, searched, *match))
            return *found;
        searched = std::max(searched, events.size());
        const SimTime next = world.next_event_time();
        if (next < 0)
            return make_error("'" + std::string(match_text) +
                              "' never happens (the world went idle at " +
                              seconds_text(world.now()) + ")");
        if (next > limit)
            return make_error("'" + std::string(match_text) + "' does not happen within " +
                              seconds_text(horizon));
        world.step();
    }
}

Status run_solution_action(world::World& world, std::string_view action, std::size_t& position) {
    if (auto status = check_solution_action(action); !status)
        return status;
    auto tokens = tokenize_spec(action);
    if (!tokens)
        return tokens.error();
    if ((*tokens)[0].key != "run")
        return world.perform(action);
    if (const SpecToken* for_token = find(*tokens, "for")) {
        const SimTime until =
            world.now() + std::strtoll(for_token->value.c_str(), nullptr, 10) * kSecond;
        world.run_until(until);
        return Ok{};
    }
    auto found = run_to_event(world, find(*tokens, "until")->value, position);
    if (!found)
        return found.error();
    position = *found + 1;
    return Ok{};
}

TaskWitness witness_now(world::World& world) {
    const auto& events = world.trace().events();
    return TaskWitness{events, events.size(), world.view()};
}

Result<bool> task_check_holds(const TaskWitness& witness, std::string_view check,
                              std::size_t since) {
    if (auto status = check_task_check(check); !status)
        return status.error();
    auto parsed = tokenize_spec(check);
    const auto& tokens = *parsed;
    const std::string& kind = tokens[0].key;
    if (kind == "event") {
        auto match = world::parse_event_match(check.substr(tokens[1].offset));
        if (!match)
            return match.error();
        const auto found = world::find_next(witness.events, since, *match);
        return found && *found < witness.end;
    }
    if (kind == "delivered")
        return any_event(witness, since, world::EventKind::Delivered, "rcpt",
                         find(tokens, "rcpt")->value);
    if (kind == "bounced") // the bounce goes to the envelope sender of the failed mail
        return any_event(witness, since, world::EventKind::Bounced, "from",
                         find(tokens, "to")->value);
    if (kind == "opened") {
        const SpecToken* proto = find(tokens, "proto");
        const SpecToken* host = find(tokens, "host");
        long long opened = 0;
        for (std::size_t i = since; i < witness.end; ++i) {
            const auto& e = witness.events[i];
            if (e.kind != world::EventKind::ConnOpen ||
                (proto && world::to_string(e.proto) != proto->value) ||
                (host && !equals_ci(e.host, host->value) && !equals_ci(e.peer, host->value)))
                continue;
            ++opened;
        }
        return count_matches(opened, *find(tokens, "count"));
    }
    const world::WorldView& view = witness.view;
    if (kind == "mailbox") {
        const SpecToken* folder = find(tokens, "folder");
        return count_matches(mailbox_message_count(view, find(tokens, "user")->value,
                                                   folder ? folder->value : "INBOX"),
                             *find(tokens, "count"));
    }
    // queue host=H count...
    auto it = view.queues.find(find(tokens, "host")->value);
    const long long count = it == view.queues.end() ? 0 : static_cast<long long>(it->second.size());
    return count_matches(count, *find(tokens, "count"));
}

Result<bool> task_check_holds(world::World& world, std::string_view check, std::size_t since) {
    return task_check_holds(witness_now(world), check, since);
}

Result<bool> task_done(const TaskWitness& witness, const Task& task, std::size_t since) {
    for (const auto& check : task.done_when) {
        auto holds = task_check_holds(witness, check.text, since);
        if (!holds)
            return holds;
        if (!*holds)
            return false;
    }
    return true;
}

Result<bool> task_done(world::World& world, const Task& task, std::size_t since) {
    return task_done(witness_now(world), task, since);
}

Result<bool> run_until_task_done(world::World& world, const Task& task, std::size_t since,
                                 SimTime horizon) {
    const SimTime limit = world.now() + horizon;
    for (;;) {
        auto done = task_done(world, task, since);
        if (!done || *done)
            return done;
        const SimTime next = world.next_event_time();
        if (next < 0 || next > limit)
            return false;
        world.step();
    }
}

std::vector<Diagnostic> check_scenario_names(const Lesson& lesson, const world::Scenario& scenario,
                                             const std::string& toml_file) {
    std::vector<Diagnostic> out;
    auto host_known = [&](std::string_view name) { return scenario.host(name) != nullptr; };
    auto user_known = [&](std::string_view address) {
        if (scenario.user(address))
            return true;
        for (const auto& alias : scenario.aliases)
            if (equals_ci(alias.address, address))
                return true;
        return false;
    };
    // Each `key=value` of a spec whose key names a host or a user, checked at its column.
    auto check_spec = [&](const Located& spec, std::string_view what) {
        auto tokens = tokenize_spec(spec.text);
        if (!tokens)
            return;
        for (size_t i = 1; i < tokens->size(); ++i) {
            const SpecToken& token = (*tokens)[i];
            const SourcePos pos{spec.pos.line,
                                spec.pos.column + 1 + static_cast<int>(token.offset)};
            // A telnet session's from= is the host it types from.
            const bool host_key = (token.key == "host" && (*tokens)[0].key != "event") ||
                                  (token.key == "from" && (*tokens)[0].key == "telnet");
            if (host_key && !host_known(token.value))
                out.push_back(at(toml_file, pos,
                                 std::string(what) + ": no host '" + token.value +
                                     "' in scenario '" + scenario.name + "'"));
            if ((*tokens)[0].key == "mailbox" && token.key == "user" && !user_known(token.value))
                out.push_back(at(toml_file, pos,
                                 std::string(what) + ": no user '" + token.value +
                                     "' in scenario '" + scenario.name + "'"));
        }
    };
    for (const Step& step : lesson.steps) {
        for (const auto& highlight : step.highlight)
            if (highlight.text.starts_with("host:") && !host_known(highlight.text.substr(5)))
                out.push_back(at(toml_file, SourcePos{highlight.pos.line, highlight.pos.column + 6},
                                 "highlight: no host '" + highlight.text.substr(5) +
                                     "' in scenario '" + scenario.name + "'"));
        for (const auto& expectation : step.expect)
            check_spec(expectation, "expect");
        for (const Task& task : step.tasks) {
            for (const auto& check : task.done_when)
                check_spec(check, "done_when");
            for (const auto& action : task.solution)
                check_spec(action, "solution");
        }
    }
    return out;
}

PlayReport play_lesson(const Lesson& lesson, const world::Scenario& scenario,
                       const std::string& toml_file, std::optional<std::uint64_t> seed) {
    PlayReport report;
    auto& out = report.diagnostics;
    auto created = world::World::create(scenario, seed);
    if (!created) {
        out.push_back(at(toml_file, lesson.scenario.pos,
                         "scenario '" + lesson.scenario.text +
                             "' does not start: " + created.error().message));
        return report;
    }
    world::World& world = **created;
    out = check_scenario_names(lesson, scenario, toml_file);
    if (!out.empty())
        return report; // a misspelt name would only show up below as a confusing failure
    // The lesson's cursor on the trace. Only run_to (and a solution's `run until`) moves it:
    // a task is a side experiment, and what the scenario did meanwhile is still ahead of the
    // cursor, so the next step can show it (the app seeks its views there).
    std::size_t position = 0;
    std::optional<std::size_t> step_event; // the run_to event of the latest step that has one
    for (const Step& step : lesson.steps) {
        if (step.run_to) {
            auto found = run_to_event(world, step.run_to->text, position);
            if (!found) {
                out.push_back(at(toml_file, step.run_to->pos,
                                 "step '" + step.id + "': run_to " + found.error().message));
                return report; // later steps depend on where this one stops
            }
            position = *found + 1;
            step_event = *found;
        }
        // What the step says the screen shows, before the learner touches anything.
        check_expectations(world, step, position, step_event, toml_file, out);
        for (const Task& task : step.tasks) {
            const std::size_t since = world.trace().size();
            bool ran = true;
            for (const auto& action : task.solution) {
                if (auto status = run_solution_action(world, action.text, position); !status) {
                    out.push_back(at(toml_file, action.pos,
                                     "task '" + task.id + "': " + status.error().message));
                    ran = false;
                    break;
                }
            }
            if (!ran)
                continue;
            // As in the app, the world keeps running after "show me": the task is done
            // once all its checks hold at some moment.
            if (auto done = run_until_task_done(world, task, since); done && *done)
                continue;
            for (const auto& check : task.done_when) {
                auto holds = task_check_holds(world, check.text, since);
                if (!holds || !*holds)
                    out.push_back(at(toml_file, check.pos,
                                     "task '" + task.id + "': the solution does not make '" +
                                         check.text + "' true" +
                                         (holds ? "" : ": " + holds.error().message)));
            }
        }
    }
    if (!world.run_until_idle(world.now() + kSearchHorizon) && scenario.until == 0)
        out.push_back(
            at(toml_file, SourcePos{1, 1},
               "the world is still busy " + seconds_text(kSearchHorizon) + " after the last step"));
    report.events = world.trace().size();
    report.end_time = world.now();
    return report;
}

Result<std::string> predict_reply_answer(const Question& question, const world::Scenario& scenario,
                                         std::optional<std::uint64_t> seed) {
    if (question.type != QuestionType::PredictReply || !question.pause_at)
        return make_error("not a predict_reply question");
    auto created = world::World::create(scenario, seed);
    if (!created)
        return make_error("scenario does not start: " + created.error().message);
    world::World& world = **created;
    auto paused = run_to_event(world, question.pause_at->text, 0);
    if (!paused)
        return make_error("pause_at " + paused.error().message);
    const world::Event pause = world.trace().events()[*paused];
    std::string match = "reply";
    if (pause.conn != 0)
        match += " conn=" + std::to_string(pause.conn);
    auto reply = run_to_event(world, match, *paused + 1);
    if (!reply)
        return make_error("no reply follows pause_at (" + reply.error().message + ")");
    // SMTP answers with a number; POP3 and IMAP with a status word (+OK, -ERR, OK, NO, BAD).
    const world::Event& answer = world.trace().events()[*reply];
    if (answer.code == 0 && !answer.verb.empty())
        return answer.verb;
    return std::to_string(answer.code);
}

std::vector<Diagnostic> check_predict_reply(const Question& question,
                                            const world::Scenario& scenario,
                                            const std::string& quiz_file,
                                            std::optional<std::uint64_t> seed) {
    std::vector<Diagnostic> out;
    auto answer = predict_reply_answer(question, scenario, seed);
    if (!answer)
        out.push_back(at(quiz_file, question.pause_at ? question.pause_at->pos : question.pos,
                         "question '" + question.id + "': " + answer.error().message));
    return out;
}

} // namespace mailsim::lesson
