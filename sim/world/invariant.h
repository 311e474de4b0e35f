#pragma once
// The reliability invariant of the mail system, checked over a trace: every recipient an MTA
// took responsibility for (accepted over SMTP, queued from a local submission, a bounce, an
// alias member, a gateway hand-over) ends exactly once at that host - delivered, relayed to a
// host that accepted it, bounced, or expanded - or is still in that host's queue when the run
// stops. Nothing is lost; a message reaches a mailbox twice only where the trace marks the
// RFC 1047 window (`duplicate_risk`).
#include "sim/trace/event.h"
#include "sim/trace/event_list.h"
#include "sim/world/world_view.h"

#include <string>
#include <vector>

namespace mailsim::world {

// Empty when the invariant holds; otherwise one line per violation.
std::vector<std::string> check_reliability(const EventList& events, const WorldView& final_view);

} // namespace mailsim::world
