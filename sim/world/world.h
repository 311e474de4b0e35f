#pragma once
// The simulated mail world: the network, DNS, mailbox stores and the agents (user agents,
// MTAs, POP3/IMAP servers, webmail, gateways) built from a Scenario, all driven by one
// Simulator and recorded in one Trace. The UI reads it through view()/Seeker (const data) and
// changes it only through perform(action), which is recorded as a timed input so a re-run
// (rewind) replays it at the same point.
#include "sim/agents/agent_context.h"
#include "sim/core/rng.h"
#include "sim/net/dns.h"
#include "sim/net/network.h"
#include "sim/net/simulator.h"
#include "sim/trace/trace.h"
#include "sim/world/action.h"
#include "sim/world/scenario.h"
#include "sim/world/world_view.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::store {
class Store;
}
namespace mailsim::agents {
class Mta;
class UserAgent;
class MailAccessServer;
class Gateway;
class Webmail;
class Telnet;
class WireLog;
} // namespace mailsim::agents

namespace mailsim::world {

using agents::kEpochUnixSeconds; // simulated time 0 as a calendar time (agent_config.h)

// A user action performed at run time: where in the run it happened, so a re-run replays it
// after exactly the same number of dispatched simulator events.
struct RecordedInput {
    SimTime t = 0;
    std::uint64_t dispatched = 0;
    std::size_t trace_size = 0;
    Action action;
};

// The world builds and owns the agents and is their context (agents/agent_context.h): the
// agents see only that interface, the UI sees the const views and perform().
class World final : public agents::AgentContext {
public:
    // Builds the world; scenario actions are scheduled, nothing has run yet.
    static Result<std::unique_ptr<World>> create(const Scenario& scenario,
                                                 std::optional<std::uint64_t> seed = {});
    ~World() override;
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    const Scenario& scenario() const { return m_scenario; }
    std::uint64_t seed() const { return m_seed; }

    // --- running ---------------------------------------------------------------------------
    SimTime now() const override { return m_sim.now(); }
    bool step() { return m_sim.step(); }
    // Runs to `t` however far (a 5-day give-up passes in milliseconds: time warp).
    void run_until(SimTime t) { m_sim.run_until(t); }
    // Runs until nothing is scheduled or `limit` is reached; returns whether it went idle.
    bool run_until_idle(SimTime limit);
    SimTime next_event_time() { return m_sim.next_time(); }
    std::uint64_t dispatched() const { return m_sim.dispatched(); }

    // --- what happened ---------------------------------------------------------------------
    const Trace& trace() const { return m_trace; }
    void set_keep_packets(bool keep) { m_trace.set_keep_packets(keep); }
    // Keep each queued message's bytes in the trace (the UI opens queue entries in the past).
    void set_keep_messages(bool keep) { m_trace.set_keep_messages(keep); }
    // Keep only a window of the latest events (see Trace::set_window), for a world that runs
    // for days (`mailsim serve`). Once events were dropped, view()/view_at() can only give the
    // scenario's initial view and rewind() cannot replay: seeking is for worlds with the whole
    // trace (`mailsim run`, the UI's simulations, `mailsim-gui --serve`).
    void set_trace_window(std::size_t events) { m_trace.set_window(events); }
    // And at most this much event memory (Trace::set_byte_budget); settle_trace() makes the
    // bound hold at once (the latest event is otherwise counted when the next one comes).
    void set_trace_byte_budget(std::size_t bytes) { m_trace.set_byte_budget(bytes); }
    void settle_trace() { m_trace.settle(); }
    // Reference mode for tests: every MTA queue run looks at the whole spool instead of only
    // the new arrivals when nothing else changed (Mta::queue_run). Same trace either way.
    void set_full_queue_scans(bool full) { m_full_queue_scans = full; }
    bool full_queue_scans() const override { return m_full_queue_scans; }
    // IMAP sessions of outside clients (`mailsim serve`) send "* OK Still here" this often
    // during IDLE (imap::ServerConfig::idle_keepalive); 0 = never. The world's own clients
    // never get it: their transcripts stay as the lectures print them.
    void set_imap_idle_keepalive(SimTime every) { m_imap_idle_keepalive = every; }
    SimTime imap_idle_keepalive() const override { return m_imap_idle_keepalive; }
    // The view after the whole trace so far.
    const WorldView& view();
    // The view after the first `position` events (backwards too).
    const WorldView& view_at(std::size_t position);

    // --- acting ------------------------------------------------------------------------------
    // Performs an action now (see action.h for the verbs) and records it as a timed input.
    Status perform(const Action& action);
    Status perform(std::string_view action_line);
    const std::vector<RecordedInput>& inputs() const { return m_inputs; }
    // Re-runs from the start with the inputs recorded before trace position `position`
    // (later ones are dropped): the state after that point can then be changed by new actions.
    // Returns the new world; this one is left as it was.
    Result<std::unique_ptr<World>> rewind(std::size_t position) const;

    // --- the agents' context (agents/agent_context.h) ------------------------------------------
    net::Simulator& sim() override { return m_sim; }
    net::Network& network() override { return *m_network; }
    net::Dns& dns() override { return *m_dns; }
    const net::Network& network() const { return *m_network; }
    std::uint64_t record(Event&& event) override; // stamps the current time
    // A new event at the end of the trace, stamped with the current time, filled in place by
    // the caller before anything else is recorded (see Trace::emplace).
    Event& record_in_place() override;
    void keep_message(std::uint64_t index, const Bytes& data) override {
        m_trace.keep_message(index, data);
    }
    store::Store* store_of(const std::string& host) override;
    const store::Store* store_of(const std::string& host) const; // to read (the UI's inspector)
    // Records what every store holds now as `mailbox_add` events with the reason "restored":
    // a store filled by Store::replay (`mailsim serve --state`) told no observer, and the view
    // is a fold over the trace, so without these it shows the restored mailboxes empty.
    void record_store_contents();
    // The one line recorder of a connection, shared by its two ends (so the client side knows
    // the server said 354 and its next lines are message text).
    std::shared_ptr<agents::WireLog> wire_log(ConnId conn, Proto proto) override;
    // Line recorders held for connections not yet released (tests, memory reports).
    std::size_t wire_logs_held() const { return m_wire_logs.size(); }
    agents::Mta* mta(const std::string& host) override;
    agents::UserAgent* user_agent(const std::string& address);
    const UserSpec* user(std::string_view address) const override {
        return m_scenario.user(address);
    }
    const std::vector<HostSpec>& hosts() const override { return m_scenario.hosts; }
    const std::vector<UaSpec>& user_agents() const override { return m_scenario.uas; }
    const std::vector<LinkSpecData>& links() const override { return m_scenario.links; }
    bool trace_headers() const override { return m_scenario.trace_headers; }
    // The alias table as it is now: the scenario's, changed by `alias` actions (the scenario
    // itself stays as loaded, so a rewind starts from it and replays the changes).
    const std::vector<AliasSpec>& aliases() const override { return m_aliases; }
    // A fresh RNG stream for one consumer (by name), reproducible from the seed.
    Rng make_rng(std::string_view consumer) const;
    // "<N.host@sim>"-style ids from one counter: deterministic across runs.
    std::string next_message_id(const std::string& host) override;
    std::uint64_t next_counter() override { return ++m_counter; }
    // The scenario's text style (classic = the lecture's dialogue).
    TextStyle style() const override { return m_scenario.style; }

private:
    World(const Scenario& scenario, std::uint64_t seed);
    Status build();
    Status build_agents();
    Status prefill_mailboxes();
    Status act(const Action& action);
    Status act_fault(const Action& action);
    Status act_alias(const Action& action);
    Status act_relay(const Action& action);
    Status act_dns(const Action& action);
    Status act_gateway(const Action& action);
    void schedule_random_faults();

    Scenario m_scenario;
    std::vector<AliasSpec> m_aliases;
    std::uint64_t m_seed;
    net::Simulator m_sim;
    Trace m_trace;
    std::unique_ptr<net::Network> m_network;
    std::unique_ptr<net::Dns> m_dns;
    std::map<std::string, std::unique_ptr<store::Store>> m_stores;   // by host
    std::map<std::string, std::unique_ptr<agents::Mta>> m_mtas;      // by host
    std::map<std::string, std::unique_ptr<agents::UserAgent>> m_uas; // by address
    std::vector<std::unique_ptr<agents::MailAccessServer>> m_access_servers;
    std::vector<std::unique_ptr<agents::Gateway>> m_gateways;
    std::vector<std::unique_ptr<agents::Webmail>> m_webmails;
    std::vector<std::unique_ptr<agents::Telnet>> m_telnets;
    std::vector<std::unique_ptr<class StoreRecorder>> m_store_recorders;
    std::map<ConnId, std::shared_ptr<agents::WireLog>> m_wire_logs;
    std::vector<RecordedInput> m_inputs;
    std::unique_ptr<Seeker> m_seeker;
    std::map<std::string, std::vector<net::MxRecord>> m_initial_mx;
    std::map<std::string, std::vector<std::uint32_t>> m_initial_a;
    std::uint64_t m_counter = 0;
    bool m_replaying = false;
    bool m_full_queue_scans = false;
    SimTime m_imap_idle_keepalive = 2 * kMinute;
};

} // namespace mailsim::world
