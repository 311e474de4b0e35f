#include "mta.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/dsn.h"
#include "sim/agents/gateway.h"
#include "sim/agents/message_util.h"
#include "sim/agents/mta_connections.h"
#include "sim/mail/trace_headers.h"
#include "sim/store/store.h"

#include <algorithm>
#include <set>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

Mta::Mta(AgentContext& context, const HostSpec& spec) : m_context(context), m_spec(spec) {
    if (std::find(m_spec.closed_ports.begin(), m_spec.closed_ports.end(), 25) ==
        m_spec.closed_ports.end())
        listen();
}

// Defined here, where the session types are complete; each session lets go of its connection.
Mta::~Mta() = default;

void Mta::listen() {
    auto host = *m_context.network().find_host(m_spec.name);
    m_context.network().listen(host, 25, [this](trace::ConnId id) -> net::TcpHandler* {
        return add_session(m_inbound, *this, m_context, id);
    });
}

void Mta::on_host_up() {
    m_queue_changed = true;
    schedule_queue_run(0);
}

std::string Mta::smtp_name() const {
    // The lecture's dialogue names the mail domain ("220 hamburger.edu"), not the machine.
    if (m_context.style() == TextStyle::Classic && !m_spec.domains.empty())
        return m_spec.domains.front();
    return m_spec.name;
}

bool Mta::is_local_domain(std::string_view domain) const {
    for (const auto& d : m_spec.domains)
        if (equals_ci(d, domain))
            return true;
    return false;
}

std::string Mta::qualify(std::string_view name) const {
    std::string address = to_lower_ascii(name);
    if (address.find('@') == std::string::npos && !m_spec.domains.empty())
        address += "@" + m_spec.domains.front();
    return address;
}

const std::vector<std::string>* Mta::alias_members(const std::string& address) const {
    for (const auto& alias : m_context.aliases()) {
        if (alias.address == address || qualify(alias.address) == address)
            return &alias.members;
    }
    return nullptr;
}

void Mta::set_relay_policy(bool open_relay, std::vector<std::string> relay_for) {
    m_spec.open_relay = open_relay;
    m_spec.relay_for = std::move(relay_for);
}

void Mta::set_terminal(const std::string& user, bool logged_in) {
    if (logged_in)
        m_terminals.insert(to_lower_ascii(user));
    else
        m_terminals.erase(to_lower_ascii(user));
}

Status Mta::add_forced_reply(const ActionArguments& a) {
    const std::string at = to_upper_ascii(a.get_or("at", ""));
    const int code = std::atoi(a.get_or("code", "0").c_str());
    if (code < 400 || code > 599)
        return make_error("force: code must be a 4yz or 5yz reply (421, 450, 451, 452, 550, ...)");
    ForcedRule rule{smtp::FaultPoint::Kind::Command, smtp::Verb::Unknown, code, -1};
    if (at == "CONNECT" || at == "GREETING")
        rule.kind = smtp::FaultPoint::Kind::Connect;
    else if (at == "." || at == "DATA_END" || at == "END")
        rule.kind = smtp::FaultPoint::Kind::EndOfData;
    else if (auto verb = smtp::verb_from_name(at))
        rule.verb = *verb;
    else
        return make_error("force: at= must be CONNECT, a command verb, or DATA_END");
    if (auto* count = a.get("count"))
        rule.remaining = std::atoi(count->c_str());
    m_rules.push_back(rule);
    m_context.record(trace::fault({.host = m_spec.name,
                                   .proto = trace::Proto::Smtp,
                                   .what = "forced reply " + std::to_string(code) + " at " + at,
                                   .code = code,
                                   .at = at}));
    return Ok{};
}

std::optional<smtp::Reply> Mta::forced_reply(const smtp::FaultPoint& at, const smtp::SessionInfo&) {
    for (auto& rule : m_rules) {
        if (rule.remaining == 0 || rule.kind != at.kind)
            continue;
        if (rule.kind == smtp::FaultPoint::Kind::Command && rule.verb != at.verb)
            continue;
        if (rule.remaining > 0)
            --rule.remaining;
        smtp::Reply reply;
        reply.code = rule.code;
        return reply;
    }
    return std::nullopt;
}

bool Mta::accounts_only_client(const smtp::SessionInfo& session) const {
    return m_external.accounts_only && !m_external.host.empty() &&
           to_lower_ascii(session.client_address) == m_external.host;
}

smtp::SenderDecision Mta::check_sender(const smtp::SessionInfo& session, const smtp::Transaction&,
                                       std::string_view reverse_path) {
    if (!accounts_only_client(session) || m_context.user(to_lower_ascii(reverse_path)))
        return {};
    return {smtp::SenderDecision::Kind::Refused}; // 550 5.7.1, the null sender too
}

smtp::RecipientDecision Mta::check_recipient(const smtp::SessionInfo& session,
                                             const smtp::Transaction&,
                                             std::string_view forward_path) {
    using Kind = smtp::RecipientDecision::Kind;
    const std::string rcpt = to_lower_ascii(forward_path);
    const std::string domain = domain_of(rcpt);
    if (is_local_domain(domain)) {
        if (m_context.user(rcpt) || alias_members(rcpt))
            return {Kind::Accept, {}};
        return {Kind::Unknown, {}};
    }
    if (accounts_only_client(session))
        return {m_context.user(rcpt) ? Kind::Accept : Kind::RelayDenied, {}};
    if (m_gateway && m_gateway->handles(domain))
        return {Kind::Accept, {}};
    if (m_spec.open_relay)
        return {Kind::Accept, {}};
    const std::string client = to_lower_ascii(session.client_address);
    if (!m_external.host.empty() && client == m_external.host) {
        for (const auto& host : m_context.hosts())
            for (const auto& served : host.domains)
                if (to_lower_ascii(served) == domain)
                    return {Kind::Accept, {}};
        return {Kind::RelayDenied, {}};
    }
    for (const auto& allowed : m_spec.relay_for)
        if (allowed == client)
            return {Kind::Accept, {}};
    for (const auto& ua : m_context.user_agents())
        if (ua.server == m_spec.name && ua.host == client)
            return {Kind::Accept, {}};
    return {Kind::RelayDenied, {}};
}

smtp::VerifyDecision Mta::verify(const smtp::SessionInfo&, std::string_view query) {
    using Kind = smtp::VerifyDecision::Kind;
    if (!m_spec.vrfy)
        return {Kind::Disabled, {}, {}, {}};
    const std::string address = qualify(bare_address(query));
    if (const auto* user = m_context.user(address))
        return {Kind::Verified, user->name, user->address, {}};
    if (const auto* members = alias_members(address)) {
        if (members->size() == 1) {
            const std::string target = qualify(members->front());
            const auto* user = m_context.user(target);
            return {Kind::Verified, user ? user->name : "", target, {}};
        }
        return {Kind::CannotVerify, {}, {}, {}};
    }
    return {Kind::Unknown, {}, {}, {}};
}

smtp::ExpandDecision Mta::expand(const smtp::SessionInfo&, std::string_view list) {
    using Kind = smtp::ExpandDecision::Kind;
    if (!m_spec.expn)
        return {Kind::Disabled, {}};
    const auto* members = alias_members(qualify(bare_address(list)));
    if (!members)
        return {Kind::NotAList, {}};
    smtp::ExpandDecision decision{Kind::Expanded, {}};
    for (const auto& m : *members) {
        const std::string address = qualify(m);
        const auto* user = m_context.user(address);
        decision.members.push_back(user && !user->name.empty() ? user->name + " <" + address + ">"
                                                               : "<" + address + ">");
    }
    return decision;
}

smtp::Presence Mta::presence(std::string_view mailbox) {
    return m_terminals.count(to_lower_ascii(mailbox)) ? smtp::Presence::LoggedIn
                                                      : smtp::Presence::NotLoggedIn;
}

smtp::MessageDecision Mta::accept_message(const smtp::SessionInfo&,
                                          const smtp::Transaction& transaction, ByteView message) {
    using Kind = smtp::MessageDecision::Kind;
    // Mail loop: too many hops already (RFC 5321 6.3).
    if (count_headers(message, "Received") >= m_spec.max_received)
        return {Kind::Rejected, {}};
    // Quota: refuse the whole message only when no recipient could take it; otherwise take it
    // and bounce the ones over quota later.
    store::Store* store = m_context.store_of(m_spec.name);
    if (store && !transaction.rcpt_to.empty()) {
        bool all_over = true;
        for (const auto& rcpt : transaction.rcpt_to) {
            const auto* user = m_context.user(to_lower_ascii(rcpt));
            if (!user || user->host != m_spec.name ||
                !store->would_exceed_quota(user->login, message.size()))
                all_over = false;
        }
        if (all_over)
            return {Kind::ExceededStorage, {}};
    }
    // RFC 5321 §6.1: a 250 takes responsibility, so it is given only when the disk has room
    // for what the message will write (452 4.3.1 otherwise, RFC 3463: the client tries later).
    if (!has_room(transaction, message))
        return {Kind::InsufficientStorage, {}};
    return {Kind::Accepted, to_upper_ascii(m_spec.name.substr(0, m_spec.name.find('.'))) +
                                std::to_string(++m_queue_counter)};
}

bool Mta::has_room(const smtp::Transaction& transaction, ByteView message) {
    // What each copy may add to the text: Received and Return-Path lines.
    constexpr std::uint64_t kTraceHeaders = 1024;
    std::uint64_t local = 0, remote = 0;
    bool alias = false;
    for (const auto& rcpt : transaction.rcpt_to) {
        if (!is_local_domain(domain_of(rcpt))) {
            ++remote;
            continue;
        }
        ++local;
        alias = alias || alias_members(qualify(bare_address(to_lower_ascii(rcpt))));
    }
    const std::uint64_t copy = message.size() + kTraceHeaders;
    store::Store* store = m_context.store_of(m_spec.name);
    if (local && store) {
        // An alias may reach every mailbox (duplicates are suppressed, so not more).
        const std::uint64_t copies = alias ? local + store->logins().size() : local;
        if (!store->reserve(copies * (copy + store::Store::kRecordBound)))
            return false;
    }
    if ((remote || alias) && m_spool_room && !m_spool_room(copy))
        return false;
    return true;
}

void Mta::storage_failure(const std::string& msg_id, const std::string& rcpt) {
    ++m_storage_failures;
    m_context.record(trace::fault({.host = m_spec.name,
                                   .what = "no room on disk for the copy for " + rcpt,
                                   .cause = "storage_full",
                                   .msg_id = msg_id,
                                   .rcpt = rcpt}));
}

Bytes Mta::add_received(ByteView message, const std::string& client_helo,
                        const std::string& client_host, const std::string& queue_id,
                        const std::string& for_rcpt) {
    if (!m_context.trace_headers())
        return Bytes(message);
    mail::ReceivedInfo info;
    info.from_helo = client_helo.empty() ? client_host : client_helo;
    if (auto host = m_context.network().find_host(client_host))
        info.from_ip = net::format_ipv4(m_context.network().host(*host).ip);
    info.by_host = m_spec.name;
    info.with = mail::ReceivedProtocol::Smtp;
    info.id = queue_id;
    info.for_rcpt = for_rcpt;
    info.unix_seconds = kEpochUnixSeconds + m_context.now() / kSecond;
    const std::string value = mail::received_value(info);
    Bytes out;
    out.reserve(12 + value.size() + message.size());
    out.append("Received: ").append(value).append("\r\n").append(message);
    return out;
}

void Mta::take_message(const std::string& client_host, const smtp::Transaction& transaction,
                       const Bytes& message, const std::string& queue_id,
                       const std::string& client_helo) {
    const std::string msg_id = tracking_id(message);
    const Bytes data = add_received(message, client_helo, client_host, queue_id,
                                    transaction.rcpt_to.size() == 1 ? transaction.rcpt_to[0] : "");
    std::vector<std::string> remote, local;
    std::set<std::string> seen; // the same recipient twice in one envelope: one copy
    for (const auto& rcpt_raw : transaction.rcpt_to) {
        const std::string rcpt = to_lower_ascii(rcpt_raw);
        if (!seen.insert(rcpt).second)
            continue;
        m_context.record(trace::accepted({.host = m_spec.name,
                                          .peer = client_host,
                                          .msg_id = msg_id,
                                          .from = transaction.mail_from,
                                          .rcpt = rcpt,
                                          .queue_id = queue_id}));
        if (is_local_domain(domain_of(rcpt)))
            local.push_back(rcpt);
        else
            remote.push_back(rcpt);
    }
    if (!local.empty())
        deliver_local(msg_id, transaction.mail_from, local, remote, data, transaction.mode);
    if (!remote.empty())
        enqueue(msg_id, transaction.mail_from, remote, data);
}

void Mta::submit(const std::string& from, const std::vector<std::string>& rcpts, Bytes data,
                 const std::string& why) {
    const std::string msg_id = tracking_id(data);
    std::vector<std::string> remote, local;
    std::set<std::string> seen;
    for (const auto& rcpt_raw : rcpts) {
        const std::string rcpt = to_lower_ascii(rcpt_raw);
        if (!seen.insert(rcpt).second)
            continue;
        if (is_local_domain(domain_of(rcpt))) {
            const auto index =
                m_context.record(trace::queued({.host = m_spec.name,
                                                .msg_id = msg_id,
                                                .from = from,
                                                .rcpt = rcpt,
                                                .why = why,
                                                .give_up_at = m_context.now() + m_spec.give_up}));
            if (local.empty()) // the queue entry the first recipient opens holds the bytes
                m_context.keep_message(index, data);
            local.push_back(rcpt);
        } else {
            remote.push_back(rcpt);
        }
    }
    if (!local.empty())
        deliver_local(msg_id, from, local, remote, data, smtp::DeliveryMode::Mailbox);
    if (!remote.empty())
        enqueue(msg_id, from, remote, std::move(data));
}

void Mta::enqueue(const std::string& msg_id, const std::string& from,
                  const std::vector<std::string>& rcpts, Bytes data) {
    SpoolEntry entry;
    // Appended, not `"q" + to_string(...)`: GCC 12 at -O3 warns (falsely) on that form.
    entry.seq = m_context.next_counter();
    entry.queue_id = "q";
    entry.queue_id += std::to_string(entry.seq);
    entry.msg_id = msg_id;
    entry.from = from;
    entry.rcpts = rcpts;
    entry.data = std::move(data);
    entry.queued_at = m_context.now();
    entry.next_attempt = m_context.now();
    for (const auto& rcpt : rcpts) {
        const auto index =
            m_context.record(trace::queued({.host = m_spec.name,
                                            .msg_id = msg_id,
                                            .from = from,
                                            .rcpt = rcpt,
                                            .queue_id = entry.queue_id,
                                            .give_up_at = entry.queued_at + m_spec.give_up}));
        if (&rcpt == &rcpts.front()) // the queue entry the first recipient opens holds the bytes
            m_context.keep_message(index, entry.data);
    }
    m_arrived.push_back(entry.seq);
    m_spool.push_back(std::move(entry));
    // A fresh message does not wait for the next periodic run: its first try is now-ish.
    schedule_queue_run(0);
}

SpoolEntry* Mta::find_entry(const std::string& queue_id) {
    // Binary search: a spool of thousands of messages must not make every lookup linear.
    if (queue_id.size() < 2 || queue_id[0] != 'q')
        return nullptr;
    std::uint64_t seq = 0;
    for (std::size_t i = 1; i < queue_id.size(); ++i) {
        if (queue_id[i] < '0' || queue_id[i] > '9')
            return nullptr;
        seq = seq * 10 + static_cast<std::uint64_t>(queue_id[i] - '0');
    }
    return entry_by_seq(seq);
}

SpoolEntry* Mta::entry_by_seq(std::uint64_t seq) {
    auto it = std::lower_bound(m_spool.begin(), m_spool.end(), seq,
                               [](const SpoolEntry& e, std::uint64_t s) { return e.seq < s; });
    if (it == m_spool.end() || it->seq != seq)
        return nullptr;
    return &*it;
}

} // namespace mailsim::agents
