#pragma once
// What an agent is configured with: the host it runs on, the users and aliases it serves, the
// user agent it is, the arguments of an action it performs. A scenario file
// (sim/world/scenario.h) is made of these plus the world's own parts (DNS records, timed
// actions); the world hands each agent its piece, and an agent reads the rest through its
// context (agent_context.h). Plain data.
#include "sim/core/sim_time.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::agents {

// Simulated time 0 is this moment (2026-11-23 00:00:00 UTC) in dates and Received fields.
inline constexpr std::int64_t kEpochUnixSeconds = 1795392000;

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

inline bool has_role(const HostSpec& host, std::string_view role) {
    for (const auto& r : host.roles)
        if (r == role)
            return true;
    return false;
}

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

// The named values of a user action ("compose to=bob@x subject=Hi"): what an agent reads of
// one. The world's Action (sim/world/action.h) adds the verb, the bare flags and the text form.
struct ActionArguments {
    std::map<std::string, std::string> args;

    const std::string* get(const std::string& name) const {
        auto it = args.find(name);
        return it == args.end() ? nullptr : &it->second;
    }
    std::string get_or(const std::string& name, std::string fallback) const {
        auto* value = get(name);
        return value ? *value : fallback;
    }
};

} // namespace mailsim::agents
