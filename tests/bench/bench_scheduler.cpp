// Scheduler throughput: events scheduled and dispatched per second by net::Simulator, the
// kernel every simulated world runs on (target: at least 5 million events/s).
#include "sim/net/simulator.h"

#include <chrono>
#include <cstdio>

using namespace mailsim;

int main() {
    using Clock = std::chrono::steady_clock;
    constexpr int kChains = 1000;      // concurrent "agents", each rescheduling itself
    constexpr int kEvents = 5'000'000; // dispatched in total
    net::Simulator sim;
    long dispatched = 0;
    struct Tick {
        net::Simulator* sim;
        long* count;
        SimTime step;
        void operator()() const {
            if (++*count < kEvents)
                sim->schedule_in(step, *this);
        }
    };
    for (int i = 0; i < kChains; ++i)
        sim.schedule_at(i, Tick{&sim, &dispatched, 1000 + i % 97});
    const auto start = Clock::now();
    sim.run(kEvents);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("scheduler: %llu events in %.3f s = %.2f million events/s (heap of %d)\n",
                static_cast<unsigned long long>(sim.dispatched()), seconds,
                static_cast<double>(sim.dispatched()) / seconds / 1e6, kChains);

    // Cancel-heavy load: half of the events are cancelled before they run (retry timers).
    net::Simulator sim2;
    long ran = 0;
    const auto start2 = Clock::now();
    for (int round = 0; round < 1000; ++round) {
        for (int i = 0; i < 2000; ++i) {
            auto id = sim2.schedule_in(i, [&ran] { ++ran; });
            if (i % 2)
                sim2.cancel(id);
        }
        sim2.run();
    }
    const double seconds2 = std::chrono::duration<double>(Clock::now() - start2).count();
    std::printf("scheduler with cancels: %d scheduled, %ld ran, %.2f million scheduled/s\n",
                1000 * 2000, ran, 2e6 / seconds2 / 1e6);
    return 0;
}
