#pragma once
// One table lists every panel: its id (persistence, tests, URL), its title's string key and
// its draw function. The View menu, the layout memory and the UI smoke test all walk it.
#include <span>
#include <string_view>

namespace mailsim::ui {

class App;

struct PanelInfo {
    const char* id;
    const char* title_key;
    void (*draw)(App& app, bool* open);
    bool open_by_default;
};

std::span<const PanelInfo> panel_registry();
// The panel with this id, or nullptr.
const PanelInfo* find_panel(std::string_view id);

} // namespace mailsim::ui
