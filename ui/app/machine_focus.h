#pragma once
// Which protocol state machine the state-machine panel shows and where it stands: the selected
// connection (else the one that moved last), on the chosen side, at the current trace position.
// The panel draws it and App::state_json reports it, so tests read what the student sees.
#include "sim/trace/trace.h"
#include "ui/app/session.h"
#include "ui/widgets/state_diagram.h"

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace mailsim::ui {

struct MachineFocus {
    world::ConnId conn = 0;
    world::Proto proto = world::Proto::None;
    MachineSide side = MachineSide::Server;
    std::string client, server; // the hosts at both ends
    std::string state;          // diagram state name ("selected", "Rcpt"); empty if none
    std::string previous;       // the state before the last move; empty before the first
    bool moved = false;         // a transition has been taken
    std::uint64_t moved_at = 0; // trace index of the event that made the last move
    bool via_any_state = false; // that move was a 421, a lost connection or the like
};

MachineFocus machine_focus(const world::Trace& trace, std::size_t position, world::ConnId selected,
                           MachineSide side);

// What the panel shows, for App::state_json (tests and the web bridge): the diagram, the side,
// the current and the previous state.
nlohmann::json state_machine_json(Session& session, world::ConnId selected, MachineSide side);

} // namespace mailsim::ui
