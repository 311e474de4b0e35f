#pragma once
// A scenario file (lessons/scenarios/*.toml) as plain data. load_scenario() checks it fully
// (names refer to declared hosts, durations parse, actions parse) and reports the first
// problem as `file:line:col: message`; World builds itself from a checked Scenario only.
#include "sim/core/result.h"
#include "sim/core/sim_time.h"
#include "sim/world/action.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::world {

enum class TextStyle : std::uint8_t { Modern, Classic };
enum class Submission : std::uint8_t { Smtp, Direct };
enum class LinkKind : std::uint8_t { Tcp, StoreAndForward };

struct HostSpec {
    std::string name;
    std::uint32_t ip = 0;
    std::vector<std::string> roles;     // mta pop3 imap webmail dns gateway uucp client
    std::vector<std::string> domains;   // mail domains this MTA delivers locally
    std::vector<std::string> relay_for; // client host names allowed to relay through it
    bool open_relay = false;
    std::string smarthost; // send all non-local mail here
    SimTime queue_interval = 30 * kSecond;
    std::vector<SimTime> retry = {30 * kMinute}; // waits after each failure; the last repeats
    SimTime give_up = 5 * kDay;
    SimTime delay_warning = 0; // 0 = none
    int max_received = 25;
    bool expn = false;
    bool vrfy = true;
    std::vector<std::uint16_t> closed_ports;
    // gateway: mail for `uucp_domain` goes over the store-and-forward link to `uucp_host`
    std::string uucp_domain;
    std::string uucp_host;
    SimTime uucp_interval = 10 * kMinute; // how often the batch is sent
    // Where the world editor placed it on the topology, as fractions of the canvas (0..1);
    // unset = the topology's automatic layout.
    std::optional<double> x, y;
    int line = 0;
    friend bool operator==(const HostSpec&, const HostSpec&) = default;
};

struct UserSpec {
    std::string address; // bob@hamburger.edu
    std::string login;   // bob
    std::string password;
    std::string name; // display name
    std::string host; // the mail server holding the mailbox
    std::uint64_t quota_bytes = 0;
    std::uint64_t quota_messages = 0;
    std::vector<std::string> folders;
    bool terminal = false; // logged in at a terminal (SEND/SOML/SAML)
    int line = 0;
    friend bool operator==(const UserSpec&, const UserSpec&) = default;
};

struct AliasSpec {
    std::string address; // staff@hamburger.edu
    std::vector<std::string> members;
    int line = 0;
    friend bool operator==(const AliasSpec&, const AliasSpec&) = default;
};

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

struct LinkSpecData {
    std::string a, b;
    SimTime latency = 10 * kMillisecond;
    double bandwidth_bps = 10e6;
    double loss = 0.0;
    LinkKind kind = LinkKind::Tcp;
    int line = 0;
    friend bool operator==(const LinkSpecData&, const LinkSpecData&) = default;
};

struct UaSpec {
    std::string address; // whose agent
    std::string host;    // where it runs (alice-pc)
    std::string server;  // its mail server
    Submission submit = Submission::Smtp;
    std::uint16_t submit_port = 25;
    std::string webmail; // a webmail host it uses through HTTP instead, if any
    int line = 0;
    friend bool operator==(const UaSpec&, const UaSpec&) = default;
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

bool has_role(const HostSpec& host, std::string_view role);

// The mail server a user without `host = ...` gets: the (last declared) MTA or UUCP host
// serving the domain of `address`, or empty. The loader fills it in; the writer leaves it out.
std::string default_mail_host(const Scenario& scenario, std::string_view address);

} // namespace mailsim::world
