// The world editor's less common host properties: a gateway's UUCP side (domain, site, how
// often the line is dialled), an MTA's reply overrides (the replies it gives instead of its
// own) and its other options (smarthost, hop limit, delay warning, VRFY/EXPN). Each group
// commits as one edit when Enter is pressed in any of its fields.
#include "world_editor_fields.h"

#include "sim/core/bytes.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world_edit.h"
#include "ui/app/app.h"

#include <imgui.h>

#include <cstdlib>

namespace mailsim::ui {
namespace {

std::optional<SimTime> one_duration(App& app, const std::string& text, const FieldRef& ref) {
    auto t = world::parse_duration(trim_ascii(text));
    if (t.ok())
        return *t;
    app.state().world_edit.error =
        world::FieldError{ref.item, ref.key, ref.field, app.tr("editor.one_duration")};
    return std::nullopt;
}

std::optional<int> whole_number(const std::string& text) {
    const std::string trimmed(trim_ascii(text));
    char* end = nullptr;
    const long value = std::strtol(trimmed.c_str(), &end, 10);
    if (trimmed.empty() || *end != '\0')
        return std::nullopt;
    return static_cast<int>(value);
}

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (char c : text + " ") {
        if (c != ' ' && c != '\t') {
            word += c;
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    return out;
}

// "RCPT 450, DATA_END 552 x2": where, the code, and how many times (all times without x).
std::string overrides_text(const std::vector<world::ReplyOverride>& overrides) {
    std::vector<std::string> items;
    for (const auto& o : overrides)
        items.push_back(o.at + " " + std::to_string(o.code) +
                        (o.count ? " x" + std::to_string(*o.count) : ""));
    return join_list(items);
}

std::optional<std::vector<world::ReplyOverride>> overrides_of(const std::string& text,
                                                              std::string& error) {
    std::vector<world::ReplyOverride> out;
    for (const auto& item : split_list(text)) {
        const auto words = words_of(item);
        std::optional<int> code = words.size() >= 2 ? whole_number(words[1]) : std::nullopt;
        std::optional<int> count;
        if (words.size() == 3 && words[2].size() > 1 && (words[2][0] == 'x' || words[2][0] == 'X'))
            count = whole_number(words[2].substr(1));
        if (!code || words.size() > 3 || (words.size() == 3 && !count)) {
            error = "'" + item + "'";
            return std::nullopt;
        }
        out.push_back(world::ReplyOverride{words[0], *code, count});
    }
    return out;
}

} // namespace

void draw_gateway_properties(App& app, const world::HostSpec& host) {
    const FieldRef domain_ref{"host", host.name, "uucp_domain"};
    const FieldRef site_ref{"host", host.name, "uucp_host"};
    const FieldRef interval_ref{"host", host.name, "uucp_interval"};
    const std::string interval_value = world::format_duration(host.uucp_interval);
    bool commit = property_field(app, app.tr("editor.uucp_domain"), "editor.host.uucp_domain",
                                 host.uucp_domain, domain_ref)
                      .has_value();
    commit |= property_field(app, app.tr("editor.uucp_host"), "editor.host.uucp_host",
                             host.uucp_host, site_ref)
                  .has_value();
    commit |= property_field(app, app.tr("editor.uucp_interval"), "editor.host.uucp_interval",
                             interval_value, interval_ref)
                  .has_value();
    ImGui::TextDisabled(app.tr("editor.uucp_rewrite"),
                        field_text(app, "editor.host.uucp_host", host.uucp_host).c_str());
    if (!commit)
        return;
    auto interval = one_duration(app, field_text(app, "editor.host.uucp_interval", interval_value),
                                 interval_ref);
    if (!interval)
        return;
    post_world_edit(
        app,
        world::SetGateway{host.name, field_text(app, "editor.host.uucp_domain", host.uucp_domain),
                          field_text(app, "editor.host.uucp_host", host.uucp_host), *interval});
}

void draw_reply_overrides(App& app, const world::HostSpec& host) {
    const world::Scenario& s = app.state().world_edit.editor.scenario();
    const FieldRef ref{"host", host.name, "force"};
    ImGui::TextWrapped("%s", app.tr("editor.overrides_hint"));
    auto text = property_field(app, app.tr("editor.overrides"), "editor.host.overrides",
                               overrides_text(world::reply_overrides(s, host.name)), ref);
    if (!text)
        return;
    std::string error;
    auto overrides = overrides_of(*text, error);
    if (!overrides) {
        app.state().world_edit.error = world::FieldError{
            ref.item, ref.key, ref.field, error + ": " + app.tr("editor.overrides_hint")};
        return;
    }
    post_world_edit(app, world::SetReplyOverrides{host.name, *overrides});
}

void draw_mta_options(App& app, const world::HostSpec& host) {
    const FieldRef smarthost_ref{"host", host.name, "smarthost"};
    const FieldRef hops_ref{"host", host.name, "max_received"};
    const FieldRef warning_ref{"host", host.name, "delay_warning"};
    const std::string hops_value = std::to_string(host.max_received);
    const std::string warning_value = world::format_duration(host.delay_warning);
    world::SetMtaOptions change{host.name,          host.smarthost, host.max_received,
                                host.delay_warning, host.vrfy,      host.expn};
    bool commit = property_field(app, app.tr("editor.smarthost"), "editor.host.smarthost",
                                 host.smarthost, smarthost_ref)
                      .has_value();
    commit |= property_field(app, app.tr("editor.max_received"), "editor.host.max_received",
                             hops_value, hops_ref)
                  .has_value();
    commit |= property_field(app, app.tr("editor.delay_warning"), "editor.host.delay_warning",
                             warning_value, warning_ref)
                  .has_value();
    commit |= ImGui::Checkbox("VRFY", &change.vrfy);
    app.bridge().record_last_item("editor.host.vrfy");
    ImGui::SameLine();
    commit |= ImGui::Checkbox("EXPN", &change.expn);
    app.bridge().record_last_item("editor.host.expn");
    if (!commit)
        return;
    change.smarthost = field_text(app, "editor.host.smarthost", host.smarthost);
    auto hops = whole_number(field_text(app, "editor.host.max_received", hops_value));
    if (!hops) {
        app.state().world_edit.error = world::FieldError{hops_ref.item, hops_ref.key,
                                                         hops_ref.field, app.tr("editor.a_number")};
        return;
    }
    change.max_received = *hops;
    auto warning =
        one_duration(app, field_text(app, "editor.host.delay_warning", warning_value), warning_ref);
    if (!warning)
        return;
    change.delay_warning = *warning;
    post_world_edit(app, change);
}

} // namespace mailsim::ui
