#pragma once
// The world editor's state for tests and the web bridge (App::state_json "editor"): the mode,
// the tool, the history, the last refused edit and the design's hosts and links.
#include <nlohmann/json.hpp>

namespace mailsim::ui {

class App;

nlohmann::json world_edit_json(App& app);

} // namespace mailsim::ui
