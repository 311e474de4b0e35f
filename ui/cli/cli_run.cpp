// `mailsim run SCENARIO`: runs a scenario in the simulated world and prints what happened:
// the dialogue of every connection (--transcript), the trace as JSON Lines (--trace), a
// capture for Wireshark/tshark (--pcap) and the message counts (--summary).
#include "command_registry.h"

#include "scenario_loader.h"
#include "sim/world/pcap.h"
#include "sim/world/transcript.h"
#include "sim/world/world.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using namespace mailsim;

void write_file(const std::string& path, const std::string& bytes) {
    if (path == "-") {
        std::cout << bytes;
        return;
    }
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw cli::CommandFailed{"cannot write " + path, 1};
    out << bytes;
}

struct RunOptions {
    std::string scenario;
    std::int64_t seed = -1;
    std::string until;
    bool transcript = false;
    std::string trace_file;
    std::string pcap_file;
    bool summary = false;
};

void run(const RunOptions& o) {
    auto scenario = world::load_scenario_file(o.scenario, MAILSIM_DATA_DIR);
    if (!scenario.ok())
        throw cli::CommandFailed{scenario.error().message, 2};
    std::optional<std::uint64_t> seed;
    if (o.seed >= 0)
        seed = static_cast<std::uint64_t>(o.seed);
    auto created = world::World::create(*scenario, seed);
    if (!created.ok())
        throw cli::CommandFailed{world::format_error(scenario->file, created.error()), 2};
    world::World& w = **created;
    w.set_keep_packets(!o.pcap_file.empty());
    SimTime until = scenario->until;
    if (!o.until.empty()) {
        auto parsed = world::parse_duration(o.until);
        if (!parsed.ok())
            throw cli::CommandFailed{"--until: " + parsed.error().message, 2};
        until = *parsed;
    }
    if (until > 0)
        w.run_until(until);
    else
        w.run_until_idle(60 * kDay); // a bounded run: at most 60 simulated days

    if (o.transcript)
        std::cout << world::format_transcript(w.trace().events());
    if (!o.trace_file.empty()) {
        std::string out;
        for (const auto& e : w.trace().events())
            out += world::to_json_line(e) + "\n";
        write_file(o.trace_file, out);
    }
    if (!o.pcap_file.empty())
        write_file(o.pcap_file, world::write_pcap(w.trace().packets()));
    if (o.summary) {
        const auto& view = w.view();
        const auto& c = view.counters;
        std::printf("accepted %llu\ndelivered %llu\nbounced %llu\nqueued %zu\n"
                    "duplicate_risk %llu\nevents %zu\nsimulated %s\n",
                    static_cast<unsigned long long>(c.accepted),
                    static_cast<unsigned long long>(c.delivered),
                    static_cast<unsigned long long>(c.bounced), view.queued_recipients(),
                    static_cast<unsigned long long>(c.duplicate_risk), w.trace().size(),
                    format_sim_time(w.now()).c_str());
    }
}

cli::RegisterCommand reg{
    "run", [](CLI::App& app) {
        auto options = std::make_shared<RunOptions>();
        auto* sub = app.add_subcommand("run", "Run a scenario in the simulated mail world");
        sub->add_option("scenario", options->scenario,
                        "A scenario file, or the name of a built-in one "
                        "(alice-bob, relay-chain, ...)")
            ->required();
        sub->add_option("--seed", options->seed, "Random seed");
        sub->add_option("--until", options->until, "Simulated time to stop at (30s, 5m, 2h, 5d)");
        sub->add_flag("--transcript", options->transcript, "Print every connection as S:/C: lines");
        sub->add_option("--trace", options->trace_file,
                        "Write the trace as JSON Lines (- for stdout)");
        sub->add_option("--pcap", options->pcap_file, "Write a pcap capture of all TCP traffic");
        sub->add_flag("--summary", options->summary,
                      "Print counts of accepted, delivered, bounced, ...");
        sub->callback([options] { run(*options); });
    }};

} // namespace
