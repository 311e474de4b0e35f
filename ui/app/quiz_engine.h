#pragma once
// The quiz runner's side that needs the world: a "predict the next reply" question runs its
// scenario to the pause point with a fresh seed and asks the engine what it answers next.
#include "sim/core/result.h"
#include "sim/lesson/lesson_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mailsim::ui {

class App;

// Starts an attempt at the quiz with this id ("pretest", "posttest" or a lesson id) in the
// quiz panel; false when there is no such quiz. (Defined with the quiz panel.)
bool start_quiz(App& app, const std::string& quiz_id);

struct EngineReply {
    std::string code;                  // the reply code the server engine sent next ("354")
    std::vector<std::string> dialogue; // "C: ..." / "S: ..." lines of that session up to the pause
};

// Runs `scenario_text` with `seed` to the first event matching the question's pause_at, then on
// to the server's next reply in the same connection.
Result<EngineReply> engine_reply_at(const lesson::Question& question,
                                    const std::string& scenario_text,
                                    const std::string& scenario_name, std::uint64_t seed);

} // namespace mailsim::ui
