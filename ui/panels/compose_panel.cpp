// Acting in the world as a user: compose a message in any user agent (to/cc/bcc, aliases
// too, a Korean subject, a built-in attachment, a transfer encoding) and retrieve mail with
// POP3 (delete or keep) or IMAP. Every click becomes one world action, the same one-line
// form that lessons and scenarios use.
#include "panels.h"

#include "sim/agents/user_agent.h"
#include "sim/core/bytes.h"
#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/text_input.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

constexpr const char* kEncodings[] = {"", "7bit", "8bit", "quoted-printable", "base64"};

world::ComposeAction compose_action(const world::Scenario& scenario, const ComposeForm& form) {
    world::ComposeAction action;
    action.from = scenario.uas[static_cast<size_t>(form.from)].address;
    action.to = split_list(form.to);
    action.cc = split_list(form.cc);
    action.bcc = split_list(form.bcc);
    action.subject = form.subject;
    action.body = form.body;
    const auto& samples = agents::builtin_attachments();
    if (form.attachment > 0 && static_cast<size_t>(form.attachment) <= samples.size())
        action.attach = samples[static_cast<size_t>(form.attachment - 1)].name;
    action.encoding = kEncodings[form.encoding];
    return action;
}

void draw_from(App& app, const world::Scenario& scenario, ComposeForm& form);
void draw_message_fields(App& app, const world::Scenario& scenario, ComposeForm& form);

// A student's page in the live classroom, once the teacher lets students compose: it signs in
// with the handout's address and password (the server checks them) and then composes from
// that account only. Returns the account's user agent, or -1 while there is none to use.
int draw_sign_in(App& app, const world::Scenario& scenario, live::LiveWorld& live) {
    // One page signs in once: the form lives as long as the page (the app's saved state must
    // never hold a password).
    static std::string address, password;
    const float em = ImGui::GetFontSize();
    if (live.account().empty()) {
        hint_text(app.tr("live.sign_in.hint"));
        ImGui::SetNextItemWidth(em * 16);
        input_text(app.tr("live.sign_in.address"), address);
        app.bridge().record_last_item("live.sign_in.address");
        ImGui::SetNextItemWidth(em * 16);
        input_text(app.tr("live.sign_in.password"), password, ImGuiInputTextFlags_Password);
        app.bridge().record_last_item("live.sign_in.password");
        const bool ready = !address.empty() && !password.empty();
        if (!ready)
            ImGui::BeginDisabled();
        if (ImGui::Button(app.tr("live.sign_in"), ImVec2(em * 8, 0)) && ready)
            live.sign_in(address, password);
        app.bridge().record_last_item("live.sign_in");
        if (!ready)
            ImGui::EndDisabled();
        return -1;
    }
    password.clear(); // signed in: the page said it to the server, nobody needs it again
    for (int i = 0; i < static_cast<int>(scenario.uas.size()); ++i)
        if (to_lower_ascii(scenario.uas[static_cast<size_t>(i)].address) ==
            to_lower_ascii(live.account())) {
            ImGui::Text("%s: %s", app.tr("compose.from"), live.account().c_str());
            return i;
        }
    hint_text(app.tr("compose.no_agents"));
    return -1;
}

void draw_compose(App& app, const world::Scenario& scenario) {
    ComposeForm& form = app.state().compose;
    if (scenario.uas.empty()) {
        hint_text(app.tr("compose.no_agents"));
        return;
    }
    if (form.from >= static_cast<int>(scenario.uas.size()))
        form.from = 0;
    live::LiveWorld* live = app.session().live_world();
    if (live && live->signs_in() && live->students_compose()) {
        form.from = draw_sign_in(app, scenario, *live);
        if (form.from < 0) {
            form.from = 0;
            return;
        }
    } else {
        draw_from(app, scenario, form);
    }
    draw_message_fields(app, scenario, form);
}

void draw_from(App& app, const world::Scenario& scenario, ComposeForm& form) {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(-em * 6);
    if (ImGui::BeginCombo(app.tr("compose.from"),
                          scenario.uas[static_cast<size_t>(form.from)].address.c_str())) {
        for (int i = 0; i < static_cast<int>(scenario.uas.size()); ++i) {
            if (ImGui::Selectable(scenario.uas[static_cast<size_t>(i)].address.c_str(),
                                  form.from == i))
                form.from = i;
            app.bridge().record_last_item("compose.from." +
                                          scenario.uas[static_cast<size_t>(i)].address);
        }
        ImGui::EndCombo();
    }
    app.bridge().record_last_item("compose.from");
}

void draw_message_fields(App& app, const world::Scenario& scenario, ComposeForm& form) {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(-em * 6);
    input_text(app.tr("compose.to"), form.to);
    app.bridge().record_last_item("compose.to");
    ImGui::SetNextItemWidth(-em * 6);
    input_text(app.tr("compose.cc"), form.cc);
    app.bridge().record_last_item("compose.cc");
    ImGui::SetNextItemWidth(-em * 6);
    input_text(app.tr("compose.bcc"), form.bcc);
    app.bridge().record_last_item("compose.bcc");
    ImGui::SetNextItemWidth(-em * 6);
    input_text(app.tr("compose.subject"), form.subject);
    app.bridge().record_last_item("compose.subject");
    input_text_multiline("##body", form.body, ImVec2(-em * 6, em * 5));
    app.bridge().record_last_item("compose.body");
    ImGui::SameLine();
    ImGui::TextUnformatted(app.tr("compose.body"));

    const auto& samples = agents::builtin_attachments();
    const char* attachment = form.attachment == 0
                                 ? app.tr("compose.no_attachment")
                                 : samples[static_cast<size_t>(form.attachment - 1)].name.c_str();
    ImGui::SetNextItemWidth(em * 10);
    if (ImGui::BeginCombo(app.tr("compose.attachment"), attachment)) {
        if (ImGui::Selectable(app.tr("compose.no_attachment"), form.attachment == 0))
            form.attachment = 0;
        for (size_t i = 0; i < samples.size(); ++i)
            if (ImGui::Selectable(samples[i].name.c_str(),
                                  form.attachment == static_cast<int>(i + 1)))
                form.attachment = static_cast<int>(i + 1);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 10);
    const char* encoding = form.encoding == 0 ? app.tr("compose.auto") : kEncodings[form.encoding];
    if (ImGui::BeginCombo(app.tr("compose.encoding"), encoding)) {
        for (int i = 0; i < 5; ++i)
            if (ImGui::Selectable(i == 0 ? app.tr("compose.auto") : kEncodings[i],
                                  form.encoding == i))
                form.encoding = i;
        ImGui::EndCombo();
    }
    const bool ready = !form.to.empty();
    if (!ready)
        ImGui::BeginDisabled();
    if (ImGui::Button(app.tr("compose.send"), ImVec2(em * 8, 0)) && ready) {
        app.post(compose_action(scenario, form), [&app, &form] {
            // Sent: a fresh form, as mail clients do.
            form.to.clear();
            form.cc.clear();
            form.bcc.clear();
            form.subject.clear();
            form.body.clear();
            app.state().playback.playing = true; // let the student watch it go
        });
    }
    app.bridge().record_last_item("compose.send");
    if (!ready)
        ImGui::EndDisabled();
}

void draw_retrieve(App& app, const world::Scenario& scenario) {
    RetrieveForm& form = app.state().retrieve;
    const float em = ImGui::GetFontSize();
    if (scenario.users.empty())
        return;
    if (form.user >= static_cast<int>(scenario.users.size()))
        form.user = 0;
    ImGui::SetNextItemWidth(em * 14);
    if (ImGui::BeginCombo(app.tr("retrieve.user"),
                          scenario.users[static_cast<size_t>(form.user)].address.c_str())) {
        for (int i = 0; i < static_cast<int>(scenario.users.size()); ++i)
            if (ImGui::Selectable(scenario.users[static_cast<size_t>(i)].address.c_str(),
                                  form.user == i))
                form.user = i;
        ImGui::EndCombo();
    }
    ImGui::RadioButton(app.tr("retrieve.pop3_delete"), &form.protocol, 0);
    ImGui::SameLine();
    ImGui::RadioButton(app.tr("retrieve.pop3_keep"), &form.protocol, 1);
    ImGui::SameLine();
    ImGui::RadioButton("IMAP", &form.protocol, 2);
    if (ImGui::Button(app.tr("retrieve.go"), ImVec2(em * 8, 0))) {
        constexpr world::RetrieveProtocol kProtocols[] = {world::RetrieveProtocol::Pop3Delete,
                                                          world::RetrieveProtocol::Pop3Keep,
                                                          world::RetrieveProtocol::Imap};
        app.post(world::RetrieveAction{scenario.users[static_cast<size_t>(form.user)].address,
                                       kProtocols[form.protocol]},
                 [&app] { app.state().playback.playing = true; });
    }
    app.bridge().record_last_item("retrieve.go");
}

// The teacher's page in the live classroom: students' pages may compose too, or not. The box
// shows what the server last said; a click asks the server (no world changes here).
void draw_live_permission(App& app) {
    live::LiveWorld* live = app.session().live_world();
    if (!live || !live->can_permit())
        return;
    bool allow = live->students_compose();
    if (ImGui::Checkbox(app.tr("live.permit_compose"), &allow))
        live->permit_compose(allow);
    app.bridge().record_last_item("live.permit_compose");
}

} // namespace

void draw_compose_panel(App& app, bool* open) {
    if (!begin_panel(app, "compose", open)) {
        ImGui::End();
        return;
    }
    const world::World* world = app.session().world();
    if (!world) {
        hint_text(app.tr("status.no_world"));
        ImGui::End();
        return;
    }
    const world::Scenario& scenario = world->scenario();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("compose.heading"));
    ImGui::PopFont();
    draw_live_permission(app);
    draw_compose(app, scenario);
    ImGui::Separator();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("retrieve.heading"));
    ImGui::PopFont();
    draw_retrieve(app, scenario);
    ImGui::End();
}

} // namespace mailsim::ui
