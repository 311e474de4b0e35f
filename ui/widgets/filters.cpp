#include "filters.h"

#include "ui/app/app.h"
#include "ui/widgets/event_style.h"

#include "sim/core/bytes.h"

#include <imgui.h>

namespace mailsim::ui {

void draw_protocol_filter(App& app, FlowRow& row, ProtocolFilter& filter, const char* id) {
    using world::Proto;
    static constexpr Proto kShown[] = {Proto::Smtp, Proto::Pop3, Proto::Imap, Proto::Http,
                                       Proto::Dns};
    ImGui::PushID(id);
    for (Proto proto : kShown) {
        bool& show = filter.show[static_cast<size_t>(proto)];
        const std::string name = to_upper_ascii(world::to_string(proto));
        row.next(FlowRow::checkbox_width(name.c_str()));
        ImGui::PushStyleColor(ImGuiCol_Text, protocol_colour(proto));
        ImGui::Checkbox(name.c_str(), &show);
        ImGui::PopStyleColor();
        app.bridge().record_last_item(std::string(id) + ".proto." +
                                      std::string(world::to_string(proto)));
    }
    ImGui::PopID();
}

void draw_host_filter(App& app, FlowRow& row, Session& session, std::string& host, const char* id) {
    const float em = ImGui::GetFontSize();
    row.next(em * 11);
    ImGui::SetNextItemWidth(em * 11);
    const char* preview = host.empty() ? app.tr("filter.all_hosts") : host.c_str();
    ImGui::PushID(id);
    if (ImGui::BeginCombo("##host", preview)) {
        if (ImGui::Selectable(app.tr("filter.all_hosts"), host.empty()))
            host.clear();
        if (session.loaded())
            for (const auto& h : session.view().hosts)
                if (ImGui::Selectable(h.name.c_str(), host == h.name))
                    host = h.name;
        ImGui::EndCombo();
    }
    app.bridge().record_last_item(id);
    ImGui::PopID();
}

} // namespace mailsim::ui
