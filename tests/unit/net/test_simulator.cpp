#include "sim/net/simulator.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

using namespace mailsim;
using mailsim::net::Simulator;

TEST_CASE("simultaneous events run in insertion order, later ones by time") {
    Simulator sim;
    std::string order;
    sim.schedule_at(5, [&] { order += 'c'; });
    sim.schedule_at(1, [&] { order += 'a'; });
    sim.schedule_at(5, [&] { order += 'd'; });
    sim.schedule_at(1, [&] { order += 'b'; });
    sim.run();
    CHECK(order == "abcd");
    CHECK(sim.now() == 5);
    CHECK(sim.dispatched() == 4);
}

TEST_CASE("cancel skips an event and a stale id cannot cancel a newer one") {
    Simulator sim;
    int ran = 0;
    auto first = sim.schedule_in(10, [&] { ran += 1; });
    CHECK(sim.cancel(first));
    CHECK_FALSE(sim.cancel(first));
    auto second = sim.schedule_in(10, [&] { ran += 10; }); // reuses the slot
    CHECK_FALSE(sim.cancel(first));
    CHECK(sim.is_pending(second));
    sim.run();
    CHECK(ran == 10);
}

TEST_CASE("run_until stops at the bound and events may schedule more events") {
    Simulator sim;
    int ticks = 0;
    std::function<void()> tick = [&] {
        ++ticks;
        sim.schedule_in(kSecond, tick);
    };
    sim.schedule_at(0, tick);
    sim.run_until(10 * kSecond);
    CHECK(ticks == 11); // 0, 1, ..., 10 s
    CHECK(sim.now() == 10 * kSecond);
    CHECK(sim.pending() == 1);
    CHECK(sim.next_time() == 11 * kSecond);
}

TEST_CASE("an event scheduled in the past runs now, after the ones already due") {
    Simulator sim;
    std::string order;
    sim.schedule_at(100, [&] {
        order += 'a';
        sim.schedule_at(50, [&] { order += 'c'; });
    });
    sim.schedule_at(100, [&] { order += 'b'; });
    sim.run();
    CHECK(order == "abc");
    CHECK(sim.now() == 100);
}

TEST_CASE("many cancelled timers (heap compaction) leave the survivors in (time, seq) order") {
    // Re-armed timeouts cancel far more events than run: the heap is rebuilt from the live
    // entries now and then, which must not change which events run or their order.
    Simulator sim;
    std::vector<int> ran;
    std::vector<std::pair<SimTime, int>> expected; // (when, id) of the survivors, seq = id
    std::uint64_t x = 7;
    for (int id = 0; id < 20000; ++id) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const SimTime when = static_cast<SimTime>((x >> 33) % 500);
        const auto handle = sim.schedule_at(when, [&ran, id] { ran.push_back(id); });
        if (id % 10 != 3) {
            CHECK(sim.cancel(handle));
        } else {
            expected.emplace_back(when, id);
        }
    }
    CHECK(sim.pending() == expected.size());
    std::stable_sort(expected.begin(), expected.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    sim.run();
    REQUIRE(ran.size() == expected.size());
    for (std::size_t i = 0; i < ran.size(); ++i)
        REQUIRE(ran[i] == expected[i].second);
}
