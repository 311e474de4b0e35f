#pragma once
// What happens to the student's earlier actions when a structural edit makes the world again
// from the edited design (world_edit.h says why it must): they are played into the new world
// at the simulated times they happened, in order, as a rewind replays them, so the mail Alice
// sent before Bob's PC was added is sent again, the server taken down is down again. An action
// that names a host or user the new design no longer has (a compose from a removed user, a
// fault on a removed host) cannot happen there: it is dropped and reported with the reason,
// and the rest go on. An action the new world refuses for another reason (an MX naming a host
// that was removed) is dropped the same way, with the world's own error.
#include "sim/world/world.h"

#include <optional>
#include <string>
#include <vector>

namespace mailsim::world {

// Why an input was dropped. The core has no language: the UI words each kind (ko/en) around
// `name`; describe() is the English form for logs, tests and the command line.
enum class DropReason {
    HostGone,      // name = the host the action names
    UserGone,      // name = the user's address
    UserAgentGone, // name = the address whose agent would compose or retrieve
    LinkGone,      // name = the link as the action wrote it (pc-b-mail.b.test)
    Refused,       // name = the new world's own error message
};

struct MissingName {
    DropReason why;
    std::string name;
};

struct DroppedInput {
    Action action;
    SimTime t = 0;
    MissingName missing;
};

// "the host pc-b is no longer in the network", ...
std::string describe(const MissingName& missing);
// The stable id of a reason ("host_gone", ...): the UI's string keys end with it.
const char* drop_reason_id(DropReason why);

struct ReplayOutcome {
    std::size_t replayed = 0;
    std::vector<DroppedInput> dropped;
};

// The host or user `action` names that `scenario` does not have; nothing when every name it
// depends on is there. Recipients are not such names: mail to an address nobody has any more
// is still sent, and bounces, as it would in a real network.
std::optional<MissingName> missing_name(const Action& action, const Scenario& scenario);

// Plays `inputs` into `world` (fresh, nothing run yet) at their times, then runs it to
// `until`: the new world stands where the old one stood.
ReplayOutcome replay_inputs(World& world, const std::vector<RecordedInput>& inputs, SimTime until);

} // namespace mailsim::world
