#pragma once
// One table lists every panel: its id (persistence, tests, URL), its title's string key and
// its draw function. The View menu, the layout memory and the UI smoke test all walk it.
#include <span>

namespace mailsim::ui {

class App;

struct PanelInfo {
    const char* id;
    const char* title_key;
    void (*draw)(App& app, bool* open);
    bool open_by_default;
};

std::span<const PanelInfo> panel_registry();

} // namespace mailsim::ui
