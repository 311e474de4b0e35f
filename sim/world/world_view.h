#pragma once
// What the UI shows, as plain data: hosts, links, per-MTA queues, mailboxes, open connections
// and counters. A WorldView is a fold over the trace (apply() one event at a time, starting
// from initial_view(scenario)), so the view at ANY event index can be rebuilt from the trace
// alone: that is how the UI steps backwards (Seeker keeps a copy every few hundred events and
// re-applies the rest), without re-running the simulation.
#include "sim/net/dns.h"
#include "sim/trace/event.h"
#include "sim/trace/event_list.h"
#include "sim/world/scenario.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mailsim::world {

struct HostView {
    std::string name;
    std::string ip;
    std::vector<std::string> roles;
    std::vector<std::string> domains;
    bool up = true;
    // Relay policy of an MTA (changed live by `relay` actions).
    bool open_relay = false;
    std::vector<std::string> relay_for;
};

struct LinkView {
    std::string a, b;
    SimTime latency = 0;
    double bandwidth_bps = 0;
    bool store_and_forward = false;
    bool up = true;
};

struct QueuedRecipient {
    std::string rcpt;
    int attempts = 0;
    SimTime next_retry = 0; // 0: due at the next queue run
    std::string last_error;
};

struct QueueEntryView {
    std::string msg_id;
    std::string from; // envelope sender; empty for a bounce (MAIL FROM:<>)
    // Index of the `queued` event that put it there: Trace::message_at(queued_event) has its
    // bytes (when the trace keeps messages). An index, not a copy: the view is folded from
    // events alone and copied at every seek checkpoint.
    std::uint64_t queued_event = 0;
    SimTime queued_at = 0;
    SimTime give_up_at = 0;
    std::vector<QueuedRecipient> rcpts;
};

struct MessageView {
    std::uint64_t uid = 0;
    std::string msg_id;
    std::string from;
    std::string subject;
    std::string flags; // "\Seen \Deleted"
};

struct MailboxView {
    std::string user; // address
    std::string host;
    std::map<std::string, std::vector<MessageView>> folders; // INBOX always present
};

struct ConnectionView {
    ConnId id = 0;
    std::string client, server;
    std::uint16_t port = 0;
    Proto proto = Proto::None;
    std::string state; // the engine's state (state_change events), "" before the first
    SimTime opened_at = 0;
};

struct Counters {
    std::uint64_t accepted = 0, delivered = 0, bounced = 0, duplicate_risk = 0, relayed = 0;
    std::uint64_t gave_up = 0;
};

struct WorldView {
    std::size_t position = 0; // number of trace events applied
    SimTime t = 0;
    std::vector<HostView> hosts;
    std::vector<LinkView> links;
    std::map<std::string, std::vector<QueueEntryView>> queues; // by MTA host, FCFS order
    std::map<std::string, MailboxView> mailboxes;              // by user address
    std::map<ConnId, ConnectionView> connections;              // open ones
    std::map<std::string, std::vector<std::string>> aliases;   // address -> members
    std::map<std::string, std::vector<net::MxRecord>> mx;      // domain -> records, as given
    std::map<std::string, std::vector<std::uint32_t>> a;       // name -> IPv4 addresses
    Counters counters;

    std::size_t queued_recipients() const;
    const QueueEntryView* queue_entry(const std::string& host, const std::string& msg_id) const;
};

// The DNS records are the ones the world built (scenario records plus the default MX of each
// served domain), so the view shows what the resolver answers.
WorldView initial_view(const Scenario& scenario,
                       const std::map<std::string, std::vector<net::MxRecord>>& mx = {},
                       const std::map<std::string, std::vector<std::uint32_t>>& a = {});
void apply(WorldView& view, const Event& event);

class Seeker {
public:
    explicit Seeker(WorldView initial, std::size_t interval = 256)
        : m_interval(interval), m_checkpoints{std::move(initial)} {}

    // The view after the first `position` events of `events` (clamped to events.size()).
    // Cost: one copy plus at most `interval` applies; forwards from the last answer it only
    // applies the new events.
    const WorldView& seek(const EventList& events, std::size_t position);
    // The trace was cut back (re-simulation): forget checkpoints past `size` events.
    void truncate(std::size_t size);

private:
    void extend(const EventList& events, std::size_t up_to);

    std::size_t m_interval;
    std::vector<WorldView> m_checkpoints; // [k] = view after k * interval events
    WorldView m_current;
    bool m_has_current = false;
};

} // namespace mailsim::world
