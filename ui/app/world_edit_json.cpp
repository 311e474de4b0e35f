#include "world_edit_json.h"

#include "sim/world/scenario_writer.h"
#include "ui/app/app.h"

namespace mailsim::ui {

nlohmann::json world_edit_json(App& app) {
    const WorldEditState& edit = app.state().world_edit;
    nlohmann::json j;
    j["active"] = edit.active;
    j["placing"] = edit.placing ? world::host_kind_id(*edit.placing) : "";
    j["linking"] = edit.linking;
    j["link_from"] = edit.link_from;
    j["can_undo"] = edit.editor.can_undo();
    j["can_redo"] = edit.editor.can_redo();
    j["dirty"] = edit.editor.dirty();
    j["share_link"] = edit.share_link;
    j["replayed"] = edit.replayed;
    j["dropped"] = nlohmann::json::array();
    for (const auto& d : edit.dropped)
        j["dropped"].push_back({{"action", d.action.to_string()},
                                {"why", world::drop_reason_id(d.missing.why)},
                                {"reason", dropped_reason_text(app, d.missing)}});
    j["error"] = nullptr;
    if (edit.error)
        j["error"] = {{"item", edit.error->item},
                      {"key", edit.error->key},
                      {"field", edit.error->field},
                      {"message", edit.error->message}};
    nlohmann::json hosts = nlohmann::json::array();
    for (const auto& h : edit.editor.scenario().hosts) {
        nlohmann::json host = {{"name", h.name},
                               {"kind", world::host_kind_id(world::host_kind_of(h))},
                               {"domains", h.domains}};
        if (h.x && h.y) {
            host["x"] = *h.x;
            host["y"] = *h.y;
        }
        hosts.push_back(std::move(host));
    }
    j["hosts"] = std::move(hosts);
    nlohmann::json links = nlohmann::json::array();
    for (const auto& l : edit.editor.scenario().links)
        links.push_back({{"a", l.a},
                         {"b", l.b},
                         {"latency", world::format_duration(l.latency)},
                         {"loss", l.loss}});
    j["links"] = std::move(links);
    j["users"] = nlohmann::json::array();
    for (const auto& u : edit.editor.scenario().users)
        j["users"].push_back({{"address", u.address}, {"host", u.host}});
    return j;
}

} // namespace mailsim::ui
