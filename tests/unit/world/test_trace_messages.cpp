// The queued bytes the trace keeps beside each `queued` event (the inspector opens a queue
// entry at any position from them): exactly what the spool holds, only when asked, dropped with
// their events, and the same again in a rewound world.
#include "sim/agents/mta.h"
#include "sim/trace/trace.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

#include <string>

using namespace mailsim;
using namespace mailsim::world;

namespace {

// Ben's server is down, so Ann's mail stays in her server's queue.
const char* kBenDown = R"(
name = "ben-down"
[[host]]
name = "mail.a.test"
roles = ["mta"]
domains = ["a.test"]
[[host]]
name = "mail.b.test"
roles = ["mta"]
domains = ["b.test"]
[[user]]
address = "ann@a.test"
[[user]]
address = "ben@b.test"
[[action]]
at = "0s"
do = "fault host=mail.b.test down"
[[action]]
at = "1s"
do = "compose from=ann@a.test to=ben@b.test subject=\"Queued\" body=\"wait for me\""
)";

std::unique_ptr<World> make_world(bool keep) {
    auto scenario = parse_scenario(kBenDown, "test.toml");
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().message);
    auto world = std::move(World::create(*scenario).value());
    world->set_keep_messages(keep);
    world->run_until(10 * kSecond);
    return world;
}

const Event* first_queued(const World& world) {
    for (std::size_t i = 0; i < world.trace().size(); ++i)
        if (world.trace()[i].kind == EventKind::Queued)
            return &world.trace()[i];
    return nullptr;
}

} // namespace

TEST_CASE("the trace keeps the bytes the MTA queued, beside the queued event") {
    auto world = make_world(true);
    const Event* queued = first_queued(*world);
    REQUIRE(queued != nullptr);
    agents::Mta* mta = world->mta("mail.a.test");
    REQUIRE(mta != nullptr);
    REQUIRE(mta->spool().size() == 1);
    const Bytes* kept = world->trace().message_at(queued->index);
    REQUIRE(kept != nullptr);
    CHECK(*kept == mta->spool().front().data);
    CHECK(kept->find("Subject: Queued") != std::string::npos);
    // The view's entry points at it.
    const QueueEntryView* entry = world->view().queue_entry("mail.a.test", queued->msg_id);
    REQUIRE(entry != nullptr);
    CHECK(entry->queued_event == queued->index);

    // A rewound world (acting in the past) keeps them too, the same bytes at the same index.
    auto rewound = world->rewind(world->trace().size());
    REQUIRE(rewound.ok());
    const Bytes* again = (*rewound)->trace().message_at(queued->index);
    REQUIRE(again != nullptr);
    CHECK(*again == *kept);
}

TEST_CASE("a world that is not asked keeps no copies (batch runs, servers)") {
    auto world = make_world(false);
    const Event* queued = first_queued(*world);
    REQUIRE(queued != nullptr);
    CHECK(world->trace().message_at(queued->index) == nullptr);
}

TEST_CASE("kept messages go with their events: truncate and the window drop them") {
    Trace trace;
    trace.set_keep_messages(true);
    for (int i = 0; i < 10; ++i) {
        const auto index = trace.add(Event{});
        if (i % 3 == 0)
            trace.keep_message(index, "m" + std::to_string(i));
    }
    REQUIRE(trace.message_at(6) != nullptr);
    CHECK(*trace.message_at(6) == "m6");
    CHECK(trace.message_at(5) == nullptr);
    trace.truncate(6); // events 6.. are gone, and so is what was kept beside them
    CHECK(trace.message_at(6) == nullptr);
    CHECK(trace.message_at(9) == nullptr);
    REQUIRE(trace.message_at(3) != nullptr);

    Trace windowed;
    windowed.set_keep_messages(true);
    windowed.set_window(2);
    for (int i = 0; i < 10; ++i)
        windowed.keep_message(windowed.add(Event{}), "m" + std::to_string(i));
    CHECK(windowed.message_at(0) == nullptr);
    for (std::size_t i = windowed.first_index(); i < windowed.total(); ++i)
        CHECK(windowed.message_at(i) != nullptr);
}
