#include "quiz_engine.h"

#include "sim/lesson/lesson_player.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

namespace mailsim::ui {

Result<EngineReply> engine_reply_at(const lesson::Question& question,
                                    const std::string& scenario_text,
                                    const std::string& scenario_name, std::uint64_t seed) {
    if (!question.pause_at)
        return make_error("predict_reply question without pause_at");
    auto scenario = world::parse_scenario(scenario_text, scenario_name);
    if (!scenario)
        return scenario.error();
    // The answer: the same function lint checks every question with.
    auto code = lesson::predict_reply_answer(question, *scenario, seed);
    if (!code)
        return code.error();
    EngineReply reply;
    reply.code = *code;
    // The dialogue up to the pause, from a second run with the same seed (runs repeat).
    auto created = world::World::create(*scenario, seed);
    if (!created)
        return created.error();
    world::World& w = **created;
    auto paused = lesson::run_to_event(w, question.pause_at->text, 0);
    if (!paused)
        return paused.error();
    const world::ConnId conn = w.trace()[*paused].conn;
    for (std::size_t i = 0; i <= *paused; ++i) {
        const auto& line = w.trace()[i];
        if (line.conn != conn)
            continue;
        if (line.kind == world::EventKind::Command || line.kind == world::EventKind::Data)
            reply.dialogue.push_back("C: " + line.text);
        else if (line.kind == world::EventKind::Reply)
            reply.dialogue.push_back("S: " + line.text);
    }
    return reply;
}

} // namespace mailsim::ui
