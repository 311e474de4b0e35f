// The first thing a student sees: what mailsim is and where to start.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/app/panel_window.h"

#include <imgui.h>

namespace mailsim::ui {

void draw_welcome_panel(App& app, bool* open) {
    if (!begin_panel(app, "welcome", open)) {
        ImGui::End();
        return;
    }
    ImGui::PushFont(app.fonts().heading);
    ImGui::TextUnformatted(app.tr("welcome.heading"));
    ImGui::PopFont();
    ImGui::Separator();
    ImGui::TextWrapped("%s", app.tr("welcome.intro"));
    ImGui::Spacing();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("welcome.parts"));
    ImGui::PopFont();
    for (const char* key :
         {"welcome.part.ua", "welcome.part.mta", "welcome.part.maa", "welcome.part.protocols"}) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", app.tr(key));
    }
    ImGui::Spacing();
    ImGui::PushFont(app.fonts().mono);
    ImGui::TextUnformatted("S: 220 hamburger.edu\nC: HELO crepes.fr\n"
                           "S: 250 Hello crepes.fr, pleased to meet you");
    ImGui::PopFont();
    ImGui::Spacing();
    ImGui::TextWrapped("%s", app.tr("welcome.shortcuts"));
    ImGui::End();
}

} // namespace mailsim::ui
