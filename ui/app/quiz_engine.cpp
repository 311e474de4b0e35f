#include "quiz_engine.h"

#include "sim/world/event_match.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

namespace mailsim::ui {

Result<EngineReply> engine_reply_at(const lesson::Question& question,
                                    const std::string& scenario_text,
                                    const std::string& scenario_name, std::uint64_t seed) {
    if (!question.pause_at)
        return make_error("predict_reply question without pause_at");
    auto match = world::parse_event_match(question.pause_at->text);
    if (!match)
        return match.error();
    auto scenario = world::parse_scenario(scenario_text, scenario_name);
    if (!scenario)
        return scenario.error();
    auto created = world::World::create(*scenario, seed);
    if (!created)
        return created.error();
    world::World& w = **created;
    constexpr std::size_t kEventLimit = 200000; // a scenario that never gets there is an error
    std::size_t index = 0;
    std::optional<std::size_t> paused;
    while (w.trace().size() < kEventLimit) {
        while (index < w.trace().size()) {
            const auto& e = w.trace()[index];
            if (!paused && match->matches(e)) {
                paused = index;
            } else if (paused && e.kind == world::EventKind::Reply &&
                       e.conn == w.trace()[*paused].conn) {
                EngineReply reply;
                reply.code =
                    e.code > 0 ? std::to_string(e.code) : e.text.substr(0, e.text.find(' '));
                for (std::size_t i = 0; i <= *paused; ++i) {
                    const auto& line = w.trace()[i];
                    if (line.conn != e.conn)
                        continue;
                    if (line.kind == world::EventKind::Command ||
                        line.kind == world::EventKind::Data)
                        reply.dialogue.push_back("C: " + line.text);
                    else if (line.kind == world::EventKind::Reply)
                        reply.dialogue.push_back("S: " + line.text);
                }
                return reply;
            }
            ++index;
        }
        if (!w.step())
            break;
    }
    return make_error("the scenario never reached " + question.pause_at->text);
}

} // namespace mailsim::ui
