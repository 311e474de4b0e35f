// The DNS tab of the faults panel: the MX records of every domain and the A records of every
// name, as the resolver answers them at the current trace position (the view), edited as
// text ("10 mail.hamburger.edu, 20 mx2.hamburger.edu"). A change is one `dns` world action,
// recorded and replayed like a fault; the resolver uses it from the next lookup on.
#include "panels.h"

#include "ui/app/app.h"
#include "ui/style/theme.h"
#include "ui/widgets/fit_text.h"
#include "ui/widgets/text_input.h"

#include "sim/core/bytes.h"
#include "sim/net/dns.h"

#include <imgui.h>

#include <map>
#include <string>

namespace mailsim::ui {
namespace {

// The text of a record set being edited: what is in force until the user starts typing.
std::string& edit_text(std::map<std::string, std::string>& edits, const std::string& name,
                       const std::string& in_force) {
    return edits.try_emplace(name, in_force).first->second;
}

// The parse error under a field, in the 5yz colour, while its text is not a record set.
void show_error(const std::string& message) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().reply_5yz));
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
}

// Apply is enabled only for a changed, valid text; Remove clears the whole set.
bool apply_button(App& app, bool enabled, const std::string& item) {
    if (!enabled)
        ImGui::BeginDisabled();
    const bool pressed = ImGui::SmallButton(app.tr("policy.apply")) && enabled;
    if (!enabled)
        ImGui::EndDisabled();
    app.bridge().record_last_item(item);
    return pressed;
}

void draw_mx_records(App& app, const world::WorldView& view) {
    DnsForm& form = app.state().dns;
    if (ImGui::BeginTable("mx", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn(app.tr("dns.domain"));
        ImGui::TableSetupColumn(app.tr("dns.mx_records"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("");
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (const auto& [domain, records] : view.mx) {
            const std::string in_force = net::format_mx_list(records);
            std::string& text = edit_text(form.mx, domain, in_force);
            ImGui::PushID(domain.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(domain.c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            input_text("##records", text);
            app.bridge().record_last_item("dns.mx." + domain + ".records");
            auto parsed = net::parse_mx_list(text);
            if (!parsed)
                show_error(parsed.error().message);
            ImGui::TableNextColumn();
            if (apply_button(app, parsed.ok() && text != in_force, "dns.mx." + domain + ".apply"))
                app.post(world::SetMxRecords{domain, net::format_mx_list(*parsed)},
                         [&form, key = domain] { form.mx.erase(key); });
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(app.tr("policy.remove")))
                app.post(world::SetMxRecords{domain, ""},
                         [&form, key = domain] { form.mx.erase(key); });
            app.bridge().record_last_item("dns.mx." + domain + ".remove");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    // A row for the MX records of a domain that has none yet.
    const float em = ImGui::GetFontSize();
    ImGui::TextDisabled("%s", app.tr("dns.new_mx"));
    ImGui::SetNextItemWidth(em * 10);
    input_text("##new_domain", form.new_domain);
    app.bridge().record_last_item("dns.new.domain");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-em * 5);
    input_text("##new_mx", form.new_mx);
    app.bridge().record_last_item("dns.new.mx");
    ImGui::SameLine();
    auto parsed = net::parse_mx_list(form.new_mx);
    const std::string domain = to_lower_ascii(trim_ascii(form.new_domain));
    const bool ready = !domain.empty() && parsed.ok() && !parsed->empty();
    if (!ready)
        ImGui::BeginDisabled();
    if (ImGui::Button(app.tr("policy.add")) && ready)
        app.post(world::SetMxRecords{domain, net::format_mx_list(*parsed)}, [&form] {
            form.new_domain.clear();
            form.new_mx.clear();
        });
    if (!ready)
        ImGui::EndDisabled();
    app.bridge().record_last_item("dns.new.add");
    if (!form.new_mx.empty() && !parsed)
        show_error(parsed.error().message);
}

void draw_a_records(App& app, const world::WorldView& view) {
    DnsForm& form = app.state().dns;
    if (!ImGui::BeginTable("a", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn(app.tr("dns.name"));
    ImGui::TableSetupColumn(app.tr("dns.addresses"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const auto& [name, addresses] : view.a) {
        const std::string in_force = net::format_address_list(addresses);
        std::string& text = edit_text(form.a, name, in_force);
        ImGui::PushID(name.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name.c_str());
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(-1);
        input_text("##addresses", text);
        app.bridge().record_last_item("dns.a." + name + ".addresses");
        auto parsed = net::parse_address_list(text);
        if (!parsed)
            show_error(parsed.error().message);
        ImGui::TableNextColumn();
        if (apply_button(app, parsed.ok() && text != in_force, "dns.a." + name + ".apply"))
            app.post(world::SetARecords{name, net::format_address_list(*parsed)},
                     [&form, key = name] { form.a.erase(key); });
        ImGui::PopID();
    }
    ImGui::EndTable();
}

} // namespace

void draw_dns_editor(App& app, const world::WorldView& view) {
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("dns.mx_heading"));
    ImGui::PopFont();
    draw_mx_records(app, view);
    hint_text(app.tr("dns.mx_hint"));
    ImGui::Separator();
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(app.tr("dns.a_heading"));
    ImGui::PopFont();
    draw_a_records(app, view);
}

} // namespace mailsim::ui
