// The world editor's Save: every built-in scenario, loaded, written and loaded again, is the
// same world (every host, link, user, record and action field), and writing that again gives
// the same text (a saved file does not drift from save to save).
#include "sim/world/scenario.h"
#include "sim/world/scenario_writer.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace mailsim;
using namespace mailsim::world;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Scenario load(const std::string& text, const std::string& name) {
    auto parsed = parse_scenario(text, name);
    INFO(name << ": " << (parsed.ok() ? std::string() : parsed.error().message));
    REQUIRE(parsed.ok());
    return *parsed;
}

} // namespace

TEST_CASE("load -> save -> load gives the same world for every built-in scenario") {
    const std::filesystem::path dir =
        std::filesystem::path(MAILSIM_SOURCE_DIR) / "lessons/scenarios";
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".toml")
            continue;
        const std::string name = entry.path().filename().string();
        CAPTURE(name);
        const Scenario original = load(read_file(entry.path()), name);
        const std::string saved = write_scenario(original);
        const Scenario again = load(saved, name + " (saved)");
        // Section by section first, so a failure names what was lost.
        CHECK(again.hosts.size() == original.hosts.size());
        for (std::size_t i = 0; i < std::min(again.hosts.size(), original.hosts.size()); ++i) {
            HostSpec a = again.hosts[i], b = original.hosts[i];
            a.line = b.line = 0;
            CAPTURE(b.name);
            CHECK(a == b);
        }
        CHECK(again.users.size() == original.users.size());
        CHECK(again.links.size() == original.links.size());
        CHECK(again.actions.size() == original.actions.size());
        for (std::size_t i = 0; i < std::min(again.actions.size(), original.actions.size()); ++i) {
            CHECK(again.actions[i].at == original.actions[i].at);
            CHECK(again.actions[i].action == original.actions[i].action);
        }
        CHECK(same_world(again, original));
        CHECK(write_scenario(again) == saved);
        // And a world builds from it as from the original.
        CHECK(World::create(again).ok());
        ++checked;
    }
    CHECK(checked >= 20);
}

TEST_CASE("the saved file keeps the hand-written key order and leaves defaults out") {
    // Written as the writer writes: saving it gives these very bytes.
    const std::string text = R"(name = "tiny"
title = { en = "Tiny", ko = "작은 세계" }
seed = 7
until = "5m"

[defaults]
latency = "20ms"
bandwidth = "10Mbit"

[[host]]
name = "mail.a.test"
ip = "10.0.1.25"
roles = ["mta", "pop3"]
domains = ["a.test"]
retry = ["1m", "90s"]
x = 0.25
y = 0.5

[[host]]
name = "pc"
roles = ["client"]

[[link]]
a = "pc"
b = "mail.a.test"
latency = "2ms"
bandwidth = "100Mbit"
loss = 0.05

[[user]]
address = "ann@a.test"
name = "Ann \"the\" Admin"
folders = ["보낸 편지함"]

[[action]]
at = "60.5s"
do = "compose body=\"Line 1\\nLine 2\" from=ann@a.test subject=Hi to=ann@a.test"
)";
    CHECK(write_scenario(load(text, "tiny.toml")) == text);
}

TEST_CASE("durations and bandwidths are written in the forms the loader reads") {
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(250 * kMillisecond) == "250ms");
    CHECK(format_duration(30 * kSecond) == "30s");
    CHECK(format_duration(90 * kSecond) == "90s");
    CHECK(format_duration(5 * kMinute) == "5m");
    CHECK(format_duration(2 * kHour) == "2h");
    CHECK(format_duration(5 * kDay) == "5d");
    CHECK(format_duration(60 * kSecond + 500 * kMillisecond) == "60.5s");
    CHECK(format_duration(1500) == "0.0015s");
    CHECK(format_duration(999) == "999us");
    for (SimTime t : {SimTime{1}, SimTime{999}, SimTime{1234567}, 3 * kDay + 7})
        CHECK(*parse_duration(format_duration(t)) == t);
    CHECK(format_bandwidth(10e6) == "10Mbit");
    CHECK(format_bandwidth(56e3) == "56kbit");
    CHECK(format_bandwidth(1e9) == "1Gbit");
    CHECK(format_bandwidth(9600) == "9600");
    CHECK(format_bandwidth(1.5e6) == "1500kbit");
    CHECK(toml_quote("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
}
