#pragma once
// Saving a challenge from the world editor: the broken world as its scenario file, and the
// repair as its scripted solution. A teacher draws (or opens) the world, breaks it, and then
// repairs the running world the way a student would (DNS records, aliases, relay policy, a
// gateway's route, faults, telnet, a mail sent again): those are the world's recorded inputs,
// and each becomes a solution line after a `run for=` of the simulated seconds before it.
// The goal and the check (what must hold once it is fixed, in the lessons' check grammar) are
// the teacher's words. `mailsim lint` then proves the folder broken and solved as it does
// every challenge; the hints and the story are the teacher's to add.
#include "sim/world/world.h"

#include <string>
#include <vector>

namespace mailsim::world {

struct ChallengeDraft {
    std::string name; // the scenario's name and the folder's: challenge-<name>
    int topic = 14;   // the lecture topic (1-14) it belongs to
    std::string title_ko, title_en;
    std::string goal_ko, goal_en;
    std::vector<std::string> checks; // "mailbox user=bob@hamburger.edu count>=1"
};

struct ChallengeFiles {
    std::string scenario_path, scenario; // scenarios/<name>.toml
    std::string folder;                  // challenge-<name>
    std::string lesson_toml, lesson_ko, lesson_en;
};

// The lesson's solution from the repair's inputs: `run for=S` before each action (S the whole
// seconds since the one before, from `start`), the action itself.
std::vector<std::string> solution_lines(const std::vector<RecordedInput>& repair, SimTime start);

ChallengeFiles write_challenge(const Scenario& broken, const std::vector<RecordedInput>& repair,
                               const ChallengeDraft& draft);

} // namespace mailsim::world
