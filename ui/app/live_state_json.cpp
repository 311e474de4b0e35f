#include "live_state_json.h"

#include "ui/widgets/event_style.h"

#include <algorithm>

namespace mailsim::ui {

nlohmann::json live_state_json(Session& session) {
    constexpr std::size_t kLines = 40;
    nlohmann::json j = {{"attached", session.live()}};
    if (!session.live())
        return j;
    const world::Trace& trace = session.trace();
    const std::size_t end = std::min(session.position(), trace.size());
    std::vector<std::string> lines;
    std::size_t opened = 0;
    for (std::size_t i = 0; i < end; ++i) {
        const world::Event& e = trace[i];
        if (e.kind == world::EventKind::ConnOpen)
            ++opened;
        if (e.kind != world::EventKind::Command && e.kind != world::EventKind::Reply)
            continue;
        // Labelled as the transcript labels them (with the account's name once it is known).
        lines.push_back(connection_label(e.conn, session.connection_name(e.conn)) +
                        (e.kind == world::EventKind::Command ? " C: " : " S: ") + e.text);
    }
    if (lines.size() > kLines)
        lines.erase(lines.begin(), lines.end() - kLines);
    j["lines"] = lines;
    j["connections_opened"] = opened;
    live::LiveWorld* world = session.live_world();
    j["students_compose"] = world->students_compose();
    j["teacher"] = world->can_permit();
    j["account"] = world->account();
    return j;
}

} // namespace mailsim::ui
