#include "world_view.h"

#include "sim/core/bytes.h"
#include "sim/net/dns.h"
#include "sim/net/network.h"

#include <algorithm>

namespace mailsim::world {

std::size_t WorldView::queued_recipients() const {
    std::size_t n = 0;
    for (const auto& [host, entries] : queues)
        for (const auto& entry : entries)
            n += entry.rcpts.size();
    return n;
}

const QueueEntryView* WorldView::queue_entry(const std::string& host,
                                             const std::string& msg_id) const {
    auto it = queues.find(host);
    if (it == queues.end())
        return nullptr;
    for (const auto& entry : it->second)
        if (entry.msg_id == msg_id)
            return &entry;
    return nullptr;
}

WorldView initial_view(const Scenario& s,
                       const std::map<std::string, std::vector<net::MxRecord>>& mx,
                       const std::map<std::string, std::vector<std::uint32_t>>& a) {
    WorldView view;
    view.mx = mx;
    view.a = a;
    for (const auto& h : s.hosts)
        view.hosts.push_back(HostView{h.name, net::format_ipv4(h.ip), h.roles, h.domains, true,
                                      h.open_relay, h.relay_for});
    for (const auto& a : s.aliases)
        view.aliases[a.address] = a.members;
    for (const auto& l : s.links)
        view.links.push_back(LinkView{l.a, l.b, l.latency, l.bandwidth_bps,
                                      l.kind == LinkKind::StoreAndForward, true});
    for (const auto& u : s.users) {
        MailboxView box;
        box.user = u.address;
        box.host = u.host;
        box.folders["INBOX"];
        for (const auto& f : u.folders)
            box.folders[f];
        view.mailboxes[u.address] = std::move(box);
    }
    return view;
}

namespace {

std::vector<QueueEntryView>::iterator find_entry(std::vector<QueueEntryView>& entries,
                                                 const std::string& msg_id) {
    return std::find_if(entries.begin(), entries.end(),
                        [&](const QueueEntryView& e) { return e.msg_id == msg_id; });
}

// The recipient leaves the host's queue (delivered, relayed, bounced).
void dequeue(WorldView& view, const Event& e) {
    auto q = view.queues.find(e.host);
    if (q == view.queues.end())
        return;
    auto entry = find_entry(q->second, e.msg_id);
    if (entry == q->second.end())
        return;
    auto& rcpts = entry->rcpts;
    rcpts.erase(std::remove_if(rcpts.begin(), rcpts.end(),
                               [&](const QueuedRecipient& r) { return r.rcpt == e.rcpt; }),
                rcpts.end());
    if (rcpts.empty())
        q->second.erase(entry);
    if (q->second.empty())
        view.queues.erase(q);
}

std::string folder_of(const std::string& mailbox) {
    auto slash = mailbox.find('/');
    return slash == std::string::npos ? std::string("INBOX") : mailbox.substr(slash + 1);
}

MessageView* find_message(WorldView& view, const Event& e) {
    auto box = view.mailboxes.find(e.user);
    if (box == view.mailboxes.end())
        return nullptr;
    auto& folder = box->second.folders[folder_of(e.mailbox)];
    for (auto& m : folder)
        if (m.uid == static_cast<std::uint64_t>(e.number))
            return &m;
    return nullptr;
}

// Config events carry the whole new value, so the view never needs the old one:
//   ALIAS: user = the alias address, text = its members ("" = the alias was removed)
//   RELAY: host = the MTA, state = "open" | "closed", text = the clients it relays for
//   MX: user = the domain, text = "10 mail.x, 20 mx2.x" ("" = no MX records left)
//   A: user = the name, text = "10.0.2.25, 10.0.2.26" ("" = no A records left)
void apply_config(WorldView& view, const Event& e) {
    if (e.verb == "MX" || e.verb == "A") {
        if (e.verb == "MX") {
            auto records = net::parse_mx_list(e.text);
            if (records && !records->empty())
                view.mx[e.user] = std::move(*records);
            else
                view.mx.erase(e.user);
        } else {
            auto addresses = net::parse_address_list(e.text);
            if (addresses && !addresses->empty())
                view.a[e.user] = std::move(*addresses);
            else
                view.a.erase(e.user);
        }
        return;
    }
    if (e.verb == "ALIAS") {
        auto members = split_list(e.text);
        if (members.empty())
            view.aliases.erase(e.user);
        else
            view.aliases[e.user] = std::move(members);
    } else if (e.verb == "RELAY") {
        for (auto& h : view.hosts)
            if (h.name == e.host) {
                h.open_relay = e.state == "open";
                h.relay_for = split_list(e.text);
            }
    }
}

} // namespace

void apply(WorldView& view, const Event& e) {
    view.position = e.index + 1;
    view.t = e.t;
    switch (e.kind) {
    case EventKind::Queued: {
        auto& entries = view.queues[e.host];
        auto entry = find_entry(entries, e.msg_id);
        if (entry == entries.end()) {
            QueueEntryView fresh;
            fresh.msg_id = e.msg_id;
            fresh.from = e.from;
            fresh.queued_at = e.t;
            fresh.give_up_at = e.number;
            entries.push_back(std::move(fresh));
            entry = entries.end() - 1;
        }
        entry->rcpts.push_back(QueuedRecipient{e.rcpt, 0, 0, {}});
        break;
    }
    case EventKind::Retry: {
        auto q = view.queues.find(e.host);
        if (q == view.queues.end())
            break;
        auto entry = find_entry(q->second, e.msg_id);
        if (entry == q->second.end())
            break;
        for (auto& r : entry->rcpts)
            if (r.rcpt == e.rcpt) {
                ++r.attempts;
                r.next_retry = e.number;
                r.last_error = e.reason;
            }
        break;
    }
    case EventKind::Relayed:
        ++view.counters.relayed;
        dequeue(view, e);
        break;
    case EventKind::Delivered:
        ++view.counters.delivered;
        dequeue(view, e);
        break;
    case EventKind::Bounced:
        ++view.counters.bounced;
        dequeue(view, e);
        break;
    case EventKind::Expanded:
        dequeue(view, e); // the alias is done; its members go on as their own recipients
        break;
    case EventKind::GaveUp:
        ++view.counters.gave_up;
        break;
    case EventKind::Accepted:
        ++view.counters.accepted;
        break;
    case EventKind::DuplicateRisk:
        ++view.counters.duplicate_risk;
        break;
    case EventKind::MailboxAdd: {
        auto& box = view.mailboxes[e.user];
        box.user = e.user;
        if (box.host.empty())
            box.host = e.host;
        box.folders[folder_of(e.mailbox)].push_back(
            MessageView{static_cast<std::uint64_t>(e.number), e.msg_id, e.from, e.text, e.state});
        break;
    }
    case EventKind::MailboxDelete: {
        auto box = view.mailboxes.find(e.user);
        if (box == view.mailboxes.end())
            break;
        auto& folder = box->second.folders[folder_of(e.mailbox)];
        folder.erase(std::remove_if(folder.begin(), folder.end(),
                                    [&](const MessageView& m) {
                                        return m.uid == static_cast<std::uint64_t>(e.number);
                                    }),
                     folder.end());
        break;
    }
    case EventKind::MailboxFlag:
        if (auto* m = find_message(view, e))
            m->flags = e.state;
        break;
    case EventKind::ConnOpen: {
        ConnectionView c;
        c.id = e.conn;
        c.client = e.host;
        c.server = e.peer;
        c.port = static_cast<std::uint16_t>(e.code);
        c.proto = e.proto;
        c.opened_at = e.t;
        view.connections[e.conn] = std::move(c);
        break;
    }
    case EventKind::ConnClose:
        view.connections.erase(e.conn);
        break;
    case EventKind::StateChange: {
        auto c = view.connections.find(e.conn);
        if (c != view.connections.end())
            c->second.state = e.state;
        break;
    }
    case EventKind::HostDown:
    case EventKind::HostUp:
        for (auto& h : view.hosts)
            if (h.name == e.host)
                h.up = e.kind == EventKind::HostUp;
        break;
    case EventKind::LinkDown:
    case EventKind::LinkUp:
        for (auto& l : view.links)
            if ((l.a == e.host && l.b == e.peer) || (l.a == e.peer && l.b == e.host))
                l.up = e.kind == EventKind::LinkUp;
        break;
    case EventKind::Config:
        apply_config(view, e);
        break;
    default:
        break;
    }
}

void Seeker::extend(const EventList& events, std::size_t up_to) {
    while ((m_checkpoints.size()) * m_interval <= up_to) {
        WorldView next = m_checkpoints.back();
        const std::size_t begin = (m_checkpoints.size() - 1) * m_interval;
        const std::size_t end = begin + m_interval;
        if (end > events.size())
            break;
        for (std::size_t i = begin; i < end; ++i)
            apply(next, events[i]);
        m_checkpoints.push_back(std::move(next));
    }
}

const WorldView& Seeker::seek(const EventList& events, std::size_t position) {
    position = std::min(position, events.size());
    if (m_has_current && m_current.position <= position &&
        position - m_current.position < m_interval) {
        for (std::size_t i = m_current.position; i < position; ++i)
            apply(m_current, events[i]);
        m_current.position = position;
        return m_current;
    }
    extend(events, position);
    const std::size_t k = std::min(position / m_interval, m_checkpoints.size() - 1);
    m_current = m_checkpoints[k];
    for (std::size_t i = k * m_interval; i < position; ++i)
        apply(m_current, events[i]);
    m_current.position = position;
    m_has_current = true;
    return m_current;
}

void Seeker::truncate(std::size_t size) {
    const std::size_t keep = size / m_interval + 1;
    if (m_checkpoints.size() > keep)
        m_checkpoints.resize(keep);
    if (m_has_current && m_current.position > size)
        m_has_current = false;
}

} // namespace mailsim::world
