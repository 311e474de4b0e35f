#include "world.h"

#include "sim/agents/gateway.h"
#include "sim/agents/mail_access.h"
#include "sim/agents/message_util.h"
#include "sim/agents/mta.h"
#include "sim/agents/telnet.h"
#include "sim/agents/user_agent.h"
#include "sim/agents/webmail.h"
#include "sim/mail/address.h"
#include "sim/mail/builder.h"
#include "sim/mail/message.h"
#include "sim/store/store.h"
#include "sim/trace/event_kinds.h"

#include <set>
#include <utility>

namespace mailsim::world {

// Turns store changes into mailbox_* trace events for one mail server.
class StoreRecorder : public store::StoreObserver {
public:
    StoreRecorder(World& world, std::string host, store::Store& store)
        : m_world(world), m_host(std::move(host)), m_store(store) {}

    void on_change(const store::ChangeRecord& record) override {
        std::visit([this](const auto& change) { handle(change); }, record.change);
    }

    // Every message the store holds now, as a MailboxAdd "restored" (see
    // World::record_store_contents).
    void record_contents() {
        for (const auto& login : m_store.logins())
            for (const auto& [name, folder] : m_store.mailbox(login)->folders())
                for (const auto& message : folder.messages())
                    added(login, name, message, "restored");
    }

private:
    std::string address_of(const std::string& login) const {
        const store::Mailbox* box = m_store.mailbox(login);
        return box ? box->account().address : login;
    }
    void handle(const store::MessageAdded& c) {
        added(c.login, c.folder, c.message,
              c.reason == store::AddReason::Delivered  ? "delivered"
              : c.reason == store::AddReason::Appended ? "appended"
                                                       : "copied");
    }
    void added(const std::string& login, const std::string& folder, const store::Message& message,
               std::string reason) {
        const ByteView raw = message.bytes();
        m_world.record(trace::mailbox_add({.host = m_host,
                                           .user = address_of(login),
                                           .folder = folder,
                                           .uid = message.uid,
                                           .msg_id = agents::tracking_id(raw),
                                           .from = agents::header_value(raw, "From"),
                                           .subject = agents::header_value(raw, "Subject"),
                                           .flags = message.flags.to_string(),
                                           .why = std::move(reason)}));
    }
    void handle(const store::MessageRemoved& c) {
        m_world.record(trace::mailbox_delete(
            {.host = m_host,
             .user = address_of(c.login),
             .folder = c.folder,
             .uid = c.uid,
             .why = c.reason == store::RemoveReason::Pop3Deleted ? "pop3 delete" : "expunge"}));
    }
    void handle(const store::FlagsChanged& c) {
        m_world.record(trace::mailbox_flag({.host = m_host,
                                            .user = address_of(c.login),
                                            .folder = c.folder,
                                            .uid = c.uid,
                                            .before = c.before.to_string(),
                                            .after = c.after.to_string()}));
    }
    template <class Other>
    void handle(const Other&) {}

    World& m_world;
    std::string m_host;
    store::Store& m_store;
};

World::World(const Scenario& scenario, std::uint64_t seed)
    : m_scenario(scenario), m_aliases(scenario.aliases), m_seed(seed) {}

World::~World() {
    // Observers point into the stores; agents point at the network: drop agents first.
    m_telnets.clear();
    m_gateways.clear();
    m_webmails.clear();
    m_access_servers.clear();
    m_uas.clear();
    m_mtas.clear();
    for (auto& [host, store] : m_stores)
        for (auto& recorder : m_store_recorders)
            store->remove_observer(recorder.get());
}

Result<std::unique_ptr<World>> World::create(const Scenario& scenario,
                                             std::optional<std::uint64_t> seed) {
    std::unique_ptr<World> world(new World(scenario, seed.value_or(scenario.seed)));
    if (auto status = world->build(); !status.ok())
        return status.error();
    return world;
}

void World::record_store_contents() {
    for (auto& recorder : m_store_recorders)
        recorder->record_contents();
}

Rng World::make_rng(std::string_view consumer) const {
    return Rng(m_seed, stream_id(consumer));
}

std::string World::next_message_id(const std::string& host) {
    return "<" + std::to_string(++m_counter) + "." + std::to_string(m_seed) + "@" + host + ">";
}

std::uint64_t World::record(Event&& event) {
    event.t = m_sim.now();
    return m_trace.add(std::move(event));
}

Event& World::record_in_place() {
    Event& event = m_trace.emplace();
    event.t = m_sim.now();
    return event;
}

const store::Store* World::store_of(const std::string& host) const {
    auto it = m_stores.find(to_lower_ascii(host));
    return it == m_stores.end() ? nullptr : it->second.get();
}

store::Store* World::store_of(const std::string& host) {
    return const_cast<store::Store*>(std::as_const(*this).store_of(host));
}

Status World::build() {
    m_network = std::make_unique<net::Network>(m_sim, m_trace, m_seed);
    m_dns = std::make_unique<net::Dns>(*m_network, m_seed);
    // A finished connection's line recorder lives on only while one of its agents still holds
    // it: a long `serve` run must not keep one per connection ever made.
    m_network->set_on_released([this](ConnId id) { m_wire_logs.erase(id); });
    m_network->set_default_link(
        net::LinkSpec{m_scenario.default_latency, m_scenario.default_bandwidth, 0.0});
    std::uint32_t next_ip = 0x0a000001; // 10.0.0.1, 10.0.0.2, ... for hosts without an address
    for (auto& h : m_scenario.hosts) {
        if (h.ip == 0) {
            while (m_network->find_host_by_ip(next_ip))
                ++next_ip;
            h.ip = next_ip++;
        }
        m_network->add_host(h.name, h.ip);
        m_dns->add_a(h.name, h.ip);
    }
    for (const auto& l : m_scenario.links) {
        if (l.kind == LinkKind::StoreAndForward)
            continue; // not TCP/IP: only the gateway's batches use it
        m_network->add_link(*m_network->find_host(l.a), *m_network->find_host(l.b),
                            net::LinkSpec{l.latency, l.bandwidth_bps, l.loss});
    }
    for (const auto& a : m_scenario.a_records)
        m_dns->add_a(a.name, a.ip);
    std::set<std::string> domains_with_mx;
    for (const auto& mx : m_scenario.mx) {
        m_dns->add_mx(mx.domain, mx.preference, mx.exchange);
        domains_with_mx.insert(mx.domain);
    }
    // A domain served by an MTA but not given an MX in the file gets one (preference 10).
    for (const auto& h : m_scenario.hosts)
        for (const auto& d : h.domains)
            if (m_scenario.default_mx && !domains_with_mx.count(d) &&
                (has_role(h, "mta") || has_role(h, "gateway"))) {
                m_dns->add_mx(d, 10, h.name);
                domains_with_mx.insert(d);
            }
    if (!m_scenario.dns_server.empty())
        m_dns->set_server(m_network->find_host(m_scenario.dns_server));

    for (const auto& u : m_scenario.users) {
        auto& store = m_stores[u.host];
        if (!store) {
            store = std::make_unique<store::Store>();
            auto recorder = std::make_unique<StoreRecorder>(*this, u.host, *store);
            store->add_observer(recorder.get());
            m_store_recorders.push_back(std::move(recorder));
        }
        store::UserAccount account;
        account.login = u.login;
        account.password = u.password;
        account.address = u.address;
        account.display_name = u.name;
        account.quota = store::Quota{u.quota_bytes, u.quota_messages};
        if (!store->add_user(account).ok())
            return make_error("user login '" + u.login + "' used twice on " + u.host, u.line, 1);
        for (const auto& folder : u.folders)
            (void)store->create_folder(u.login, folder);
    }
    if (auto status = build_agents(); !status.ok())
        return status;
    if (auto status = prefill_mailboxes(); !status.ok())
        return status;

    for (const auto& a : m_scenario.actions) {
        const Action action = a.action;
        m_sim.schedule_at(a.at, [this, action] {
            if (auto status = act(action); !status.ok()) {
                record(trace::fault({.host = "world",
                                     .what = action.to_string(),
                                     .cause = status.error().message}));
            }
        });
    }
    schedule_random_faults();
    // The records in force before any `dns` action: the view at position 0 shows these.
    m_initial_mx = m_dns->mx_records();
    m_initial_a = m_dns->a_records();
    return Ok{};
}

Status World::prefill_mailboxes() {
    for (const auto& m : m_scenario.messages) {
        const UserSpec* user = m_scenario.user(m.user);
        store::Store* store = user ? store_of(user->host) : nullptr;
        if (!store)
            return make_error("no mailbox for " + m.user, m.line, 1);
        mail::MessageBuilder builder;
        auto from = mail::parse_mailbox(m.from);
        auto to = mail::parse_mailbox(m.user);
        if (!from.ok() || !to.ok())
            return make_error("bad address in [[message]]", m.line, 1);
        builder.from(*from).to(*to).subject(m.subject).date(kEpochUnixSeconds, 0);
        builder.message_id(next_message_id(agents::domain_of(m.from)));
        builder.text(m.body.empty() || m.body.back() == '\n' ? m.body : m.body + "\n");
        auto message = builder.build();
        if (!message.ok())
            return make_error(message.error().message, m.line, 1);
        store::Flags flags;
        for (const auto& f : m.flags)
            if (!flags.add_by_name(f))
                return make_error("unknown flag '" + f + "'", m.line, 1);
        auto added = store->append(user->login, m.folder, mail::serialize(*message), 0, flags);
        if (!added.ok())
            return make_error("cannot add the message to " + m.user + "/" + m.folder + ": " +
                                  std::string(store::to_string(added.error())),
                              m.line, 1);
    }
    return Ok{};
}

bool World::run_until_idle(SimTime limit) {
    for (;;) {
        const SimTime next = m_sim.next_time();
        if (next < 0)
            return true;
        if (next > limit) {
            m_sim.run_until(limit);
            return false;
        }
        m_sim.step();
    }
}

const WorldView& World::view() {
    return view_at(m_trace.size());
}

const WorldView& World::view_at(std::size_t position) {
    if (!m_seeker)
        m_seeker = std::make_unique<Seeker>(initial_view(m_scenario, m_initial_mx, m_initial_a));
    if (m_trace.first_index() > 0) {
        // A trace window dropped the run's first events: no view can be rebuilt from what is
        // left, so there is only the scenario's initial view (see set_trace_window).
        static const EventList kNone;
        return m_seeker->seek(kNone, 0);
    }
    return m_seeker->seek(m_trace.events(), position);
}

Status World::perform(std::string_view action_line) {
    auto action = parse_action(action_line);
    if (!action.ok())
        return action.error();
    return perform(*action);
}

Status World::perform(const Action& action) {
    RecordedInput input{m_sim.now(), m_sim.dispatched(), m_trace.size(), action};
    record(trace::input(action.to_string()));
    auto status = act(action);
    if (status.ok())
        m_inputs.push_back(std::move(input));
    return status;
}

Result<std::unique_ptr<World>> World::rewind(std::size_t position) const {
    auto fresh = create(m_scenario, m_seed);
    if (!fresh.ok())
        return fresh.error();
    World& w = **fresh;
    w.m_trace.set_keep_packets(m_trace.keep_packets());
    w.m_trace.set_keep_messages(m_trace.keep_messages());
    for (const auto& input : m_inputs) {
        if (input.trace_size >= position)
            break;
        while (w.m_sim.dispatched() < input.dispatched && w.m_sim.step()) {
        }
        w.m_sim.run_until(input.t);
        (void)w.perform(input.action);
    }
    while (w.m_trace.size() < position && w.m_sim.step()) {
    }
    return fresh;
}

} // namespace mailsim::world
