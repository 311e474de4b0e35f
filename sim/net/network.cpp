#include "network.h"

#include <algorithm>

namespace mailsim::net {

using trace::EventKind;

std::string_view to_string(CloseReason reason) {
    switch (reason) {
    case CloseReason::Normal:
        return "normal";
    case CloseReason::Reset:
        return "reset";
    case CloseReason::Refused:
        return "refused";
    case CloseReason::Timeout:
        return "timeout";
    case CloseReason::HostDown:
        return "host down";
    }
    return "?";
}

std::string format_ipv4(std::uint32_t ip) {
    std::string out;
    out.reserve(15);
    for (int shift = 24; shift >= 0; shift -= 8) {
        const unsigned octet = (ip >> shift) & 255;
        if (octet >= 100)
            out += static_cast<char>('0' + octet / 100);
        if (octet >= 10)
            out += static_cast<char>('0' + octet / 10 % 10);
        out += static_cast<char>('0' + octet % 10);
        if (shift)
            out += '.';
    }
    return out;
}

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
    std::uint32_t ip = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        if (i >= text.size() || text[i] < '0' || text[i] > '9')
            return std::nullopt;
        unsigned value = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 4) {
            value = value * 10 + static_cast<unsigned>(text[i] - '0');
            ++i;
            ++digits;
        }
        if (value > 255)
            return std::nullopt;
        ip = (ip << 8) | value;
        ++parts;
        if (parts < 4) {
            if (i >= text.size() || text[i] != '.')
                return std::nullopt;
            ++i;
        }
    }
    if (i != text.size())
        return std::nullopt;
    return ip;
}

Network::Network(Simulator& sim, trace::Trace& trace, std::uint64_t seed)
    : m_sim(sim), m_trace(trace), m_seed(seed),
      m_sequence_numbers(stream_for(seed, "tcp initial sequence numbers")) {}

HostId Network::add_host(std::string name, std::uint32_t ip) {
    Host host;
    host.id = static_cast<HostId>(m_hosts.size());
    host.name = std::move(name);
    host.ip = ip;
    m_hosts.push_back(std::move(host));
    return m_hosts.back().id;
}

std::optional<HostId> Network::find_host(std::string_view name) const {
    for (const auto& host : m_hosts)
        if (equals_ci(host.name, name))
            return host.id;
    return std::nullopt;
}

std::optional<HostId> Network::find_host_by_ip(std::uint32_t ip) const {
    for (const auto& host : m_hosts)
        if (host.ip == ip)
            return host.id;
    return std::nullopt;
}

void Network::add_link(HostId a, HostId b, LinkSpec spec) {
    const auto key = std::minmax(a, b);
    auto found = m_link_index.find(key);
    if (found != m_link_index.end()) {
        m_links[found->second].spec = spec;
        m_links[found->second].implicit = false;
        return;
    }
    Link link = make_link(key, spec);
    link.a = a;
    link.b = b;
    m_link_index[key] = m_links.size();
    m_links.push_back(link);
}

Link Network::make_link(std::pair<HostId, HostId> ends, LinkSpec spec) const {
    Link link;
    link.a = ends.first;
    link.b = ends.second;
    link.spec = spec;
    link.loss_draws =
        stream_for(m_seed, "link " + m_hosts[ends.first].name + " " + m_hosts[ends.second].name);
    return link;
}

bool Network::set_link_up(HostId a, HostId b, bool up) {
    auto found = m_link_index.find(std::minmax(a, b));
    if (found == m_link_index.end() || m_links[found->second].implicit)
        return false;
    m_links[found->second].up = up;
    return true;
}

std::vector<const Link*> Network::links() const {
    std::vector<const Link*> out;
    for (const auto& link : m_links)
        if (!link.implicit)
            out.push_back(&link);
    return out;
}

Link& Network::path(HostId a, HostId b, int& direction) {
    const auto key = std::minmax(a, b);
    auto found = m_link_index.find(key);
    if (found == m_link_index.end()) {
        // Hosts without a declared link talk over "the Internet": the default link, one
        // independent pipe per pair so unrelated traffic does not queue behind each other.
        Link link = make_link(key, m_default_link);
        if (a == b)
            link.spec.latency = 0;
        link.implicit = true;
        found = m_link_index.emplace(key, m_links.size()).first;
        m_links.push_back(link);
    }
    Link& link = m_links[found->second];
    direction = (a == link.a) ? 0 : 1;
    return link;
}

void Network::set_host_up(HostId id, bool up) {
    m_hosts[id].up = up;
    if (up)
        return;
    for (auto& [conn_id, c] : m_connections) {
        for (Side side : {Side::Client, Side::Server}) {
            if (c->host[static_cast<int>(side)] != id || c->closed[static_cast<int>(side)])
                continue;
            finish(*c, side, CloseReason::HostDown);
            // The peer hears nothing more; it notices after its retransmissions give up.
            const ConnId cid = conn_id;
            const Side peer = other(side);
            m_sim.schedule_in(m_rto * ((1 << m_max_retransmits) - 1), [this, cid, peer] {
                auto it = m_connections.find(cid);
                if (it != m_connections.end() && !it->second->closed[static_cast<int>(peer)]) {
                    record(EventKind::ConnClose, *it->second, peer, "timeout: peer down");
                    finish(*it->second, peer, CloseReason::Timeout);
                }
            });
        }
    }
}

void Network::listen(HostId host, std::uint16_t port, Acceptor acceptor) {
    m_hosts[host].listeners[port] = std::move(acceptor);
}

void Network::unlisten(HostId host, std::uint16_t port) {
    m_hosts[host].listeners.erase(port);
}

void Network::record(EventKind kind, const Connection& c, Side from, std::string text) {
    trace::Event& e = m_trace.emplace();
    e.t = m_sim.now();
    e.kind = kind;
    e.host = m_hosts[c.host[static_cast<int>(from)]].name;
    e.peer = m_hosts[c.host[static_cast<int>(other(from))]].name;
    e.conn = c.id;
    e.proto = (kind == EventKind::ConnOpen || kind == EventKind::ConnClose) ? c.proto : Proto::Tcp;
    e.dir = from == Side::Client ? trace::Direction::C2S : trace::Direction::S2C;
    e.code = c.port[1];
    e.text = std::move(text);
}

std::string Network::endpoint_name(ConnId id, Side side) const {
    const Connection* c = connection(id);
    if (!c)
        return {};
    const int s = static_cast<int>(side);
    return m_hosts[c->host[s]].name + ":" + std::to_string(c->port[s]);
}

ConnId Network::connect(HostId client, HostId server, std::uint16_t port, Proto proto,
                        TcpHandler* handler) {
    auto owned = std::make_unique<Connection>();
    Connection& c = *owned;
    c.id = m_next_conn++;
    c.host[0] = client;
    c.host[1] = server;
    Host& h = m_hosts[client];
    c.port[0] = h.next_port;
    h.next_port = h.next_port == 65535 ? 49152 : static_cast<std::uint16_t>(h.next_port + 1);
    c.port[1] = port;
    c.proto = proto;
    c.handler[0] = handler;
    c.snd_nxt[0] = static_cast<std::uint32_t>(m_sequence_numbers.next_u64());
    c.opened_at = m_sim.now();
    m_connections.emplace(c.id, std::move(owned));
    send_syn(c);
    return c.id;
}

void Network::send_syn(Connection& c) {
    const std::string text = std::to_string(c.port[0]) + " -> " + std::to_string(c.port[1]) +
                             " SYN" + (c.syn_attempts > 0 ? " (again)" : "");
    record(EventKind::TcpSyn, c, Side::Client, text);
    transmit(c, Side::Client, trace::kTcpSyn, c.snd_nxt[0], {}, -1);
    const SimTime wait = m_rto << std::min(c.syn_attempts, 16);
    ++c.syn_attempts;
    const ConnId id = c.id;
    c.syn_timer = m_sim.schedule_in(wait, [this, id] {
        auto it = m_connections.find(id);
        if (it == m_connections.end() || it->second->state != TcpState::SynSent)
            return;
        Connection& conn = *it->second;
        if (m_sim.now() - conn.opened_at >= m_connect_timeout) {
            record(EventKind::ConnClose, conn, Side::Client, "connect timeout");
            conn.closed[1] = true;
            finish(conn, Side::Client, CloseReason::Timeout);
            return;
        }
        send_syn(conn);
    });
}

void Network::transmit(Connection& c, Side from, std::uint8_t flags, std::uint32_t seq,
                       Bytes payload, int attempt) {
    const int f = static_cast<int>(from);
    const HostId src = c.host[f], dst = c.host[1 - f];
    int direction = 0;
    Link& link = path(src, dst, direction);
    // Captured where it leaves the sender: a lost segment shows, and so does its retransmission.
    if (m_hosts[src].up || (flags & trace::kTcpRst))
        capture(c, from, flags, seq, (flags & trace::kTcpAck) ? c.rcv_nxt[f] : 0, payload);
    // A down host still "answers" a SYN with RST (the lecture's refused connection).
    bool lost = !link.up || (!m_hosts[src].up && !(flags & trace::kTcpRst));
    if (!lost && link.spec.loss > 0 && link.loss_draws.chance(link.spec.loss))
        lost = true;
    const ConnId id = c.id;
    if (lost) {
        if (attempt < 0)
            return; // a SYN: its own timer resends it
        if (attempt >= m_max_retransmits) {
            m_sim.schedule_in(m_rto << attempt, [this, id] { time_out(id); });
            return;
        }
        m_sim.schedule_in(m_rto << attempt, [this, id, from, flags, seq, attempt,
                                             payload = std::move(payload)]() mutable {
            auto it = m_connections.find(id);
            if (it == m_connections.end() || it->second->closed[static_cast<int>(from)])
                return;
            record(EventKind::TcpRetransmit, *it->second, from,
                   "retransmit seq=" + std::to_string(seq));
            transmit(*it->second, from, flags, seq, std::move(payload), attempt + 1);
        });
        return;
    }
    const double wire_bytes = static_cast<double>(payload.size() + 54); // Ethernet+IP+TCP
    const auto serialisation =
        static_cast<SimTime>(wire_bytes * 8.0 * kSecond / std::max(link.spec.bandwidth_bps, 1.0));
    const SimTime depart = std::max(m_sim.now(), link.busy_until[direction]) + serialisation;
    link.busy_until[direction] = depart;
    SimTime arrival = depart + link.spec.latency;
    arrival = std::max(arrival, c.last_arrival[1 - f]);
    c.last_arrival[1 - f] = arrival;
    const Side to = other(from);
    m_sim.schedule_at(arrival, [this, id, to, flags, seq, payload = std::move(payload)]() mutable {
        arrive(id, to, flags, seq, std::move(payload));
    });
}

} // namespace mailsim::net
