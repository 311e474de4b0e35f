// Whole-world figures: SMTP transactions per second through a 3-hop relay chain with the real
// engines parsing real bytes, memory per queued message, and seeking in a 100,000-event trace.
#include "sim/world/scenario.h"
#include "sim/world/world.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace mailsim;
using namespace mailsim::world;
using Clock = std::chrono::steady_clock;

namespace {

// alice's server -> relay 1 -> relay 2 -> bob's server: three SMTP hops per message.
Scenario relay_chain(int messages) {
    std::string text = R"(
name = "bench-relay"
[[host]]
name = "mail.a.test"
roles = ["mta"]
domains = ["a.test"]
smarthost = "relay1.test"
queue_interval = "1s"
[[host]]
name = "relay1.test"
roles = ["mta"]
relay_for = ["mail.a.test"]
smarthost = "relay2.test"
queue_interval = "1s"
[[host]]
name = "relay2.test"
roles = ["mta"]
relay_for = ["relay1.test"]
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
    auto parsed = parse_scenario(text, "bench.toml");
    Scenario s = parsed.value();
    for (int i = 0; i < messages; ++i)
        s.actions.push_back(TimedAction{
            static_cast<SimTime>(i) * 10 * kMillisecond,
            parse_action("compose from=ann@a.test to=ben@b.test subject=m" + std::to_string(i) +
                         " body=\"Message number " + std::to_string(i) + "\"")
                .value(),
            0});
    return s;
}

long resident_kib() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

} // namespace

int main(int argc, char** argv) {
    // With an argument, only that figure (relay, memory or seek): for profiling one of them.
    const std::string only = argc > 1 ? argv[1] : "";
    const auto wanted = [&](const char* name) { return only.empty() || only == name; };
    // 1. SMTP transactions per second through the relay chain.
    if (wanted("relay")) {
        const int kMessages =
            std::getenv("BENCH_MESSAGES") ? std::atoi(std::getenv("BENCH_MESSAGES")) : 3000;
        auto world = std::move(World::create(relay_chain(kMessages)).value());
        world->set_keep_packets(false);
        const auto start = Clock::now();
        world->run_until_idle(kDay);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::size_t transactions = 0, delivered = 0;
        for (const auto& e : world->trace().events()) {
            transactions += e.kind == EventKind::Accepted;
            delivered += e.kind == EventKind::Delivered;
        }
        std::printf("relay chain: %zu SMTP transactions (%zu messages x 3 hops, %zu delivered) "
                    "in %.3f s = %.0f transactions/s; %zu trace events, %llu simulator events\n",
                    transactions, static_cast<std::size_t>(kMessages), delivered, seconds,
                    static_cast<double>(transactions) / seconds, world->trace().size(),
                    static_cast<unsigned long long>(world->dispatched()));
    }
    // 2. Memory per queued message: messages wait at a server whose next hop is down.
    if (wanted("memory")) {
        constexpr int kMessages = 20000;
        Scenario s = relay_chain(0);
        s.hosts[0].retry = {kDay};
        auto world = std::move(World::create(s).value());
        world->set_keep_packets(false);
        (void)world->perform("fault host=relay1.test down");
        world->run_until(kSecond);
        const long before = resident_kib();
        for (int i = 0; i < kMessages; ++i)
            (void)world->perform("compose from=ann@a.test to=ben@b.test subject=q" +
                                 std::to_string(i) + " body=\"A message that has to wait.\"");
        world->run_until(10 * kMinute);
        const long after = resident_kib();
        const auto& view = world->view();
        std::printf("memory: %zu messages queued, %.0f bytes each (resident set, spool + "
                    "trace + view; %zu trace events)\n",
                    view.queued_recipients(),
                    static_cast<double>(after - before) * 1024.0 / kMessages,
                    world->trace().size());
    }
    // 3. Seeking anywhere in a 100,000-event trace.
    if (wanted("seek")) {
        auto world = std::move(World::create(relay_chain(1200)).value());
        world->set_keep_packets(false);
        while (world->trace().size() < 100000 && world->step()) {
        }
        const std::size_t size = world->trace().size();
        (void)world->view(); // build the checkpoints once, as the UI does on load
        std::vector<double> times;
        std::uint64_t x = 12345;
        for (int i = 0; i < 2000; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            const std::size_t position = static_cast<std::size_t>((x >> 33) % (size + 1));
            const auto start = Clock::now();
            const WorldView& view = world->view_at(position);
            times.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            if (view.position != position)
                return 1;
        }
        std::sort(times.begin(), times.end());
        double sum = 0;
        for (double t : times)
            sum += t;
        std::printf("seek: %zu-event trace, 2000 random seeks (back and forth): mean %.3f ms, "
                    "p99 %.3f ms, max %.3f ms\n",
                    size, sum / static_cast<double>(times.size()), times[times.size() * 99 / 100],
                    times.back());
    }
    return 0;
}
