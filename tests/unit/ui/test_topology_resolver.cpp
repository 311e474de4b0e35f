// The DNS resolver on the topology: the mail servers' MX and A lookups are drawn where they
// happen. Without a DNS server host in the scenario the resolver is a node of its own, clear of
// every host box; a query flies from the asking server to it and its answer flies back.
#include "headless_app.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

struct Box {
    float x = 0, y = 0, w = 0, h = 0;
    float cx() const { return x + w * 0.5f; }
    float cy() const { return y + h * 0.5f; }
    bool overlaps(const Box& o) const {
        return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
    }
    // Distance from a point to the box (0 inside).
    float distance(float px, float py) const {
        const float dx = std::max({x - px, 0.0f, px - (x + w)});
        const float dy = std::max({y - py, 0.0f, py - (y + h)});
        return std::sqrt(dx * dx + dy * dy);
    }
};

std::optional<Box> rect(HeadlessApp& headless, const std::string& id) {
    const auto j = nlohmann::json::parse(headless.app.item_rect_json(id));
    if (!j.is_object())
        return std::nullopt;
    return Box{j["x"], j["y"], j["w"], j["h"]};
}

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
