#include "default_world.h"

#include "sim/net/network.h"

#include <algorithm>

namespace mailsim::serve {

std::string_view default_world_text() {
    return R"(# Built into `mailsim serve`: the lecture's hamburger.edu, reachable by real mail clients.
name = "serve-default"
title = { en = "hamburger.edu for real mail clients", ko = "실제 메일 클라이언트를 위한 hamburger.edu" }
seed = 1
style = "modern"

[[host]]
name = "mail.hamburger.edu"
ip = "10.0.2.25"
roles = ["mta", "pop3", "imap"]
domains = ["hamburger.edu"]
# The lecture's VRFY and EXPN work for a student who telnets in (on loopback; see --expn).
vrfy = true
expn = true

[[user]]
address = "bob@hamburger.edu"
login = "bob"
name = "Bob"
password = "hungry"

[[user]]
address = "alice@hamburger.edu"
login = "alice"
name = "Alice"
password = "ketchup"

[[alias]]
address = "staff@hamburger.edu"
members = ["bob@hamburger.edu", "alice@hamburger.edu"]
)";
}

void add_real_client(world::Scenario& scenario) {
    if (scenario.host(kRealClientHost))
        return;
    world::HostSpec client;
    client.name = std::string(kRealClientHost);
    client.roles = {"client", "external"}; // stands for real clients outside the world
    // An address outside the 10/8 range the world hands out, so it never collides.
    client.ip = *net::parse_ipv4("192.0.2.1");
    std::vector<std::string> servers;
    for (const auto& host : scenario.hosts)
        if (has_role(host, "mta") || has_role(host, "pop3") || has_role(host, "imap"))
            servers.push_back(host.name);
    scenario.hosts.push_back(std::move(client));
    for (const auto& server : servers) {
        world::LinkSpecData link;
        link.a = std::string(kRealClientHost);
        link.b = server;
        // Loopback: the real client's own network is the only delay it should see.
        link.latency = 0;
        link.bandwidth_bps = 1e12;
        scenario.links.push_back(std::move(link));
    }
    // A user agent for every account that has none, on the real-client host: the compose form
    // (in the teacher's browser, and the desktop's) lists the scenario's agents, and the
    // built-in world and a class's accounts declare none. It submits over SMTP like any outside
    // client, so the teacher's mail shows as a session of its own.
    for (const auto& user : scenario.users) {
        const world::HostSpec* server = scenario.host(user.host);
        if (!server || !has_role(*server, "mta") ||
            std::any_of(scenario.uas.begin(), scenario.uas.end(),
                        [&user](const world::UaSpec& ua) { return ua.address == user.address; }))
            continue;
        world::UaSpec ua;
        ua.address = user.address;
        ua.host = std::string(kRealClientHost);
        ua.server = server->name;
        scenario.uas.push_back(std::move(ua));
    }
}

} // namespace mailsim::serve
