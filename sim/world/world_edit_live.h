#pragma once
// How a world edit reaches the running world (see world_edit.h for why): the difference
// between two designs as the live actions that make it (`alias`, `relay`, `gateway`, `dns`), when
// those are all that changed. An empty list: nothing the world sees changed (a host was moved).
// nullopt: the change is structural and the world must be made again from the new design.
#include "sim/world/action.h"
#include "sim/world/scenario.h"

#include <optional>
#include <vector>

namespace mailsim::world {

std::optional<std::vector<Action>> live_actions(const Scenario& before, const Scenario& after);

} // namespace mailsim::world
