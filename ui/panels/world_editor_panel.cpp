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
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(ImGui::GetFontSize() * 8);
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

void draw_toolbar(App& app) {
    WorldEditState& edit = app.state().world_edit;
    const auto history = [&](const char* label, const char* id, bool enabled, auto step) {
        if (!enabled)
            ImGui::BeginDisabled();
        if (ImGui::Button(app.tr(label)))
            step(app);
        app.bridge().record_last_item(id);
        if (!enabled)
            ImGui::EndDisabled();
        ImGui::SameLine();
    };
    history("menu.edit.undo", "editor.undo", edit.editor.can_undo(), post_world_undo);
    history("menu.edit.redo", "editor.redo", edit.editor.can_redo(), post_world_redo);
    if (ImGui::Button(app.tr("editor.save")))
        save_world(app);
    app.bridge().record_last_item("editor.save");
    ImGui::SameLine();
    if (ImGui::Button(app.tr("menu.file.new_world")))
        new_world(app);
    app.bridge().record_last_item("editor.new_world");
    if (app.platform().is_web()) {
        ImGui::SameLine();
        if (ImGui::Button(app.tr("editor.share")))
            app.platform().share_scenario(world_text(app));
        app.bridge().record_last_item("editor.share");
        if (!edit.share_link.empty()) {
            ImGui::SetNextItemWidth(-1);
            std::string link = edit.share_link;
            input_text("##share", link, ImGuiInputTextFlags_ReadOnly);
            app.bridge().record_last_item("editor.share_link");
        }
    } else {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
        input_text("##path", edit.path);
        app.bridge().record_last_item("editor.path");
    }
    if (edit.editor.dirty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", app.tr("editor.unsaved"));
    }
}

void draw_palette(App& app) {
    WorldEditState& edit = app.state().world_edit;
    const Palette& p = palette();
    for (world::HostKind kind : world::kHostKinds) {
        const bool on = edit.placing == kind;
        if (on)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(p.highlight));
        if (ImGui::Button(app.tr(std::string("editor.kind.") + world::host_kind_id(kind)))) {
            edit.placing = on ? std::nullopt : std::optional<world::HostKind>(kind);
            edit.linking = false;
        }
        if (on)
            ImGui::PopStyleColor();
        app.bridge().record_last_item(std::string("editor.palette.") + world::host_kind_id(kind));
        ImGui::SameLine();
    }
    if (edit.linking)
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(p.highlight));
    const bool was_linking = edit.linking;
    if (ImGui::Button(app.tr("editor.link_tool"))) {
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
    if (latency || loss) {
        const std::string latency_text =
            field_text(app, "editor.link.latency", world::format_duration(link.latency));
        const std::string loss_value = field_text(app, "editor.link.loss", loss_text);
        auto parsed = world::parse_duration(trim_ascii(latency_text));
        char* end = nullptr;
        const double fraction = std::strtod(loss_value.c_str(), &end);
        if (!parsed.ok())
            edit.error = world::FieldError{"link", key, "latency", parsed.error().message};
        else if (end == loss_value.c_str())
            edit.error = world::FieldError{"link", key, "loss", app.tr("editor.loss_hint")};
        else
            post_world_edit(app, world::SetLinkQuality{link.a, link.b, *parsed, fraction});
    }
    if (small_button(app, "editor.disconnect", "editor.link.disconnect")) {
        post_world_edit(app, world::Disconnect{link.a, link.b});
        edit.link_a.clear();
        edit.link_b.clear();
    }
}

// The zone: one row per mail domain the design knows (served by a host or given MX records),
// the whole MX set of each as "10 mail.x, 20 mx2.x".
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
                            const std::string& clears) {
        auto records = net::parse_mx_list(text.empty() ? "none" : text);
        if (!records) {
            edit.error = world::FieldError{"mx", domain, "host", records.error().message};
            return;
        }
        world::SetMx change{domain, {}};
        for (const auto& r : *records)
            change.records.push_back(world::MxSpec{domain, r.exchange, r.preference});
        post_world_edit(app, change, clears);
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
            commit(domain, *text, "");
        ImGui::PopID();
    }
    const std::string new_domain = field_text(app, "editor.mx.new_domain", "");
    property_field(app, app.tr("editor.new_domain"), "editor.mx.new_domain", "",
                   FieldRef{"mx", new_domain, "domain"});
    if (auto text = property_field(app, app.tr("editor.mx_records"), "editor.mx.new_records", "",
                                   FieldRef{"mx", new_domain, "host"})) {
        if (!new_domain.empty())
            commit(to_lower_ascii(trim_ascii(new_domain)), *text, "editor.mx.new_records");
    }
    if (auto server = property_field(app, app.tr("editor.dns_server"), "editor.dns.server",
                                     s.dns_server, FieldRef{"dns", "", "server"}))
        post_world_edit(app, world::SetDnsServer{*server});
}

} // namespace

void draw_world_editor_panel(App& app, bool* open) {
    WorldEditState& edit = app.state().world_edit;
    if (!begin_panel(app, "world_editor", open)) {
        ImGui::End();
        return;
    }
    if (!edit.active) {
        ImGui::TextWrapped("%s", app.tr("editor.intro"));
        if (ImGui::Button(app.tr("menu.file.edit_world")))
            set_world_edit_mode(app, true);
        app.bridge().record_last_item("editor.start");
        ImGui::SameLine();
        if (ImGui::Button(app.tr("menu.file.new_world")))
            new_world(app);
        app.bridge().record_last_item("editor.new_world");
        ImGui::End();
        return;
    }
    draw_toolbar(app);
    ImGui::Separator();
    draw_palette(app);
    const auto& error = edit.error;
    if (error && error->item == std::string("world")) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().reply_5yz));
        ImGui::TextWrapped("%s", error->message.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    const world::Scenario& s = edit.editor.scenario();
    // Fields belong to what is selected: another selection starts from the design's values
    // (the DNS rows stay as typed).
    const std::string& selected = app.state().selection.host;
    const std::string selection_key = selected + "|" + edit.link_a + "-" + edit.link_b;
    if (selection_key != edit.fields_for) {
        std::erase_if(edit.fields, [](const auto& field) {
            return field.first.rfind("editor.mx.", 0) != 0 &&
                   field.first.rfind("editor.dns.", 0) != 0;
        });
        edit.fields_for = selection_key;
    }
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
            ImGui::TextDisabled("%s", app.tr("editor.select_hint"));
    }
    if (ImGui::CollapsingHeader(app.tr("editor.dns_heading"), ImGuiTreeNodeFlags_DefaultOpen))
        draw_dns(app);
    ImGui::End();
    if (open && !*open)
        set_world_edit_mode(app, false);
}

} // namespace mailsim::ui
