#pragma once
// The world editor's model: a Scenario (the world's design) changed one edit at a time, each
// edit checked whole before it counts (check_scenario: never a half-applied world), with
// undo and redo. Every edit is a value (WorldEdit) applied by one function, so the UI, the
// tests and the history handle all kinds alike.
//
// How an edit reaches the running world (world_edit_live.h): the editor compares the design
// before and after. A change the world already knows how to make while it runs (the alias
// table, an MTA's relay policy, a gateway's route, the DNS MX and A records) is turned into
// those world::Action values (`alias`, `relay`, `gateway`, `dns`) and performed through
// Session::perform, exactly as the faults panel's live editors do: each is a recorded input and a
// `config` event, so rewinding and stepping back show the world before and after it (time travel
// holds). A structural change (a host, a link, a user and their mailbox, a user agent, an MTA's
// domains or queue settings) is built into the agents when the world is made: no live action can
// change those without every agent and open connection surviving a change of its own host, so the
// world is made again from the edited design (a new world, its clock at 0), which is what the
// student designing a network expects ("the network as drawn now"). A move changes only where the
// topology draws a host: nothing reaches the world.
#include "sim/core/result.h"
#include "sim/core/sim_time.h"
#include "sim/world/scenario.h"
#include "sim/world/scenario_check.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mailsim::world {

// The host kinds of the editor's palette, each a set of roles (and defaults) of the loader.
enum class HostKind { Client, Mta, Relay, Gateway, Webmail, Dns, Browser };
inline constexpr HostKind kHostKinds[] = {HostKind::Client,  HostKind::Mta,     HostKind::Relay,
                                          HostKind::Gateway, HostKind::Webmail, HostKind::Dns,
                                          HostKind::Browser};
const char* host_kind_id(HostKind kind); // "client", "mta", ... (string keys, bridge ids)
HostKind host_kind_of(const HostSpec& host);

struct AddHost {
    HostKind kind = HostKind::Client;
    std::string name;   // empty: a fresh name for the kind (pc1, mail1, ...)
    std::string domain; // an MTA's first mail domain (empty: none yet)
    std::optional<double> x, y;
};
struct MoveHost {
    std::string name;
    double x = 0.5, y = 0.5;
};
struct RenameHost {
    std::string from, to;
};
struct RemoveHost {
    std::string name;
};
struct SetHostIp {
    std::string name, ip; // dotted quad
};
struct Connect {
    std::string a, b;
    SimTime latency = 10 * kMillisecond;
    double loss = 0;
};
struct Disconnect {
    std::string a, b;
};
struct SetLinkQuality {
    std::string a, b;
    SimTime latency = 10 * kMillisecond;
    double loss = 0;
    std::optional<double> bandwidth_bps = std::nullopt; // unset: as it is
};
struct SetDomains {
    std::string host;
    std::vector<std::string> domains;
};
struct AddUser {
    std::string address, name, password;
    std::string host; // empty: the MTA serving the address's domain
};
struct RemoveUser {
    std::string address;
};
// The user agent of `address` on a client host, with its submission and POP3/IMAP server.
struct SetUserAgent {
    std::string address, host, server;
    Submission submit = Submission::Smtp;
    int port = 25;
    std::optional<std::string> webmail =
        std::nullopt; // a webmail host it uses instead (""); unset: as it is
};
struct RemoveUserAgent {
    std::string address;
};
struct SetAliasMembers {
    std::string address;
    std::vector<std::string> members; // empty: remove the alias
};
struct SetRelayPolicy {
    std::string host;
    bool open = false;
    std::vector<std::string> relay_for;
};
struct SetQueue {
    std::string host;
    SimTime interval = 30 * kSecond;
    std::vector<SimTime> retry;
    SimTime give_up = 5 * kDay;
};
// A gateway's other side: the domain it takes mail for, the UUCP site it rewrites addresses
// to (carol@lab.x -> site!carol) and how often it dials the line.
struct SetGateway {
    std::string host;
    std::string uucp_domain, uucp_host;
    SimTime uucp_interval = 10 * kMinute;
};
// What else an MTA is configured with: where it sends all non-local mail (empty: MX), the hop
// limit that ends a loop (Received fields), the delay warning (0: none), VRFY and EXPN.
struct SetMtaOptions {
    std::string host;
    std::string smarthost;
    int max_received = 25;
    SimTime delay_warning = 0;
    bool vrfy = true, expn = false;
};
// A user's display name and password (the login stays the address's local part).
struct SetUserDetails {
    std::string address, name, password;
};
// An MTA's reply overrides: the replies it gives instead of its own from the start (a scenario
// `force` action at 0s), as "at code [count]" each.
struct ReplyOverride {
    std::string at; // CONNECT, a command verb, DATA_END
    int code = 550;
    std::optional<int> count = std::nullopt;
    friend bool operator==(const ReplyOverride&, const ReplyOverride&) = default;
};
struct SetReplyOverrides {
    std::string host;
    std::vector<ReplyOverride> overrides;
};
// The whole A record set of a name (empty: none) besides a host's own address.
struct SetAddressRecords {
    std::string name;
    std::vector<std::uint32_t> addresses;
};
// The world's own settings.
struct SetWorldOptions {
    std::string title_en, title_ko;
    bool default_mx = true; // a served domain without MX records gets MX 10 its server
};
// The whole MX set of a domain (empty: none), as the DNS tab edits it.
struct SetMx {
    std::string domain;
    std::vector<MxSpec> records;
};
struct SetDnsServer {
    std::string host; // empty: the built-in resolver only
};

using WorldEdit =
    std::variant<AddHost, MoveHost, RenameHost, RemoveHost, SetHostIp, Connect, Disconnect,
                 SetLinkQuality, SetDomains, AddUser, RemoveUser, SetUserAgent, RemoveUserAgent,
                 SetAliasMembers, SetRelayPolicy, SetQueue, SetMx, SetDnsServer, SetGateway,
                 SetMtaOptions, SetUserDetails, SetReplyOverrides, SetAddressRecords,
                 SetWorldOptions>;

// An MTA's reply overrides as the design holds them (its `force` actions at 0s).
std::vector<ReplyOverride> reply_overrides(const Scenario& scenario, std::string_view host);

// What went wrong with an edit: the field to show it at, and the message.
using EditResult = std::optional<FieldError>; // nullopt = applied

// Applies `edit` to a copy of `scenario` and checks it; the result replaces `scenario` only
// when it passes. Pure: the history below is built on it.
EditResult apply_edit(Scenario& scenario, const WorldEdit& edit);

// An empty world (File > New world): no hosts, the loader's defaults.
Scenario empty_scenario();

class WorldEditor {
public:
    explicit WorldEditor(Scenario scenario = empty_scenario()) : m_scenario(std::move(scenario)) {}

    const Scenario& scenario() const { return m_scenario; }
    // Starts over from another design (an opened file): the history is cleared.
    void reset(Scenario scenario);

    EditResult apply(const WorldEdit& edit);
    bool can_undo() const { return !m_undo.empty(); }
    bool can_redo() const { return !m_redo.empty(); }
    bool undo();
    bool redo();
    // Changes since the last reset or mark_saved().
    bool dirty() const { return m_dirty; }
    void mark_saved() { m_dirty = false; }

    // Consecutive moves of one host (a drag, frame by frame) are one undo step until the
    // gesture ends (the mouse is let go).
    void end_gesture() {
        if (!m_undo.empty())
            m_undo.back().moved.clear();
    }
    static constexpr std::size_t kMaxHistory = 200;

private:
    Scenario m_scenario;
    struct Step {
        Scenario before;
        std::string moved; // a MoveHost step: the host it moved (merged with the next move)
    };
    std::vector<Step> m_undo;
    std::vector<Scenario> m_redo;
    bool m_dirty = false;
};

} // namespace mailsim::world
