// The selected host's properties in the world editor: name, address and kind for every host;
// for a mail server its domains, mailboxes, aliases, relay policy and queue; for a user's PC
// or browser its user agents with their submission and POP3/IMAP server.
#include "world_editor_fields.h"

#include "sim/core/bytes.h"
#include "sim/net/network.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world_edit.h"
#include "ui/app/app.h"
#include "ui/widgets/text_input.h"

#include <imgui.h>

namespace mailsim::ui {
namespace {

std::vector<std::string> list_of(const std::string& text) {
    std::vector<std::string> out;
    for (auto& item : split_list(text))
        out.push_back(to_lower_ascii(item));
    return out;
}

std::string durations_text(const std::vector<SimTime>& waits) {
    std::vector<std::string> items;
    for (SimTime t : waits)
        items.push_back(world::format_duration(t));
    return join_list(items);
}

std::optional<std::vector<SimTime>> durations_of(const std::string& text, std::string& error) {
    std::vector<SimTime> out;
    for (const auto& item : split_list(text)) {
        auto t = world::parse_duration(item);
        if (!t.ok()) {
            error = "'" + item + "': " + t.error().message;
            return std::nullopt;
        }
        out.push_back(*t);
    }
    return out;
}

void draw_queue(App& app, const world::HostSpec& host) {
    WorldEditState& edit = app.state().world_edit;
    const FieldRef interval_ref{"host", host.name, "queue_interval"};
    const FieldRef retry_ref{"host", host.name, "retry"};
    const FieldRef give_up_ref{"host", host.name, "give_up"};
    const std::string interval_value = world::format_duration(host.queue_interval);
    const std::string retry_value = durations_text(host.retry);
    const std::string give_up_value = world::format_duration(host.give_up);
    bool commit = property_field(app, app.tr("editor.queue_interval"), "editor.host.queue_interval",
                                 interval_value, interval_ref)
                      .has_value();
    commit |=
        property_field(app, app.tr("editor.retry"), "editor.host.retry", retry_value, retry_ref)
            .has_value();
    commit |= property_field(app, app.tr("editor.give_up"), "editor.host.give_up", give_up_value,
                             give_up_ref)
                  .has_value();
    if (!commit)
        return;
    std::string error;
    auto interval =
        durations_of(field_text(app, "editor.host.queue_interval", interval_value), error);
    if (!interval || interval->size() != 1) {
        edit.error = world::FieldError{"host", host.name, "queue_interval",
                                       error.empty() ? app.tr("editor.one_duration") : error};
        return;
    }
    auto retry = durations_of(field_text(app, "editor.host.retry", retry_value), error);
    if (!retry) {
        edit.error = world::FieldError{"host", host.name, "retry", error};
        return;
    }
    auto give_up = durations_of(field_text(app, "editor.host.give_up", give_up_value), error);
    if (!give_up || give_up->size() != 1) {
        edit.error = world::FieldError{"host", host.name, "give_up",
                                       error.empty() ? app.tr("editor.one_duration") : error};
        return;
    }
    post_world_edit(app, world::SetQueue{host.name, interval->front(), *retry, give_up->front()});
}

void draw_relay(App& app, const world::HostSpec& host) {
    bool open = host.open_relay;
    if (ImGui::Checkbox(app.tr("policy.open_relay"), &open))
        post_world_edit(app, world::SetRelayPolicy{host.name, open, host.relay_for});
    app.bridge().record_last_item("editor.host.open_relay");
    if (auto text =
            property_field(app, app.tr("editor.relay_for"), "editor.host.relay_for",
                           join_list(host.relay_for), FieldRef{"host", host.name, "relay_for"}))
        post_world_edit(app, world::SetRelayPolicy{host.name, host.open_relay, list_of(*text)});
}

void draw_users(App& app, const world::HostSpec& host) {
    const world::Scenario& s = app.state().world_edit.editor.scenario();
    ImGui::TextUnformatted(app.tr("editor.users"));
    for (const auto& user : s.users) {
        if (user.host != host.name)
            continue;
        ImGui::PushID(user.address.c_str());
        const std::string id = "editor.user." + user.address;
        const bool open = ImGui::TreeNode(user.address.c_str(), "%s  %s", user.address.c_str(),
                                          user.name.c_str());
        app.bridge().record_last_item(id);
        ImGui::SameLine();
        if (small_button(app, "policy.remove", id + ".remove"))
            post_world_edit(app, world::RemoveUser{user.address});
        field_error(app, FieldRef{"user", user.address, "address"});
        if (open) {
            bool commit = property_field(app, app.tr("editor.user_name"), id + ".name", user.name,
                                         FieldRef{"user", user.address, "name"})
                              .has_value();
            commit |= property_field(app, app.tr("editor.password"), id + ".password",
                                     user.password, FieldRef{"user", user.address, "password"})
                          .has_value();
            if (commit)
                post_world_edit(app, world::SetUserDetails{
                                         user.address, field_text(app, id + ".name", user.name),
                                         field_text(app, id + ".password", user.password)});
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    const std::string typed = to_lower_ascii(trim_ascii(field_text(app, "editor.user.new", "")));
    auto enter = property_field(app, app.tr("editor.new_user"), "editor.user.new", "",
                                FieldRef{"user", typed, "address"});
    field_error(app, FieldRef{"user", typed, "host"});
    if (small_button(app, "policy.add", "editor.user.add") || enter)
        post_world_edit(app, world::AddUser{typed, "", "", host.name}, {"editor.user.new"});
}

void draw_aliases(App& app, const world::HostSpec& host) {
    const world::Scenario& s = app.state().world_edit.editor.scenario();
    ImGui::TextUnformatted(app.tr("policy.aliases_heading"));
    const auto served = [&](const std::string& address) {
        const std::string domain = address.substr(address.find('@') + 1);
        for (const auto& d : host.domains)
            if (d == domain)
                return true;
        return false;
    };
    for (const auto& alias : s.aliases) {
        if (!served(alias.address))
            continue;
        ImGui::PushID(alias.address.c_str());
        const std::string id = "editor.alias." + alias.address;
        if (auto text = property_field(app, alias.address.c_str(), id, join_list(alias.members),
                                       FieldRef{"alias", alias.address, "members"}))
            post_world_edit(app, world::SetAliasMembers{alias.address, list_of(*text)});
        if (small_button(app, "policy.remove", id + ".remove"))
            post_world_edit(app, world::SetAliasMembers{alias.address, {}});
        ImGui::PopID();
    }
    const std::string address =
        to_lower_ascii(trim_ascii(field_text(app, "editor.alias.new_address", "")));
    property_field(app, app.tr("policy.alias"), "editor.alias.new_address", "",
                   FieldRef{"alias", address, "address"});
    auto members = property_field(app, app.tr("policy.members"), "editor.alias.new_members", "",
                                  FieldRef{"alias", address, "members"});
    if (small_button(app, "policy.add", "editor.alias.add") || members)
        post_world_edit(app,
                        world::SetAliasMembers{
                            address, list_of(field_text(app, "editor.alias.new_members", ""))},
                        {"editor.alias.new_address", "editor.alias.new_members"});
}

} // namespace

void draw_host_properties(App& app, const world::HostSpec& host) {
    ImGui::Text("%s: %s", app.tr("editor.kind"), world::host_kind_id(world::host_kind_of(host)));
    if (auto name = property_field(app, app.tr("editor.name"), "editor.host.name", host.name,
                                   FieldRef{"host", host.name, "name"}))
        post_world_edit(app, world::RenameHost{host.name, *name});
    if (auto ip = property_field(app, app.tr("editor.ip"), "editor.host.ip",
                                 host.ip ? net::format_ipv4(host.ip) : std::string(),
                                 FieldRef{"host", host.name, "ip"}))
        post_world_edit(app, world::SetHostIp{host.name, *ip});
    if (small_button(app, "editor.remove_host", "editor.host.remove"))
        post_world_edit(app, world::RemoveHost{host.name});
    field_error(app, FieldRef{"host", host.name, "roles"});
    ImGui::Separator();
    if (world::has_role(host, "mta") || world::has_role(host, "gateway"))
        draw_mta_properties(app, host);
    if (world::has_role(host, "client") || world::has_role(host, "browser"))
        draw_client_properties(app, host);
}

void draw_mta_properties(App& app, const world::HostSpec& host) {
    if (auto domains =
            property_field(app, app.tr("editor.domains"), "editor.host.domains",
                           join_list(host.domains), FieldRef{"host", host.name, "domains"}))
        post_world_edit(app, world::SetDomains{host.name, list_of(*domains)});
    if (ImGui::CollapsingHeader(app.tr("editor.mailboxes_heading"),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        draw_users(app, host);
        draw_aliases(app, host);
    }
    if (world::has_role(host, "gateway") &&
        ImGui::CollapsingHeader(app.tr("editor.gateway_heading"), ImGuiTreeNodeFlags_DefaultOpen))
        draw_gateway_properties(app, host);
    if (ImGui::CollapsingHeader(app.tr("policy.relay_heading")))
        draw_relay(app, host);
    if (ImGui::CollapsingHeader(app.tr("editor.queue_heading")))
        draw_queue(app, host);
    if (ImGui::CollapsingHeader(app.tr("editor.overrides_heading")))
        draw_reply_overrides(app, host);
    if (ImGui::CollapsingHeader(app.tr("editor.options_heading")))
        draw_mta_options(app, host);
}

void draw_client_properties(App& app, const world::HostSpec& host) {
    const world::Scenario& s = app.state().world_edit.editor.scenario();
    ImGui::TextUnformatted(app.tr("editor.user_agents"));
    for (const auto& ua : s.uas) {
        if (ua.host != host.name)
            continue;
        ImGui::PushID(ua.address.c_str());
        ImGui::BulletText("%s", ua.address.c_str());
        ImGui::SameLine();
        if (small_button(app, "policy.remove", "editor.ua." + ua.address + ".remove"))
            post_world_edit(app, world::RemoveUserAgent{ua.address});
        const std::string id = "editor.ua." + ua.address + ".server";
        if (auto server = property_field(app, app.tr("editor.ua_server"), id, ua.server,
                                         FieldRef{"ua", ua.address, "server"}))
            post_world_edit(app, world::SetUserAgent{ua.address, host.name, *server, ua.submit,
                                                     ua.submit_port});
        const std::string webmail_id = "editor.ua." + ua.address + ".webmail";
        if (auto webmail = property_field(app, app.tr("editor.ua_webmail"), webmail_id, ua.webmail,
                                          FieldRef{"ua", ua.address, "webmail"}))
            post_world_edit(app, world::SetUserAgent{ua.address, host.name, ua.server, ua.submit,
                                                     ua.submit_port, *webmail});
        bool direct = ua.submit == world::Submission::Direct;
        if (ImGui::Checkbox(app.tr("editor.ua_direct"), &direct))
            post_world_edit(app, world::SetUserAgent{ua.address, host.name, ua.server,
                                                     direct ? world::Submission::Direct
                                                            : world::Submission::Smtp,
                                                     ua.submit_port});
        app.bridge().record_last_item("editor.ua." + ua.address + ".direct");
        ImGui::PopID();
    }
    const std::string address = to_lower_ascii(trim_ascii(field_text(app, "editor.ua.new", "")));
    property_field(app, app.tr("editor.new_ua"), "editor.ua.new", "",
                   FieldRef{"ua", address, "address"});
    auto server = property_field(app, app.tr("editor.ua_server"), "editor.ua.new_server", "",
                                 FieldRef{"ua", address, "server"});
    field_error(app, FieldRef{"ua", address, "host"});
    if (small_button(app, "policy.add", "editor.ua.add") || server)
        post_world_edit(
            app,
            world::SetUserAgent{address, host.name, field_text(app, "editor.ua.new_server", "")},
            {"editor.ua.new", "editor.ua.new_server"});
}

} // namespace mailsim::ui
