// The world editor panel beside the topology in edit mode: undo/redo, save, open and share;
// the palette of host kinds and the link tool; the properties of the selected host or link;
// and the DNS zone (the MX records of every domain, the DNS server). Edits are posted and
// applied between frames (ui/app/world_edit.h).
#include "world_editor.h"
#include "world_editor_fields.h"

#include "sim/core/bytes.h"
#include "sim/net/dns.h"
#include "sim/world/scenario_writer.h"
#include "ui/app/app.h"
#include "ui/app/panel_window.h"
#include "ui/style/theme.h"
#include "ui/widgets/flow_row.h"
#include "ui/widgets/text_input.h"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <set>

namespace mailsim::ui {

std::string field_text(App& app, const std::string& id, const std::string& value) {
    const auto& fields = app.state().world_edit.fields;
    auto it = fields.find(id);
    return it == fields.end() ? value : it->second;
}

void field_error(App& app, const FieldRef& ref) {
    const auto& error = app.state().world_edit.error;
    if (!error || !error->is(ref.item, ref.key, ref.field))
        return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().reply_5yz));
    ImGui::TextWrapped("%s", error->message.c_str());
    ImGui::PopStyleColor();
    app.bridge().record_last_item("editor.error");
}

std::optional<std::string> property_field(App& app, const char* label, const std::string& id,
                                          const std::string& value, const FieldRef& ref) {
    auto& fields = app.state().world_edit.fields;
    std::string text = field_text(app, id, value);
    // The label beside the field, or above it when it is longer than the label column.
    const float column = ImGui::GetFontSize() * 8;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (ImGui::CalcTextSize(label).x < column - ImGui::GetFontSize() * 0.5f)
        ImGui::SameLine(column);
    ImGui::SetNextItemWidth(-1);
    const bool enter =
        input_text(("##" + id).c_str(), text,
                   ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    app.bridge().record_last_item(id);
    if (text != value)
        fields[id] = text;
    else
        fields.erase(id);
    field_error(app, ref);
    if (enter)
        return text;
    return std::nullopt;
}

bool small_button(App& app, const char* label_key, const std::string& id) {
    const bool pressed = ImGui::SmallButton((std::string(app.tr(label_key)) + "##" + id).c_str());
    app.bridge().record_last_item(id);
    return pressed;
}

namespace {

// The toolbar and the palette wrap (FlowRow): in the guide column the editor is narrow, and
// a button off the right edge cannot be clicked.
bool flow_button(FlowRow& row, const char* label) {
    row.next(FlowRow::button_width(label));
    return ImGui::Button(label);
}

void draw_toolbar(App& app) {
    WorldEditState& edit = app.state().world_edit;
    FlowRow row;
    const auto history = [&](const char* label, const char* id, bool enabled, auto step) {
        if (!enabled)
            ImGui::BeginDisabled();
        if (flow_button(row, app.tr(label)))
            step(app);
        app.bridge().record_last_item(id);
        if (!enabled)
            ImGui::EndDisabled();
    };
    history("menu.edit.undo", "editor.undo", edit.editor.can_undo(), post_world_undo);
    history("menu.edit.redo", "editor.redo", edit.editor.can_redo(), post_world_redo);
    if (flow_button(row, app.tr("editor.save")))
        save_world(app);
    app.bridge().record_last_item("editor.save");
    if (flow_button(row, app.tr("editor.open")))
        open_world(app);
    app.bridge().record_last_item("editor.open");
    if (flow_button(row, app.tr("menu.file.new_world")))
        new_world(app);
    app.bridge().record_last_item("editor.new_world");
    if (app.platform().is_web()) {
        if (flow_button(row, app.tr("editor.share")))
            app.platform().share_scenario(world_text(app));
        app.bridge().record_last_item("editor.share");
    } else {
        // No web address to link to on the desktop: the scenario itself goes to the clipboard,
        // to paste into the course chat or a file (File > Open, or the web app's Open, reads it).
        if (flow_button(row, app.tr("editor.copy"))) {
            const std::string text = world_text(app);
            ImGui::SetClipboardText(text.c_str());
            char status[160];
            std::snprintf(status, sizeof status, app.tr("editor.copied"),
                          static_cast<int>(text.size()));
            app.set_status(status);
        }
        app.bridge().record_last_item("editor.copy");
    }
    if (edit.editor.dirty()) {
        row.next(ImGui::CalcTextSize(app.tr("editor.unsaved")).x);
        ImGui::TextDisabled("%s", app.tr("editor.unsaved"));
    }
    if (app.platform().is_web() && !edit.share_link.empty()) {
        ImGui::SetNextItemWidth(-1);
        std::string link = edit.share_link;
        input_text("##share", link, ImGuiInputTextFlags_ReadOnly);
        app.bridge().record_last_item("editor.share_link");
    } else if (!app.platform().is_web()) {
        ImGui::SetNextItemWidth(-1);
        input_text("##path", edit.path);
        app.bridge().record_last_item("editor.path");
    }
}

void draw_palette(App& app) {
    WorldEditState& edit = app.state().world_edit;
    const Palette& p = palette();
    FlowRow row;
    for (world::HostKind kind : world::kHostKinds) {
        const bool on = edit.placing == kind;
        if (on)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(p.highlight));
        if (flow_button(row, app.tr(std::string("editor.kind.") + world::host_kind_id(kind)))) {
            edit.placing = on ? std::nullopt : std::optional<world::HostKind>(kind);
            edit.linking = false;
        }
        if (on)
            ImGui::PopStyleColor();
        app.bridge().record_last_item(std::string("editor.palette.") + world::host_kind_id(kind));
    }
    if (edit.linking)
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(p.highlight));
    const bool was_linking = edit.linking;
    if (flow_button(row, app.tr("editor.link_tool"))) {
        edit.linking = !edit.linking;
        edit.link_from.clear();
        edit.placing.reset();
    }
    if (was_linking)
        ImGui::PopStyleColor();
    app.bridge().record_last_item("editor.link_tool");
}

void draw_link_properties(App& app, const world::LinkSpecData& link) {
    WorldEditState& edit = app.state().world_edit;
    const std::string key = link.a + "-" + link.b;
    ImGui::Text("%s: %s - %s", app.tr("editor.link"), link.a.c_str(), link.b.c_str());
    const FieldRef latency_ref{"link", key, "latency"};
    const FieldRef loss_ref{"link", key, "loss"};
    auto latency = property_field(app, app.tr("editor.latency"), "editor.link.latency",
                                  world::format_duration(link.latency), latency_ref);
    char loss_text[32];
    std::snprintf(loss_text, sizeof loss_text, "%g", link.loss);
    auto loss = property_field(app, app.tr("editor.loss"), "editor.link.loss", loss_text, loss_ref);
    const FieldRef bandwidth_ref{"link", key, "bandwidth"};
    const std::string bandwidth_value = world::format_bandwidth(link.bandwidth_bps);
    auto bandwidth = property_field(app, app.tr("editor.bandwidth"), "editor.link.bandwidth",
                                    bandwidth_value, bandwidth_ref);
    if (latency || loss || bandwidth) {
        const std::string latency_text =
            field_text(app, "editor.link.latency", world::format_duration(link.latency));
        const std::string loss_value = field_text(app, "editor.link.loss", loss_text);
        auto parsed = world::parse_duration(trim_ascii(latency_text));
        auto bits = world::parse_bandwidth(
            trim_ascii(field_text(app, "editor.link.bandwidth", bandwidth_value)));
        char* end = nullptr;
        const double fraction = std::strtod(loss_value.c_str(), &end);
        if (!parsed.ok())
            edit.error = world::FieldError{"link", key, "latency", parsed.error().message};
        else if (end == loss_value.c_str())
            edit.error = world::FieldError{"link", key, "loss", app.tr("editor.loss_hint")};
        else if (!bits.ok())
            edit.error = world::FieldError{"link", key, "bandwidth", bits.error().message};
        else
            post_world_edit(app, world::SetLinkQuality{link.a, link.b, *parsed, fraction, *bits});
    }
    if (small_button(app, "editor.disconnect", "editor.link.disconnect")) {
        post_world_edit(app, world::Disconnect{link.a, link.b});
        edit.link_a.clear();
        edit.link_b.clear();
    }
}

// The zone: one row per mail domain the design knows (served by a host or given MX records),
// the whole MX set of each as "10 mail.x, 20 mx2.x".
void draw_a_records(App& app);

void draw_dns(App& app) {
    WorldEditState& edit = app.state().world_edit;
    const world::Scenario& s = edit.editor.scenario();
    std::set<std::string> domains;
    for (const auto& h : s.hosts)
        for (const auto& d : h.domains)
            domains.insert(d);
    for (const auto& mx : s.mx)
        domains.insert(mx.domain);
    ImGui::TextWrapped("%s", app.tr("editor.mx_hint"));
    const auto commit = [&](const std::string& domain, const std::string& text,
                            std::vector<std::string> clears) {
        auto records = net::parse_mx_list(text.empty() ? "none" : text);
        if (!records) {
            edit.error = world::FieldError{"mx", domain, "host", records.error().message};
            return;
        }
        world::SetMx change{domain, {}};
        for (const auto& r : *records)
            change.records.push_back(world::MxSpec{domain, r.exchange, r.preference});
        post_world_edit(app, change, std::move(clears));
    };
    for (const auto& domain : domains) {
        std::vector<net::MxRecord> records;
        for (const auto& mx : s.mx)
            if (mx.domain == domain)
                records.push_back(net::MxRecord{mx.preference, mx.exchange});
        ImGui::PushID(domain.c_str());
        const std::string id = "editor.mx." + domain;
        if (auto text = property_field(app, domain.c_str(), id, net::format_mx_list(records),
                                       FieldRef{"mx", domain, "host"}))
            commit(domain, *text, {});
        ImGui::PopID();
    }
    const std::string new_domain = field_text(app, "editor.mx.new_domain", "");
    property_field(app, app.tr("editor.new_domain"), "editor.mx.new_domain", "",
                   FieldRef{"mx", new_domain, "domain"});
    if (auto text = property_field(app, app.tr("editor.mx_records"), "editor.mx.new_records", "",
                                   FieldRef{"mx", new_domain, "host"})) {
        if (!new_domain.empty())
            commit(to_lower_ascii(trim_ascii(new_domain)), *text,
                   {"editor.mx.new_domain", "editor.mx.new_records"});
    }
    if (auto server = property_field(app, app.tr("editor.dns_server"), "editor.dns.server",
                                     s.dns_server, FieldRef{"dns", "", "server"}))
        post_world_edit(app, world::SetDnsServer{*server});
    draw_a_records(app);
}

// The A records besides each host's own address: a name's whole set as "10.0.1.5, 10.0.1.6".
void draw_a_records(App& app) {
    WorldEditState& edit = app.state().world_edit;
    const world::Scenario& s = edit.editor.scenario();
    ImGui::Separator();
    ImGui::TextUnformatted(app.tr("editor.a_heading"));
    ImGui::TextWrapped("%s", app.tr("editor.a_hint"));
    const auto commit = [&](const std::string& name, const std::string& text,
                            std::vector<std::string> clears) {
        auto list = net::parse_address_list(text.empty() ? "none" : text);
        if (!list) {
            edit.error = world::FieldError{"a", name, "ip", list.error().message};
            return;
        }
        post_world_edit(app, world::SetAddressRecords{name, *list}, std::move(clears));
    };
    std::set<std::string> names;
    for (const auto& a : s.a_records)
        names.insert(a.name);
    for (const auto& name : names) {
        std::vector<std::uint32_t> ips;
        for (const auto& a : s.a_records)
            if (a.name == name)
                ips.push_back(a.ip);
        ImGui::PushID(name.c_str());
        if (auto text = property_field(app, name.c_str(), "editor.a." + name,
                                       net::format_address_list(ips), FieldRef{"a", name, "ip"}))
            commit(name, *text, {});
        ImGui::PopID();
    }
    const std::string new_name =
        to_lower_ascii(trim_ascii(field_text(app, "editor.dns.a_new_name", "")));
    property_field(app, app.tr("editor.a_name"), "editor.dns.a_new_name", "",
                   FieldRef{"a", new_name, "name"});
    if (auto text = property_field(app, app.tr("editor.a_addresses"), "editor.dns.a_new_ip", "",
                                   FieldRef{"a", new_name, "ip"}))
        if (!new_name.empty())
            commit(new_name, *text, {"editor.dns.a_new_name", "editor.dns.a_new_ip"});
}

// The world's own settings: its title in both languages and the default MX rule.
void draw_world_options(App& app) {
    const world::Scenario& s = app.state().world_edit.editor.scenario();
    world::SetWorldOptions change{s.title_en, s.title_ko, s.default_mx};
    bool commit = property_field(app, app.tr("editor.title_en"), "editor.world.title_en",
                                 s.title_en, FieldRef{"options", "", "title_en"})
                      .has_value();
    commit |= property_field(app, app.tr("editor.title_ko"), "editor.world.title_ko", s.title_ko,
                             FieldRef{"options", "", "title_ko"})
                  .has_value();
    commit |= ImGui::Checkbox(app.tr("editor.default_mx"), &change.default_mx);
    app.bridge().record_last_item("editor.world.default_mx");
    ImGui::TextWrapped("%s", app.tr("editor.default_mx_hint"));
    if (!commit)
        return;
    change.title_en = field_text(app, "editor.world.title_en", s.title_en);
    change.title_ko = field_text(app, "editor.world.title_ko", s.title_ko);
    post_world_edit(app, change);
}

// Save as a challenge: the world as it was made is the broken one, what was done in it since
// is the repair (world_edit_challenge.h); the teacher gives the name, the goal and the check.
void draw_save_challenge(App& app) {
    ImGui::Separator();
    ImGui::TextUnformatted(app.tr("editor.challenge_heading"));
    ImGui::TextWrapped("%s", app.tr("editor.challenge_hint"));
    const FieldRef ref{"challenge", "", "name"};
    const auto field = [&](const char* label, const char* id) {
        property_field(app, app.tr(label), id, "", FieldRef{"challenge", "", id});
        return std::string(trim_ascii(field_text(app, id, "")));
    };
    world::ChallengeDraft draft;
    draft.name = to_lower_ascii(field("editor.challenge_name", "editor.world.ch_name"));
    draft.title_ko = field("editor.title_ko", "editor.world.ch_title_ko");
    draft.title_en = field("editor.title_en", "editor.world.ch_title_en");
    draft.goal_ko = field("editor.challenge_goal_ko", "editor.world.ch_goal_ko");
    draft.goal_en = field("editor.challenge_goal_en", "editor.world.ch_goal_en");
    const std::string check = field("editor.challenge_check", "editor.world.ch_check");
    if (!check.empty())
        draft.checks = {check};
    const bool ready = world::is_host_name(draft.name) &&
                       draft.name.find('.') == std::string::npos && !draft.goal_ko.empty() &&
                       !draft.goal_en.empty() && !check.empty();
    if (!ready)
        ImGui::BeginDisabled();
    if (ImGui::Button(app.tr("editor.challenge_save")))
        save_challenge(app, draft);
    app.bridge().record_last_item("editor.challenge_save");
    if (!ready)
        ImGui::EndDisabled();
    field_error(app, ref);
}

// After a structural edit: the student's earlier actions happened again in the new world;
// the ones that could not (they name what was removed) are listed with the reason.
void draw_replay_notice(App& app) {
    const WorldEditState& edit = app.state().world_edit;
    if (edit.replayed == 0 && edit.dropped.empty())
        return;
    ImGui::TextWrapped(app.tr("editor.replayed"), static_cast<int>(edit.replayed));
    app.bridge().record_last_item("editor.replayed");
    if (edit.dropped.empty())
        return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().reply_4yz));
    ImGui::TextWrapped(app.tr("editor.dropped"), static_cast<int>(edit.dropped.size()));
    for (const auto& d : edit.dropped)
        ImGui::BulletText("%s %s: %s", format_sim_time(d.t).c_str(), d.action.to_string().c_str(),
                          dropped_reason_text(app, d.missing).c_str());
    ImGui::PopStyleColor();
    app.bridge().record_last_item("editor.dropped");
}

} // namespace

void draw_world_editor_panel(App& app, bool* open) {
    WorldEditState& edit = app.state().world_edit;
    if (!begin_panel(app, "world_editor", open)) {
        ImGui::End();
        return;
    }
    // Opened from the View menu or a link (panels=world_editor): that is edit mode.
    if (!edit.active)
        set_world_edit_mode(app, true);
    draw_toolbar(app);
    ImGui::Separator();
    draw_palette(app);
    const auto& error = edit.error;
    if (error && error->item == std::string("world")) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().reply_5yz));
        ImGui::TextWrapped("%s", error->message.c_str());
        ImGui::PopStyleColor();
    }
    draw_replay_notice(app);
    ImGui::Separator();
    const world::Scenario& s = edit.editor.scenario();
    // Fields belong to what is selected: another selection starts from the design's values
    // (the DNS rows stay as typed).
    const std::string& selected = app.state().selection.host;
    const std::string selection_key = selected + "|" + edit.link_a + "-" + edit.link_b;
    if (selection_key != edit.fields_for) {
        std::erase_if(edit.fields, [](const auto& field) {
            return field.first.rfind("editor.mx.", 0) != 0 &&
                   field.first.rfind("editor.dns.", 0) != 0 &&
                   field.first.rfind("editor.a.", 0) != 0 &&
                   field.first.rfind("editor.world.", 0) != 0;
        });
        edit.fields_for = selection_key;
    }
    if (!ImGui::BeginTabBar("editor_tabs")) {
        ImGui::End();
        return;
    }
    const bool properties = ImGui::BeginTabItem(app.tr("editor.tab.properties"));
    app.bridge().record_last_item("editor.tab.properties");
    if (properties) {
        if (const world::HostSpec* host = s.host(selected)) {
            draw_host_properties(app, *host);
        } else {
            const world::LinkSpecData* link = nullptr;
            for (const auto& l : s.links)
                if (l.a == edit.link_a && l.b == edit.link_b)
                    link = &l;
            if (link)
                draw_link_properties(app, *link);
            else
                ImGui::TextWrapped("%s %s", app.tr("editor.intro"), app.tr("editor.select_hint"));
        }
        ImGui::EndTabItem();
    }
    const bool dns = ImGui::BeginTabItem(app.tr("editor.dns_heading"));
    app.bridge().record_last_item("editor.tab.dns");
    if (dns) {
        draw_dns(app);
        ImGui::EndTabItem();
    }
    const bool world_tab = ImGui::BeginTabItem(app.tr("editor.tab.world"));
    app.bridge().record_last_item("editor.tab.world");
    if (world_tab) {
        draw_world_options(app);
        draw_save_challenge(app);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    ImGui::End();
    if (open && !*open)
        set_world_edit_mode(app, false);
}

} // namespace mailsim::ui
