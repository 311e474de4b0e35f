// World: building the agents of a scenario, and finding them.
#include "world.h"

#include "sim/agents/gateway.h"
#include "sim/agents/mail_access.h"
#include "sim/agents/mta.h"
#include "sim/agents/telnet.h"
#include "sim/agents/user_agent.h"
#include "sim/agents/webmail.h"
#include "sim/agents/wire_log.h"
#include "sim/store/store.h"

namespace mailsim::world {

Status World::build_agents() {
    for (const auto& h : m_scenario.hosts) {
        if (has_role(h, "mta") || has_role(h, "gateway"))
            m_mtas[h.name] = std::make_unique<agents::Mta>(*this, h);
        if (has_role(h, "gateway")) {
            m_gateways.push_back(std::make_unique<agents::Gateway>(*this, h));
            m_mtas[h.name]->set_gateway(m_gateways.back().get());
            if (m_scenario.default_mx) // otherwise the file gives the site's MX (or none)
                m_dns->add_mx(h.uucp_domain, 10, h.name);
        }
        if (has_role(h, "webmail"))
            m_webmails.push_back(std::make_unique<agents::Webmail>(*this, h));
        if (has_role(h, "pop3") || has_role(h, "imap")) {
            store::Store* store = store_of(h.name);
            if (!store) {
                auto& owned = m_stores[h.name];
                owned = std::make_unique<store::Store>();
                store = owned.get();
            }
            m_access_servers.push_back(
                std::make_unique<agents::MailAccessServer>(*this, h, *store));
        }
    }
    for (const auto& ua : m_scenario.uas) {
        UaSpec spec = ua;
        if (spec.server.empty()) {
            // The user's own mail server.
            if (const UserSpec* user = m_scenario.user(ua.address))
                spec.server = user->host;
        }
        if (spec.server.empty())
            return make_error("the user agent of " + ua.address + " needs a server", ua.line, 1);
        m_uas[ua.address] = std::make_unique<agents::UserAgent>(*this, spec);
    }
    return Ok{};
}

agents::Mta* World::mta(const std::string& host) {
    auto it = m_mtas.find(to_lower_ascii(host));
    return it == m_mtas.end() ? nullptr : it->second.get();
}

agents::UserAgent* World::user_agent(const std::string& address) {
    auto it = m_uas.find(to_lower_ascii(address));
    if (it != m_uas.end())
        return it->second.get();
    // A user without a declared agent gets one on their mail server's host, made on demand
    // (a lesson task may compose as anyone who has a mailbox).
    const UserSpec* user = m_scenario.user(address);
    if (!user)
        return nullptr;
    UaSpec spec;
    spec.address = user->address;
    spec.host = user->host;
    spec.server = user->host;
    spec.submit = Submission::Direct;
    auto& slot = m_uas[user->address];
    slot = std::make_unique<agents::UserAgent>(*this, spec);
    return slot.get();
}

} // namespace mailsim::world

namespace mailsim::world {

std::shared_ptr<agents::WireLog> World::wire_log(ConnId conn, Proto proto) {
    auto& slot = m_wire_logs[conn];
    if (!slot) {
        std::string client, server;
        if (const auto* c = m_network->connection(conn)) {
            client = m_network->host(c->host[0]).name;
            server = m_network->host(c->host[1]).name;
        }
        slot = std::make_shared<agents::WireLog>(*this, conn, proto, client, server);
    }
    return slot;
}

} // namespace mailsim::world
