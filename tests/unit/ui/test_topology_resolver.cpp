// The DNS resolver on the topology: the mail servers' MX and A lookups are drawn where they
// happen. Without a DNS server host in the scenario the resolver is a node of its own, clear of
// every host box; a query flies from the asking server to it and its answer flies back.
#include "headless_app.h"
#include "item_box.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

// Moves to just after the next event of `kind` and returns its index.
std::size_t step_to(Session& session, world::EventKind kind) {
    REQUIRE(session.seek_next([&](const world::Event& e) { return e.kind == kind; }));
    return session.position() - 1;
}

} // namespace

TEST_CASE("the resolver is a node of its own, and DNS queries fly to it and answers back") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "relay-chain", "", "", "topology");
    Session& session = headless.app.session();
    const std::size_t query = step_to(session, world::EventKind::DnsQuery);
    const std::string asker = session.trace()[query].host;
    CHECK(asker == "mail.crepes.fr");
    headless.frames(3); // the packet has just taken off
    const auto resolver = rect(headless, "topology.resolver");
    REQUIRE(resolver);
    const auto asking = rect(headless, "topology.host." + asker);
    REQUIRE(asking);
    const std::string packet = "topology.packet." + std::to_string(query);
    auto dot = rect(headless, packet);
    REQUIRE(dot);
    // Leaving the asker...
    CHECK(asking->distance(dot->cx(), dot->cy()) < resolver->distance(dot->cx(), dot->cy()));
    headless.frames(60); // ...and parked at the resolver once the step's flight is over.
    dot = rect(headless, packet);
    REQUIRE(dot);
    const float em = ImGui::GetFontSize();
    CHECK(resolver->distance(dot->cx(), dot->cy()) < em);

    // The answer flies the other way, from the resolver back to the asker.
    const std::size_t answer = step_to(session, world::EventKind::DnsAnswer);
    CHECK(session.trace()[answer].host == asker);
    headless.frames(3);
    const std::string reply = "topology.packet." + std::to_string(answer);
    dot = rect(headless, reply);
    REQUIRE(dot);
    CHECK(resolver->distance(dot->cx(), dot->cy()) < asking->distance(dot->cx(), dot->cy()));
    headless.frames(60);
    dot = rect(headless, reply);
    REQUIRE(dot);
    CHECK(asking->distance(dot->cx(), dot->cy()) < em);
}

TEST_CASE("the resolver covers no host, in every built-in scenario with mail servers") {
    for (const char* scenario : {"alice-bob", "relay-chain", "delayed-bounce", "aliases",
                                 "backup-mx", "webmail", "pop3-two-devices", "big-network"}) {
        for (const ImVec2 display : {ImVec2(1280, 800), ImVec2(683, 384)}) {
            CAPTURE(scenario);
            CAPTURE(display.x);
            HeadlessApp headless("ko", HeadlessApp::Panels::Only, scenario, "", "", "topology");
            ImGui::GetIO().DisplaySize = display;
            headless.frames(4);
            const auto resolver = rect(headless, "topology.resolver");
            REQUIRE(resolver);
            for (const auto& host : headless.app.session().view().hosts) {
                const auto box = rect(headless, "topology.host." + host.name);
                REQUIRE(box);
                CAPTURE(host.name);
                CHECK(!box->overlaps(*resolver));
            }
        }
    }
}

TEST_CASE("a scenario with a DNS server host needs no resolver node: its queries go there") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "alice-bob", "", "", "topology");
    const char* with_server = R"(
name = "ns"
[dns]
server = "ns.a.test"
[[host]]
name = "mail.a.test"
roles = ["mta"]
domains = ["a.test"]
[[host]]
name = "ns.a.test"
roles = ["dns"]
[[host]]
name = "mail.b.test"
roles = ["mta"]
domains = ["b.test"]
[[user]]
address = "ann@a.test"
[[user]]
address = "ben@b.test"
[[action]]
at = "1s"
do = "compose from=ann@a.test to=ben@b.test subject=\"hi\" body=\"hello\""
)";
    REQUIRE(headless.app.load_scenario_text(with_server, "ns.toml"));
    Session& session = headless.app.session();
    const std::size_t query = step_to(session, world::EventKind::DnsQuery);
    CHECK(session.trace()[query].peer == "ns.a.test");
    headless.frames(60);
    CHECK(!rect(headless, "topology.resolver"));
    const auto server = rect(headless, "topology.host.ns.a.test");
    REQUIRE(server);
    const auto dot = rect(headless, "topology.packet." + std::to_string(query));
    REQUIRE(dot);
    CHECK(server->distance(dot->cx(), dot->cy()) < ImGui::GetFontSize());
}

namespace {

float distance_to_segment(const Box& box, float ax, float ay, float bx, float by) {
    float nearest = 1e9f;
    for (int i = 0; i <= 40; ++i) {
        const float t = static_cast<float>(i) / 40.0f;
        nearest = std::min(nearest, box.distance(ax + (bx - ax) * t, ay + (by - ay) * t));
    }
    return nearest;
}

bool is_mail_server(const world::HostView& host) {
    return std::find(host.roles.begin(), host.roles.end(), "mta") != host.roles.end();
}

} // namespace

TEST_CASE("the resolver keeps out of the packets' way in the lecture's network tile") {
    // About the network tile of the 1366x768 screen: the resolver once sat in its middle, where
    // the packets between the mail servers fly. A packet's label sits beside it, a line high:
    // two ems either side of every path are theirs.
    for (const std::string scenario : {"alice-bob", "relay-chain", "backup-mx", "aliases"}) {
        CAPTURE(scenario);
        HeadlessApp headless("ko", HeadlessApp::Panels::Only, scenario, "", "", "topology");
        ImGui::GetIO().DisplaySize = ImVec2(680, 330);
        headless.frames(4);
        const auto resolver = rect(headless, "topology.resolver");
        REQUIRE(resolver);
        const world::WorldView& view = headless.app.session().view();
        const auto centre = [&](const std::string& host) {
            const auto box = rect(headless, "topology.host." + host);
            REQUIRE(box);
            return std::make_pair(box->cx(), box->cy());
        };
        const float em = ImGui::GetFontSize();
        for (const auto& link : view.links) {
            CAPTURE(link.a);
            CAPTURE(link.b);
            const auto a = centre(link.a), b = centre(link.b);
            CHECK(distance_to_segment(*resolver, a.first, a.second, b.first, b.second) >= 2 * em);
        }
        for (const auto& one : view.hosts)
            for (const auto& other : view.hosts)
                if (one.name < other.name && is_mail_server(one) && is_mail_server(other)) {
                    CAPTURE(one.name);
                    CAPTURE(other.name);
                    const auto a = centre(one.name), b = centre(other.name);
                    CHECK(distance_to_segment(*resolver, a.first, a.second, b.first, b.second) >=
                          2 * em);
                }
    }
}
