#pragma once
// A Scenario back to the loader's own TOML (scenario.h), as the world editor saves it: the
// sections in the order the hand-written files use (top keys, [defaults], [dns], hosts,
// links, users, user agents, aliases, MX and A records, messages, actions, [random_faults]),
// one [[table]] per item, and a key only where it differs from the loader's default, so a
// saved file reads like a written one and a diff shows only what changed.
// parse_scenario(write_scenario(s)) gives back `s` (save_load_equal() in the tests), apart from
// the source lines and the file name.
#include "sim/core/sim_time.h"
#include "sim/world/scenario.h"

#include <string>

namespace mailsim::world {

std::string write_scenario(const Scenario& scenario);

// The value forms the writer uses, read back by the loader: "250ms", "30s", "5m", "1.5s";
// "10Mbit", "56kbit", "9600"; a TOML basic string with its escapes.
std::string format_duration(SimTime t);
std::string format_bandwidth(double bits_per_second);
std::string toml_quote(std::string_view text);

// The same world apart from where it came from (file name and source lines): what a load ->
// save -> load round trip must keep.
bool same_world(const Scenario& a, const Scenario& b);

} // namespace mailsim::world
