#pragma once
// The path a message took, read from its Received fields and placed on the topology: each
// field says which host ("from", by HELO name or address) handed it to which ("by"). Hosts
// are matched by address first (the HELO name is the client's claim), then by name or mail
// domain (classic-style servers greet with their domain).
#include "sim/mail/header.h"
#include "sim/world/world_view.h"

#include <string>
#include <vector>

namespace mailsim::ui {

struct ReceivedHop {
    std::string from_host; // "" when the sender is not a host of this world
    std::string by_host;   // "" when the receiver is not a host of this world
    std::string value;     // the Received field, for the tooltip
};

// Oldest hop first (the header lists the newest first).
std::vector<ReceivedHop> received_path(const mail::Headers& headers, const world::WorldView& view);

} // namespace mailsim::ui
