#pragma once
// Draw functions of every panel (one file each: ui/panels/<name>_panel.cpp).

namespace mailsim::ui {

class App;

void draw_welcome_panel(App& app, bool* open);

} // namespace mailsim::ui
