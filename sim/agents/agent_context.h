#pragma once
// What an agent may do and read, and nothing more: the narrow seam between the agents and the
// world that builds and owns them (sim/world/world.h implements it). An agent
//   - opens, accepts, sends on and closes connections (network()), resolves names (dns()),
//   - schedules timers on the one simulated clock (sim(), now()),
//   - records trace events (record, record_in_place, keep_message, wire_log),
//   - reads its configuration (style, hosts, users, aliases, ...),
//   - reaches the mailbox stores and the other MTAs of the world by host name.
// Everything else of the world (its scenario file, its inputs, rewinding, the views the UI
// reads) is out of an agent's reach. A test can run an agent against its own small context
// (tests/unit/agents) without building a World.
#include "sim/agents/agent_config.h"
#include "sim/core/bytes.h"
#include "sim/net/dns.h"
#include "sim/net/network.h"
#include "sim/net/simulator.h"
#include "sim/trace/event.h"
#include "sim/trace/event_kinds.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::store {
class Store;
}

namespace mailsim::agents {

class Mta;
class WireLog;

class AgentContext {
public:
    virtual ~AgentContext() = default;

    // --- connections, names and time ------------------------------------------------------
    virtual net::Network& network() = 0;
    virtual net::Dns& dns() = 0;
    virtual net::Simulator& sim() = 0;
    virtual SimTime now() const = 0;

    // --- the trace -------------------------------------------------------------------------
    // Appends an event stamped with the current time; returns its index.
    virtual std::uint64_t record(trace::Event&& event) = 0;
    // A new event at the end of the trace, stamped now, filled in place by the caller before
    // anything else is recorded (the cheap way for events recorded per command).
    virtual trace::Event& record_in_place() = 0;
    // Keeps a message's bytes with the event at `index` (the UI opens queue entries later).
    virtual void keep_message(std::uint64_t index, const Bytes& data) = 0;
    // The one line recorder of a connection, shared by its two ends.
    virtual std::shared_ptr<WireLog> wire_log(trace::ConnId conn, trace::Proto proto) = 0;

    // --- configuration ---------------------------------------------------------------------
    virtual TextStyle style() const = 0;
    // Received per hop and Return-Path at delivery.
    virtual bool trace_headers() const = 0;
    virtual const std::vector<HostSpec>& hosts() const = 0;
    virtual const std::vector<UaSpec>& user_agents() const = 0;
    virtual const std::vector<LinkSpecData>& links() const = 0;
    virtual const UserSpec* user(std::string_view address) const = 0;
    // The alias table as it is now (changed at run time by `alias` actions).
    virtual const std::vector<AliasSpec>& aliases() const = 0;
    // Reference mode for tests: every MTA queue run looks at the whole spool.
    virtual bool full_queue_scans() const = 0;
    // How often IMAP sessions of outside clients hear "* OK Still here" during IDLE (0: never).
    virtual SimTime imap_idle_keepalive() const = 0;
    const HostSpec* host(std::string_view name) const;

    // --- the other parts of the world ------------------------------------------------------
    virtual store::Store* store_of(const std::string& host) = 0;
    virtual Mta* mta(const std::string& host) = 0;
    // "<N.host@sim>"-style ids and other numbers from one counter: deterministic across runs.
    virtual std::string next_message_id(const std::string& host) = 0;
    virtual std::uint64_t next_counter() = 0;
};

} // namespace mailsim::agents
