#pragma once
// What a live view (mailsim-gui --serve, the browser opened from `mailsim serve --web`) has
// shown of real clients' sessions, for the test bridge: the latest command and reply lines up
// to the shown position, as the transcript panel prints them ("#3 C: MAIL FROM:<...>").
#include "ui/app/session.h"

#include <nlohmann/json.hpp>

namespace mailsim::ui {

nlohmann::json live_state_json(Session& session);

} // namespace mailsim::ui
