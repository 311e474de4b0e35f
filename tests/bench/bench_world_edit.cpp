// The world editor on the 50-host big-network world: what one edit of each kind costs in the
// frame it is applied in (the check writes, loads and builds the whole world; a structural
// edit then makes the world again, a live one performs actions; a drag applies one move per
// frame). Figures against the big-network UI frame budget (bench_web.mjs: 8 ms a frame).
#include "sim/world/scenario.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world.h"
#include "sim/world/world_edit.h"
#include "sim/world/world_edit_live.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

using namespace mailsim;
using namespace mailsim::world;
using Clock = std::chrono::steady_clock;

namespace {

template <class Fn>
double mean_ms(int runs, Fn fn) {
    const auto start = Clock::now();
    for (int i = 0; i < runs; ++i)
        fn(i);
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count() / runs;
}

} // namespace

int main() {
    std::ifstream in(std::string(MAILSIM_SOURCE_DIR) + "/lessons/scenarios/big-network.toml");
    std::stringstream text;
    text << in.rdbuf();
    auto loaded = parse_scenario(text.str(), "big-network.toml");
    if (!loaded.ok()) {
        std::printf("bench_world_edit: %s\n", loaded.error().message.c_str());
        return 1;
    }
    const Scenario base = *loaded;
    std::printf("bench_world_edit: big-network, %zu hosts, %zu links, %zu users\n",
                base.hosts.size(), base.links.size(), base.users.size());
    const int runs = 20;
    const std::string some_host = base.hosts.front().name;

    std::printf("  save (write_scenario): %.3f ms\n",
                mean_ms(runs, [&](int) { (void)write_scenario(base); }));
    std::printf("  check (write, load, build the world): %.3f ms\n",
                mean_ms(runs, [&](int) { (void)check_scenario(base); }));
    std::printf("  drag step (MoveHost, one per frame): %.4f ms\n",
                mean_ms(runs * 50, [&, editor = WorldEditor(base)](int i) mutable {
                    (void)editor.apply(MoveHost{some_host, 0.001 * (i % 500), 0.5});
                }));
    std::printf("  add host (check included): %.3f ms\n", mean_ms(runs, [&](int) {
                    Scenario s = base;
                    (void)apply_edit(s, AddHost{HostKind::Client, "", "", 0.5, 0.5});
                }));
    std::printf("  connect (check included): %.3f ms\n", mean_ms(runs, [&](int) {
                    Scenario s = base;
                    const auto problem =
                        apply_edit(s, Connect{base.hosts.front().name, base.hosts.back().name});
                    if (problem)
                        std::printf("  (connect refused: %s)\n", problem->message.c_str());
                }));
    std::printf("  new world from the design (a structural edit reaching the world): %.3f ms\n",
                mean_ms(runs, [&](int) { (void)World::create(base); }));
    std::string domain;
    for (const auto& h : base.hosts)
        if (domain.empty() && has_role(h, "mta") && !h.domains.empty())
            domain = h.domains.front();
    const std::string alias = "staff@" + domain;
    double live = mean_ms(runs, [&](int) {
        Scenario s = base;
        const auto problem = apply_edit(s, SetAliasMembers{alias, {base.users.front().address}});
        if (problem)
            std::printf("  (alias refused: %s)\n", problem->message.c_str());
        (void)live_actions(base, s);
    });
    std::printf("  alias edit and its live actions: %.3f ms\n", live);
    WorldEditor editor(base);
    (void)editor.apply(AddHost{HostKind::Mta, "", "x.test", 0.5, 0.5});
    std::printf("  undo + redo: %.4f ms\n", mean_ms(runs, [&](int) {
                    editor.undo();
                    editor.redo();
                }));
    return 0;
}
