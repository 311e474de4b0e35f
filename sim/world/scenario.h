#pragma once
// A scenario file (lessons/scenarios/*.toml) as plain data. load_scenario() checks it fully
// (names refer to declared hosts, durations parse, actions parse) and reports the first
// problem as `file:line:col: message`; World builds itself from a checked Scenario only.
#include "sim/agents/agent_config.h"
#include "sim/core/result.h"
#include "sim/core/sim_time.h"
#include "sim/world/action.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::world {

// The parts every agent is configured with live with the agents (sim/agents/agent_config.h);
// a scenario is made of them plus the world's own parts below.
using agents::AliasSpec;
using agents::has_role;
using agents::HostSpec;
using agents::LinkKind;
using agents::LinkSpecData;
using agents::Submission;
using agents::TextStyle;
using agents::UaSpec;
using agents::UserSpec;

struct MxSpec {
    std::string domain;
    std::string exchange;
    int preference = 10;
    friend bool operator==(const MxSpec&, const MxSpec&) = default;
};

struct ARecordSpec {
    std::string name;
    std::uint32_t ip = 0;
    friend bool operator==(const ARecordSpec&, const ARecordSpec&) = default;
};

struct MessageSpec { // pre-filled mailbox content
    std::string user;
    std::string folder = "INBOX";
    std::string from;
    std::string subject;
    std::string body;
    std::vector<std::string> flags;
    int line = 0;
    friend bool operator==(const MessageSpec&, const MessageSpec&) = default;
};

struct TimedAction {
    SimTime at = 0;
    Action action;
    int line = 0;
    friend bool operator==(const TimedAction&, const TimedAction&) = default;
};

struct RandomFaults {
    double per_hour = 0; // mean number of random faults per simulated hour
    SimTime mean_duration = 10 * kMinute;
    friend bool operator==(const RandomFaults&, const RandomFaults&) = default;
};

struct Scenario {
    std::string file;
    std::string name;
    std::string title_en, title_ko;
    std::uint64_t seed = 1;
    SimTime until = 0; // default run length; 0 = until nothing is left to do
    TextStyle style = TextStyle::Modern;
    bool trace_headers = true; // Received per hop, Return-Path at delivery
    SimTime default_latency = 10 * kMillisecond;
    double default_bandwidth = 10e6;
    std::string dns_server;
    // A domain an MTA serves gets MX 10 that MTA unless the file gives its MX records; false
    // leaves such a domain without MX (a challenge's broken world: "the MX record is missing").
    bool default_mx = true;
    std::vector<HostSpec> hosts;
    std::vector<UserSpec> users;
    std::vector<AliasSpec> aliases;
    std::vector<MxSpec> mx;
    std::vector<ARecordSpec> a_records;
    std::vector<LinkSpecData> links;
    std::vector<UaSpec> uas;
    std::vector<MessageSpec> messages;
    std::vector<TimedAction> actions;
    RandomFaults random_faults;

    const HostSpec* host(std::string_view name) const;
    const UserSpec* user(std::string_view address) const;
    friend bool operator==(const Scenario&, const Scenario&) = default;
};

// `source_name` is used in error messages (the file path).
Result<Scenario> parse_scenario(std::string_view text, std::string source_name);

// The mail server a user without `host = ...` gets: the (last declared) MTA or UUCP host
// serving the domain of `address`, or empty. The loader fills it in; the writer leaves it out.
std::string default_mail_host(const Scenario& scenario, std::string_view address);

} // namespace mailsim::world
