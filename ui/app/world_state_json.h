#pragma once
// The world as the test bridge reports it: queue lengths, mailbox counts per folder, open
// connections and counters at the current position (what a student sees on screen).
#include "ui/app/app_state.h"
#include "ui/app/session.h"

#include <nlohmann/json.hpp>

namespace mailsim::ui {

nlohmann::json world_state_json(Session& session);
// What the inspector shows: the message's size, type, subject and envelope.
nlohmann::json inspector_state_json(const InspectedMessage& inspected);

} // namespace mailsim::ui
