// The trace window a long-running server uses: only the latest events are held, each keeps its
// index in the whole run, and what is held is exactly what the whole trace has at those places.
#include "sim/store/store.h"
#include "sim/trace/trace.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

#include <string>

using namespace mailsim;
using namespace mailsim::world;

namespace {

const char* kTwoDomains = R"(
name = "two"
[[host]]
name = "mail.a.test"
roles = ["mta"]
domains = ["a.test"]
queue_interval = "1s"
[[host]]
name = "mail.b.test"
roles = ["mta"]
domains = ["b.test"]
[[user]]
address = "ann@a.test"
[[user]]
address = "ben@b.test"
)";

std::unique_ptr<World> make_with_mail(std::size_t window) {
    auto scenario = parse_scenario(kTwoDomains, "test.toml");
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().message);
    for (int i = 0; i < 20; ++i)
        scenario->actions.push_back(TimedAction{
            static_cast<SimTime>(i) * 100 * kMillisecond,
            parse_action("compose from=ann@a.test to=ben@b.test subject=m" + std::to_string(i) +
                         " body=\"number " + std::to_string(i) + "\"")
                .value(),
            0});
    auto world = std::move(World::create(*scenario).value());
    world->set_trace_window(window);
    world->run_until_idle(kDay);
    return world;
}

} // namespace

TEST_CASE("a trace window keeps the latest events with their indexes in the whole run") {
    Trace trace;
    trace.set_window(3);
    for (int i = 0; i < 10; ++i) {
        Event e;
        e.text = "e" + std::to_string(i);
        CHECK(trace.add(std::move(e)) == static_cast<std::uint64_t>(i));
        CHECK(trace.size() <= 6);
        CHECK(trace.total() == static_cast<std::size_t>(i + 1));
    }
    REQUIRE(trace.size() >= 3);
    CHECK(trace.first_index() + trace.size() == 10);
    for (std::size_t i = 0; i < trace.size(); ++i) {
        CHECK(trace[i].index == trace.first_index() + i);
        CHECK(trace[i].text == "e" + std::to_string(trace.first_index() + i));
    }
    Event& last = trace.emplace();
    CHECK(last.index == 10);
    CHECK(trace.total() == 11);

    trace.truncate(9); // positions of the whole run
    CHECK(trace.total() == 9);
    CHECK(trace.events().back().text == "e8");
    trace.truncate(0); // before the window: nothing held is left
    CHECK(trace.size() == 0);
}

TEST_CASE("no window: the whole trace, as before") {
    Trace trace;
    for (int i = 0; i < 100; ++i)
        trace.add(Event{});
    CHECK(trace.size() == 100);
    CHECK(trace.first_index() == 0);
    CHECK(trace.window() == 0);
}

TEST_CASE("a windowed world holds exactly the tail of the whole trace") {
    auto full = make_with_mail(0);
    auto windowed = make_with_mail(100);
    const Trace& all = full->trace();
    const Trace& tail = windowed->trace();
    REQUIRE(all.size() > 400);
    CHECK(tail.total() == all.size());
    CHECK(tail.size() >= 100);
    CHECK(tail.size() <= 200);
    CHECK(tail.first_index() > 0);
    for (std::size_t i = 0; i < tail.size(); ++i)
        REQUIRE(to_json_line(tail[i]) == to_json_line(all[tail.first_index() + i]));
    // Dropping old events changes nothing in the world itself: every message arrived.
    const store::Store* store = windowed->store_of("mail.b.test");
    REQUIRE(store);
    CHECK(store->mailbox("ben")->folder("INBOX")->messages().size() == 20);
    CHECK(full->view().counters.delivered == 20);
    // No view can be rebuilt from a partial trace: only the initial one.
    CHECK(windowed->view().position == 0);
}

TEST_CASE("a finished connection's line recorder is let go (a long serve run stays small)") {
    auto world = make_with_mail(0);
    const auto& events = world->trace().events();
    std::size_t connections = 0;
    for (const auto& e : events)
        connections += e.kind == EventKind::ConnOpen;
    CHECK(connections >= 2); // submission and relay, at least
    CHECK(world->wire_logs_held() == 0);
}
