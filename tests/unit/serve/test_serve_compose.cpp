// Composing in a served world: the built-in world (and a class's accounts) declare no user
// agents, and the compose form (the teacher's browser, the desktop) lists only declared ones.
// Serve declares one for every account on the real-client host: the world a viewer builds from
// the snapshot's scenario lists the same senders, and a compose goes out over SMTP from there.
#include "ui/cli/serve/live_service.h"
#include "ui/cli/serve/serve_loop.h"

#include "sim/store/store.h"
#include "sim/world/scenario_files.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace mailsim;

TEST_CASE("the built-in served world composes as its accounts, and a viewer's copy can too") {
    serve::ServeOptions options;
    options.smtp_port = 0;
    auto created = serve::ServeLoop::create(options, {});
    REQUIRE(created);
    serve::ServeLoop& loop = **created;
    world::World& w = loop.world();
    auto senders = [](const world::Scenario& scenario) {
        std::vector<std::string> out;
        for (const auto& ua : scenario.uas)
            out.push_back(ua.address + " on " + ua.host);
        return out;
    };
    const std::vector<std::string> expected = {"bob@hamburger.edu on real-client",
                                               "alice@hamburger.edu on real-client"};
    CHECK(senders(w.scenario()) == expected);

    REQUIRE(w.perform("compose from=alice@hamburger.edu to=bob@hamburger.edu subject=hi "
                      "body=\"from the teacher\""));
    const store::Store* store = w.store_of("mail.hamburger.edu");
    REQUIRE(store);
    const auto* inbox = store->mailbox("bob")->folder("INBOX");
    REQUIRE(inbox);
    for (int round = 0; round < 400 && inbox->messages().empty(); ++round) {
        loop.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(inbox->messages().size() == 1);
    CHECK(inbox->messages()[0].raw->find("from the teacher") != std::string::npos);
    bool over_smtp = false; // submitted like an outside client, seen as a session of its own
    for (const auto& e : w.trace().events())
        over_smtp |= e.kind == world::EventKind::Command && e.verb == "MAIL" &&
                     (e.host == "real-client" || e.peer == "real-client");
    CHECK(over_smtp);

    // What the live stream's snapshot carries as its scenario.
    auto scenario = world::parse_scenario(serve::viewer_scenario_text(w.scenario()), "live:serve");
    if (!scenario)
        FAIL(world::format_error("live:serve", scenario.error()));
    auto copy = world::World::create(*scenario);
    REQUIRE(copy);
    CHECK(senders((*copy)->scenario()) == expected);
    loop.stop();
    for (int round = 0; round < 1000 && !loop.finished(); ++round)
        loop.poll();
}
