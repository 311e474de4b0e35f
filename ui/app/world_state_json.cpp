#include "world_state_json.h"

#include "sim/core/sha256.h"
#include "sim/net/dns.h"

namespace mailsim::ui {

nlohmann::json world_state_json(Session& session) {
    nlohmann::json j = nlohmann::json::object();
    if (!session.loaded())
        return j;
    const world::WorldView& view = session.view();
    nlohmann::json queues = nlohmann::json::object();
    for (const auto& [host, entries] : view.queues) {
        std::size_t recipients = 0;
        for (const auto& entry : entries)
            recipients += entry.rcpts.size();
        queues[host] = {{"messages", entries.size()}, {"recipients", recipients}};
    }
    j["queues"] = queues;
    nlohmann::json mailboxes = nlohmann::json::object();
    for (const auto& [user, mailbox] : view.mailboxes) {
        nlohmann::json folders = nlohmann::json::object();
        for (const auto& [folder, messages] : mailbox.folders)
            folders[folder] = messages.size();
        mailboxes[user] = folders;
    }
    j["mailboxes"] = mailboxes;
    nlohmann::json hosts = nlohmann::json::array();
    for (const auto& host : view.hosts)
        hosts.push_back({{"name", host.name},
                         {"up", host.up},
                         {"open_relay", host.open_relay},
                         {"relay_for", host.relay_for}});
    j["hosts"] = hosts;
    j["aliases"] = view.aliases;
    nlohmann::json mx = nlohmann::json::object();
    for (const auto& [domain, records] : view.mx)
        mx[domain] = net::format_mx_list(records);
    j["mx"] = mx;
    j["connections"] = view.connections.size();
    j["counters"] = {
        {"accepted", view.counters.accepted}, {"delivered", view.counters.delivered},
        {"bounced", view.counters.bounced},   {"gave_up", view.counters.gave_up},
        {"relayed", view.counters.relayed},   {"duplicate_risk", view.counters.duplicate_risk}};
    return j;
}

nlohmann::json inspector_state_json(const InspectedMessage& inspected) {
    nlohmann::json j = nlohmann::json::object();
    if (inspected.raw.empty())
        return j;
    j["title"] = inspected.title;
    j["raw_bytes"] = inspected.raw.size();
    // Tests compare the bytes shown with the bytes sent or queued without copying them out.
    j["raw_sha256"] = sha256_hex(inspected.raw);
    j["body_sha256"] = sha256_hex(inspected.parsed.body());
    j["wire_lines"] = inspected.wire_lines.size();
    j["mime_type"] = inspected.parsed.mime_type();
    j["subject"] = inspected.parsed.subject().value_or("");
    j["mail_from"] = inspected.envelope.mail_from;
    j["rcpt_to"] = inspected.envelope.rcpt_to;
    j["parts"] = inspected.parsed.children.size();
    nlohmann::json path = nlohmann::json::array();
    for (const auto& hop : inspected.path)
        path.push_back({{"from", hop.from_host}, {"by", hop.by_host}});
    j["received_path"] = path;
    return j;
}

} // namespace mailsim::ui
