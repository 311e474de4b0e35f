#pragma once
// The world `mailsim serve` runs when no scenario is named: the lecture's hamburger.edu.
#include "sim/world/scenario.h"

#include <string_view>

namespace mailsim::serve {

// Scenario text (TOML, the same format as lessons/scenarios/*.toml).
std::string_view default_world_text();

// The name of the simulated host every real connection comes from. Scenarios may name it in
// relay_for; the MTA lets it relay only to domains served inside the world.
inline constexpr std::string_view kRealClientHost = "real-client";

// Adds the real-client host, a fast link from it to every server host, and on it a user
// agent for every account without one (the compose form lists the scenario's agents).
void add_real_client(world::Scenario& scenario);

} // namespace mailsim::serve
