#pragma once
// Challenges ("fix it" lessons): judging the live world against a challenge's checks, with the
// world's own evidence of what still goes wrong (the bounce, the 5yz line, the stuck queue
// entry), and lint's proof that a challenge's scenario starts broken and that its scripted
// repair fixes it. The app's "check" button and `mailsim lint` use the same code.
#include "sim/lesson/challenge_verdict.h"
#include "sim/lesson/lesson_loader.h"
#include "sim/lesson/lesson_model.h"
#include "sim/world/world.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::lesson {

// The challenge's checks against the world as it is now (the whole trace), plus evidence
// when they do not all hold.
Verdict judge_challenge(world::World& world, const Challenge& challenge);

struct ChallengeProof {
    std::vector<Diagnostic> diagnostics; // empty: broken before and solved after
    std::string broken_because;          // the first check that fails in the untouched world
    SimTime solved_at = 0;               // when the repaired world first met every check
};

// Runs the scenario untouched until it is idle (or the search horizon): the checks must not
// all hold. Then, in a fresh world, plays the scripted solution and runs until they do.
ChallengeProof prove_challenge(const Lesson& lesson, const world::Scenario& scenario,
                               const std::string& toml_file,
                               std::optional<std::uint64_t> seed = {});

} // namespace mailsim::lesson
