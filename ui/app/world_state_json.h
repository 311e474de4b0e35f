#pragma once
// The world as the test bridge reports it: queue lengths, mailbox counts per folder, open
// connections and counters at the current position (what a student sees on screen).
#include "ui/app/session.h"

#include <nlohmann/json.hpp>

namespace mailsim::ui {

nlohmann::json world_state_json(Session& session);

} // namespace mailsim::ui
