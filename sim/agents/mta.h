#pragma once
// A mail transfer agent on one host: an SMTP server on port 25 (the smtp engine with this MTA as
// its policy), local delivery into the host's mailbox store (aliases, quota, Return-Path,
// terminals), and an outgoing FCFS spool worked by a queue runner every N seconds: MX lookup
// (or the smarthost), one SMTP client session per destination, per-recipient results, retries
// on a schedule, give-up with an RFC 3464 bounce sent from <> (a bounce is never bounced).
#include "sim/agents/agent_config.h"
#include "sim/agents/agent_context.h"
#include "sim/core/bytes.h"
#include "sim/net/dns.h"
#include "sim/proto/smtp/smtp_policy.h"
#include "sim/proto/smtp/smtp_server.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace mailsim::agents {

class Gateway;

struct SpoolEntry {
    std::uint64_t seq = 0; // spool order (FCFS); the spool stays sorted by it
    std::string queue_id;
    std::string msg_id;
    std::string from;               // "" for the null sender (a bounce)
    std::vector<std::string> rcpts; // still to be sent
    Bytes data;
    SimTime queued_at = 0;
    SimTime next_attempt = 0;
    int attempts = 0;
    bool in_flight = false;
    bool warned = false;
    std::string last_error;
};

// Clients from outside the simulation (`mailsim serve` bridges each real TCP connection in as a
// connection from one simulated host): their engine configuration can be tightened (limits,
// timeouts), and they may relay only to domains that an MTA of the world serves, so their mail
// stays inside the simulated world.
struct ExternalClients {
    std::string host; // the simulated host real connections come from; "" = none
    std::function<void(smtp::ServerConfig&)> configure;
    // Served beyond loopback (`mailsim serve --listen`): mail from and to the world's own
    // accounts only, so the classroom's server relays for nobody else (an open relay too).
    bool accounts_only = false;
};

class Mta : public smtp::ServerPolicy {
public:
    Mta(AgentContext& context, const HostSpec& spec);
    ~Mta() override;

    const std::string& host_name() const { return m_spec.name; }
    const HostSpec& spec() const { return m_spec; }
    void listen();
    void on_host_up();

    // A message handed over without SMTP (a user agent on the same machine, a bounce, a
    // gateway): queued or delivered like one received by SMTP.
    void submit(const std::string& from, const std::vector<std::string>& rcpts, Bytes data,
                const std::string& why);
    Status add_forced_reply(const ActionArguments& action);
    void set_terminal(const std::string& user, bool logged_in);
    Gateway* gateway() const { return m_gateway; }
    void set_gateway(Gateway* gateway) {
        m_gateway = gateway;
        m_route_keys.clear();
    }
    void set_external_clients(ExternalClients clients) { m_external = std::move(clients); }
    const ExternalClients& external_clients() const { return m_external; }
    // How long after the 250 local delivery runs (default 1 ms); 0 = before the 250 leaves
    // the host, so a server persisting the store can fsync before the client sees the 250.
    void set_local_delivery_delay(SimTime delay) { m_local_delivery_delay = delay; }
    // Whether the spool has room on disk for `bytes` more (`mailsim serve --state`: the queue
    // file is rewritten on every change). Unset: always. With a store journal, the two decide
    // a message's 250 or 452 before anything is taken.
    void set_spool_room(std::function<bool(std::uint64_t bytes)> room) {
        m_spool_room = std::move(room);
    }
    // Local copies that could not be recorded on disk after the 250 was decided (the store's
    // journal refused them in spite of the room reserved): the server must not send that 250.
    std::uint64_t storage_failures() const { return m_storage_failures; }

    // The relay policy, changed live (the `relay` action): open to everyone, or only for the
    // listed client hosts (plus this server's own user agents, always).
    void set_relay_policy(bool open_relay, std::vector<std::string> relay_for);

    const std::deque<SpoolEntry>& spool() const { return m_spool; }
    bool is_local_domain(std::string_view domain) const;
    std::string smtp_name() const; // the name in HELO and in the greeting

    // --- smtp::ServerPolicy -----------------------------------------------------------------
    std::optional<smtp::Reply> forced_reply(const smtp::FaultPoint& at,
                                            const smtp::SessionInfo& session) override;
    smtp::SenderDecision check_sender(const smtp::SessionInfo& session,
                                      const smtp::Transaction& transaction,
                                      std::string_view reverse_path) override;
    smtp::RecipientDecision check_recipient(const smtp::SessionInfo& session,
                                            const smtp::Transaction& transaction,
                                            std::string_view forward_path) override;
    smtp::VerifyDecision verify(const smtp::SessionInfo& session, std::string_view query) override;
    smtp::ExpandDecision expand(const smtp::SessionInfo& session, std::string_view list) override;
    smtp::Presence presence(std::string_view mailbox) override;
    smtp::MessageDecision accept_message(const smtp::SessionInfo& session,
                                         const smtp::Transaction& transaction,
                                         ByteView message) override;

    // Called by the inbound connection once the 250 for a message was sent.
    void take_message(const std::string& client_host, const smtp::Transaction& transaction,
                      const Bytes& message, const std::string& queue_id,
                      const std::string& client_helo);

private:
    friend class MtaInbound;
    friend class MtaOutbound;
    struct ForcedRule {
        smtp::FaultPoint::Kind kind;
        smtp::Verb verb;
        int code;
        int remaining; // -1: always
    };
    struct Destination {
        std::string key;    // domain, or "smarthost"
        std::string domain; // for the MX lookup
        std::vector<std::string> queue_ids;
    };

    void schedule_queue_run(SimTime delay);
    void queue_run();
    void start_delivery(Destination destination);
    // `also_remote`: the same envelope's remote recipients, already queued: an alias member
    // among them is not sent a second copy.
    void deliver_local(const std::string& msg_id, const std::string& from,
                       const std::vector<std::string>& rcpts,
                       const std::vector<std::string>& also_remote, const Bytes& data,
                       smtp::DeliveryMode mode);
    // What deliver_local runs, now or after the local delivery delay.
    void deliver_now(const std::string& msg_id, const std::string& from,
                     const std::vector<std::string>& rcpts,
                     const std::vector<std::string>& also_remote, const Bytes& data,
                     smtp::DeliveryMode mode);
    // Aliases expanded (nested, loops cut, duplicates taken once); returns final addresses,
    // records `expanded` (or bounces a recipient whose aliases only loop).
    std::vector<std::string> expand_aliases(const std::string& msg_id, const std::string& from,
                                            const std::vector<std::string>& rcpts,
                                            const std::vector<std::string>& also_remote,
                                            const Bytes& data);
    const std::vector<std::string>* alias_members(const std::string& address) const;
    bool accounts_only_client(const smtp::SessionInfo& session) const;
    std::string qualify(std::string_view name) const;
    // Room on disk for every copy of `message` this transaction makes (local mailboxes, the
    // spool); true when nothing is kept on disk.
    bool has_room(const smtp::Transaction& transaction, ByteView message);
    void storage_failure(const std::string& msg_id, const std::string& rcpt);
    SpoolEntry* find_entry(const std::string& queue_id);
    SpoolEntry* entry_by_seq(std::uint64_t seq);
    // A destination's connection is over: its waiting mail may go again.
    void destination_free(const std::string& key) {
        m_busy_destinations.erase(key);
        m_queue_changed = true;
    }
    void enqueue(const std::string& msg_id, const std::string& from,
                 const std::vector<std::string>& rcpts, Bytes data);
    // A recipient's transfer failed: retry later (temporary) or bounce (permanent).
    void defer(SpoolEntry& entry, const std::string& rcpt, const std::string& error);
    void fail_permanently(SpoolEntry& entry, const std::string& rcpt, const std::string& error);
    void relayed(SpoolEntry& entry, const std::string& rcpt, const std::string& peer);
    void after_attempt(const std::string& queue_id);
    void bounce(const std::string& msg_id, const std::string& from, const std::string& rcpt,
                const std::string& reason, const Bytes& original);
    const std::string& route_key(const std::string& rcpt) const;
    std::string compute_route_key(const std::string& rcpt) const;
    SimTime retry_wait(int attempts) const;
    Bytes add_received(ByteView message, const std::string& client_helo,
                       const std::string& client_host, const std::string& queue_id,
                       const std::string& for_rcpt);

    AgentContext& m_context;
    HostSpec m_spec;
    std::deque<SpoolEntry> m_spool;
    std::vector<ForcedRule> m_rules;
    std::set<std::string> m_terminals;
    std::vector<std::unique_ptr<class MtaInbound>> m_inbound;
    std::vector<std::unique_ptr<class MtaOutbound>> m_outbound;
    std::set<std::string> m_busy_destinations;
    // What lets a queue run look at the new arrivals only (see queue_run): the spool changed
    // in another way since the last run, the seqs that arrived since, and from the last run
    // the earliest due time and the earliest future retry among the waiting entries.
    bool m_queue_changed = true;
    std::vector<std::uint64_t> m_arrived;
    SimTime m_settled_earliest = -1;
    SimTime m_next_retry = -1;
    Gateway* m_gateway = nullptr;
    ExternalClients m_external;
    SimTime m_local_delivery_delay = kMillisecond;
    std::function<bool(std::uint64_t)> m_spool_room;
    std::uint64_t m_storage_failures = 0;
    std::uint64_t m_queue_counter = 0;
    std::uint64_t m_run_event = ~0ULL;
    SimTime m_next_run = -1;
    mutable std::unordered_map<std::string, std::string> m_route_keys; // rcpt -> route_key
};

} // namespace mailsim::agents
