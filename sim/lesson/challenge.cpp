#include "sim/lesson/challenge.h"

#include "sim/lesson/lesson_player.h"

#include <algorithm>

namespace mailsim::lesson {
namespace {

constexpr std::size_t kMaxEvidence = 6;

Diagnostic at(const std::string& file, SourcePos pos, std::string message) {
    return Diagnostic{file, pos.line, pos.column, std::move(message)};
}

bool all_hold(world::World& world, const Challenge& challenge) {
    for (const auto& check : challenge.check) {
        auto holds = task_check_holds(world, check.text, 0);
        if (!holds || !*holds)
            return false;
    }
    return true;
}

// Steps the world one event at a time until every check holds (true: that moment is now) or
// nothing is due before `limit` (false). Checked before each step, so time 0 counts too.
bool run_until_all_hold(world::World& world, const Challenge& challenge, SimTime limit) {
    for (;;) {
        if (all_hold(world, challenge))
            return true;
        const SimTime next = world.next_event_time();
        if (next < 0 || next > limit)
            return false;
        world.step();
    }
}

// What the world says went wrong, newest first: a stuck queue entry is the present state,
// bounces, give-ups and 4yz/5yz replies are the history that explains it.
std::vector<Evidence> gather_evidence(world::World& world) {
    std::vector<Evidence> out;
    const world::WorldView& view = world.view();
    for (const auto& [host, entries] : view.queues)
        for (const auto& entry : entries)
            for (const auto& rcpt : entry.rcpts) {
                if (out.size() >= kMaxEvidence / 2)
                    break;
                // Stuck means tried and failed: a bounce on its way to the sender, or a mail
                // not yet tried, is not evidence of anything.
                if (rcpt.attempts == 0)
                    continue;
                std::string text = entry.msg_id + " -> " + rcpt.rcpt;
                if (rcpt.attempts > 0)
                    text += " (" + std::to_string(rcpt.attempts) + "x)";
                if (!rcpt.last_error.empty())
                    text += ": " + rcpt.last_error;
                out.push_back(Evidence{Evidence::Kind::StillQueued, host, std::move(text), {}});
            }
    // Hosts and links that are down: the present state, stated plainly (the text is the
    // scenario's own names; the UI words it).
    for (const auto& host : view.hosts)
        if (!host.up)
            out.push_back(Evidence{Evidence::Kind::Fault, host.name, "down", {}});
    for (const auto& link : view.links)
        if (!link.up)
            out.push_back(Evidence{Evidence::Kind::Fault, link.a + " - " + link.b, "down", {}});
    const auto& events = world.trace().events();
    for (std::size_t i = events.size();
         i-- > world.trace().first_index() && out.size() < kMaxEvidence;) {
        const world::Event& e = events[i];
        switch (e.kind) {
        case world::EventKind::Bounced:
            out.push_back(Evidence{Evidence::Kind::Bounce, e.host,
                                   e.rcpt + ": " + (e.reason.empty() ? e.text : e.reason), i});
            break;
        case world::EventKind::GaveUp:
            out.push_back(Evidence{Evidence::Kind::GaveUp, e.host,
                                   e.rcpt + ": " + (e.reason.empty() ? e.text : e.reason), i});
            break;
        case world::EventKind::Reply:
            if (e.proto == world::Proto::Smtp && e.code >= 400)
                out.push_back(Evidence{Evidence::Kind::ErrorReply, e.host, e.text, i});
            break;
        default:
            break;
        }
    }
    return out;
}

} // namespace

std::string_view to_string(Evidence::Kind kind) {
    switch (kind) {
    case Evidence::Kind::Bounce:
        return "bounce";
    case Evidence::Kind::ErrorReply:
        return "error_reply";
    case Evidence::Kind::GaveUp:
        return "gave_up";
    case Evidence::Kind::StillQueued:
        return "still_queued";
    case Evidence::Kind::Fault:
        return "fault";
    }
    return "?";
}

Verdict judge_challenge(world::World& world, const Challenge& challenge) {
    Verdict verdict;
    verdict.solved = true;
    for (const auto& check : challenge.check) {
        CheckResult result{check.text, false, {}};
        auto holds = task_check_holds(world, check.text, 0);
        if (!holds)
            result.error = holds.error().message;
        else
            result.holds = *holds;
        verdict.solved = verdict.solved && result.holds;
        verdict.checks.push_back(std::move(result));
    }
    if (!verdict.solved)
        verdict.evidence = gather_evidence(world);
    return verdict;
}

ChallengeProof prove_challenge(const Lesson& lesson, const world::Scenario& scenario,
                               const std::string& toml_file, std::optional<std::uint64_t> seed) {
    ChallengeProof proof;
    if (!lesson.challenge)
        return proof;
    const Challenge& challenge = *lesson.challenge;
    const SimTime horizon = scenario.until > 0 ? scenario.until : kSearchHorizon;

    // Broken before: at no moment of the untouched run do all the checks hold, so a student
    // who presses "check" without repairing anything never passes.
    {
        auto created = world::World::create(scenario, seed);
        if (!created) {
            proof.diagnostics.push_back(at(toml_file, lesson.scenario.pos,
                                           "scenario '" + lesson.scenario.text +
                                               "' does not start: " + created.error().message));
            return proof;
        }
        world::World& world = **created;
        if (run_until_all_hold(world, challenge, horizon)) {
            proof.diagnostics.push_back(at(toml_file, challenge.pos,
                                           "challenge is not broken: its checks all hold at " +
                                               format_sim_time(world.now()) +
                                               " without any repair"));
            return proof;
        }
        for (const auto& result : judge_challenge(world, challenge).checks)
            if (!result.holds) {
                proof.broken_because = result.error.empty() ? result.check : result.error;
                break;
            }
    }

    // Solved after: the scripted repair, then the world runs until every check holds.
    auto created = world::World::create(scenario, seed);
    if (!created)
        return proof;
    world::World& world = **created;
    std::size_t position = 0;
    for (const auto& action : challenge.solution)
        if (auto status = run_solution_action(world, action.text, position); !status) {
            proof.diagnostics.push_back(
                at(toml_file, action.pos, "challenge solution: " + status.error().message));
            return proof;
        }
    if (run_until_all_hold(world, challenge, world.now() + kSearchHorizon)) {
        proof.solved_at = world.now();
        return proof;
    }
    for (const auto& result : judge_challenge(world, challenge).checks)
        if (!result.holds)
            proof.diagnostics.push_back(at(toml_file, challenge.pos,
                                           "challenge solution does not make '" + result.check +
                                               "' true" +
                                               (result.error.empty() ? "" : ": " + result.error)));
    return proof;
}

} // namespace mailsim::lesson
