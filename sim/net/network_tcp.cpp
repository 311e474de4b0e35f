// The receiving half of Network's TCP and the close paths (split from network.cpp by size).
#include "network.h"

namespace mailsim::net {

using trace::EventKind;

namespace {
int idx(Side side) {
    return static_cast<int>(side);
}
bool seq_before(std::uint32_t a, std::uint32_t b) {
    return static_cast<std::int32_t>(a - b) < 0;
}
} // namespace

const Connection* Network::connection(ConnId id) const {
    auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : it->second.get();
}

std::vector<const Connection*> Network::connections() const {
    std::vector<const Connection*> out;
    for (const auto& [id, c] : m_connections)
        out.push_back(c.get());
    return out;
}

void Network::capture(const Connection& c, Side from, std::uint8_t flags, std::uint32_t seq,
                      std::uint32_t ack, ByteView payload) {
    if (!m_trace.keep_packets())
        return;
    trace::Packet p;
    p.t = m_sim.now();
    p.src_ip = m_hosts[c.host[idx(from)]].ip;
    p.dst_ip = m_hosts[c.host[1 - idx(from)]].ip;
    p.src_port = c.port[idx(from)];
    p.dst_port = c.port[1 - idx(from)];
    p.seq = seq;
    p.ack = ack;
    p.flags = flags;
    p.payload.assign(payload.data(), payload.size());
    m_trace.add_packet(std::move(p));
}

void Network::arrive(ConnId id, Side to, std::uint8_t flags, std::uint32_t seq, Bytes payload) {
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection& c = *it->second;
    const int t = idx(to);
    if (c.closed[t])
        return;
    Host& receiver = m_hosts[c.host[t]];

    if ((flags & trace::kTcpSyn) && !(flags & trace::kTcpAck)) {
        if (c.state != TcpState::SynSent || c.established[1])
            return; // a late copy of a SYN already answered
        auto listener = receiver.listeners.find(c.port[1]);
        if (!receiver.up || listener == receiver.listeners.end()) {
            record(EventKind::TcpRst, c, Side::Server,
                   receiver.up ? "port " + std::to_string(c.port[1]) + " closed" : "host down");
            c.rcv_nxt[1] = seq + 1;
            c.closed[1] = true;
            transmit(c, Side::Server, trace::kTcpRst | trace::kTcpAck, 0, {}, 0);
            return;
        }
        c.rcv_nxt[1] = seq + 1;
        if (c.snd_nxt[1] == 0)
            c.snd_nxt[1] = static_cast<std::uint32_t>(m_sequence_numbers.next_u64());
        if (!c.handler[1])
            c.handler[1] = listener->second(c.id);
        record(EventKind::TcpSynAck, c, Side::Server, "SYN-ACK");
        transmit(c, Side::Server, trace::kTcpSyn | trace::kTcpAck, c.snd_nxt[1], {}, 0);
        return;
    }

    if (flags & trace::kTcpRst) {
        const CloseReason reason =
            c.state == TcpState::SynSent ? CloseReason::Refused : CloseReason::Reset;
        record(EventKind::ConnClose, c, to, std::string(to_string(reason)));
        finish(c, to, reason);
        return;
    }

    if ((flags & trace::kTcpSyn) && (flags & trace::kTcpAck)) {
        if (c.state != TcpState::SynSent)
            return;
        m_sim.cancel(c.syn_timer);
        c.snd_nxt[0] += 1; // the SYN consumed one sequence number
        c.snd_nxt[1] += 1;
        c.rcv_nxt[0] = seq + 1;
        c.state = TcpState::Established;
        record(EventKind::TcpAck, c, Side::Client, "ACK");
        transmit(c, Side::Client, trace::kTcpAck, c.snd_nxt[0], {}, 0);
        record(EventKind::ConnOpen, c, Side::Client,
               endpoint_name(c.id, Side::Client) + " -> " + endpoint_name(c.id, Side::Server));
        c.established[0] = true;
        if (c.handler[0])
            c.handler[0]->on_established(c.id);
        return;
    }

    if (to == Side::Server && !c.established[1] && c.state == TcpState::Established) {
        c.established[1] = true;
        if (c.handler[1])
            c.handler[1]->on_established(c.id);
        if (payload.empty() && !(flags & trace::kTcpFin))
            return;
    }
    if (payload.empty() && !(flags & trace::kTcpFin))
        return; // a pure ACK
    if (seq != c.rcv_nxt[t]) {
        if (seq_before(c.rcv_nxt[t], seq))
            c.out_of_order[t][seq] = {flags, std::move(payload)};
        return;
    }
    deliver_in_order(c, to, flags, seq, std::move(payload));
}

void Network::deliver_in_order(Connection& c, Side to, std::uint8_t flags, std::uint32_t seq,
                               Bytes payload) {
    const int t = idx(to);
    const ConnId id = c.id;
    for (;;) {
        c.rcv_nxt[t] = seq + static_cast<std::uint32_t>(payload.size());
        if (!payload.empty()) {
            c.bytes[t] += payload.size();
            capture(c, to, trace::kTcpAck, c.snd_nxt[t], c.rcv_nxt[t], {});
            if (c.handler[t])
                c.handler[t]->on_data(id, payload);
        }
        // The handler may have closed or aborted the connection meanwhile.
        auto it = m_connections.find(id);
        if (it == m_connections.end() || c.closed[t])
            return;
        if (flags & trace::kTcpFin) {
            c.rcv_nxt[t] += 1;
            c.fin_received[t] = true;
            capture(c, to, trace::kTcpAck, c.snd_nxt[t], c.rcv_nxt[t], {});
            if (c.fin_sent[t]) {
                if (t == 0)
                    record(EventKind::ConnClose, c, Side::Client, "closed");
                finish(c, to, CloseReason::Normal);
            } else if (c.handler[t]) {
                c.handler[t]->on_peer_fin(id);
            }
            return;
        }
        auto next = c.out_of_order[t].find(c.rcv_nxt[t]);
        if (next == c.out_of_order[t].end())
            return;
        flags = next->second.first;
        seq = next->first;
        payload = std::move(next->second.second);
        c.out_of_order[t].erase(next);
    }
}

void Network::send(ConnId id, Side from, ByteView bytes) {
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection& c = *it->second;
    const int f = idx(from);
    if (c.closed[f] || c.fin_sent[f] || !c.established[0])
        return;
    constexpr std::size_t kMss = 1460;
    for (std::size_t offset = 0; offset < bytes.size(); offset += kMss) {
        const ByteView piece = bytes.substr(offset, kMss);
        const std::uint32_t seq = c.snd_nxt[f];
        c.snd_nxt[f] += static_cast<std::uint32_t>(piece.size());
        transmit(c, from, trace::kTcpAck | trace::kTcpPsh, seq, Bytes(piece), 0);
    }
}

void Network::close(ConnId id, Side from) {
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection& c = *it->second;
    const int f = idx(from);
    if (c.closed[f] || c.fin_sent[f])
        return;
    if (c.state == TcpState::SynSent) {
        abort(id, from);
        return;
    }
    c.fin_sent[f] = true;
    c.state = TcpState::Closing;
    record(EventKind::TcpFin, c, from, "FIN");
    const std::uint32_t seq = c.snd_nxt[f];
    c.snd_nxt[f] += 1;
    transmit(c, from, trace::kTcpFin | trace::kTcpAck, seq, {}, 0);
    if (c.fin_received[f]) {
        if (f == 0)
            record(EventKind::ConnClose, c, Side::Client, "closed");
        finish(c, from, CloseReason::Normal);
    }
}

void Network::abort(ConnId id, Side from) {
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection& c = *it->second;
    const int f = idx(from);
    if (c.closed[f])
        return;
    m_sim.cancel(c.syn_timer);
    record(EventKind::TcpRst, c, from, "RST");
    if (c.state != TcpState::SynSent)
        transmit(c, from, trace::kTcpRst | trace::kTcpAck, c.snd_nxt[f], {}, 0);
    else
        c.closed[1 - f] = true; // the server never knew
    c.handler[f] = nullptr;     // the caller asked for it: no callback
    finish(c, from, CloseReason::Reset);
}

void Network::detach(ConnId id, Side side) {
    auto it = m_connections.find(id);
    if (it != m_connections.end())
        it->second->handler[idx(side)] = nullptr;
}

void Network::finish(Connection& c, Side side, CloseReason reason) {
    const int s = idx(side);
    if (c.closed[s] && !c.handler[s]) {
        maybe_release(c.id);
        return;
    }
    c.closed[s] = true;
    c.state = TcpState::Closed;
    const HandlerRef handler = c.handler[s];
    c.handler[s] = nullptr;
    const ConnId id = c.id;
    if (handler) // deferred: the handler may be inside a call into the network right now
        m_sim.schedule_in(0, [handler, id, reason] {
            if (handler)
                handler->on_closed(id, reason);
        });
    maybe_release(id);
}

void Network::maybe_release(ConnId id) {
    auto it = m_connections.find(id);
    if (it == m_connections.end() || !it->second->closed[0] || !it->second->closed[1])
        return;
    // Deferred too: callers still hold a reference to the connection.
    m_sim.schedule_in(0, [this, id] {
        m_connections.erase(id);
        if (m_on_released)
            m_on_released(id);
    });
}

void Network::time_out(ConnId id) {
    auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    Connection& c = *it->second;
    if (!c.closed[0] || !c.closed[1])
        record(EventKind::ConnClose, c, Side::Client, "timeout");
    for (Side side : {Side::Client, Side::Server})
        if (!c.closed[idx(side)])
            finish(c, side, CloseReason::Timeout);
}

std::optional<SimTime> Network::datagram_delay(HostId a, HostId b, std::size_t bytes) {
    int direction = 0;
    Link& link = path(a, b, direction);
    if (!link.up || !m_hosts[a].up || !m_hosts[b].up)
        return std::nullopt;
    if (link.spec.loss > 0 && link.loss_draws.chance(link.spec.loss))
        return std::nullopt;
    const double bits = static_cast<double>(bytes + 42) * 8.0;
    return link.spec.latency +
           static_cast<SimTime>(bits * kSecond / std::max(link.spec.bandwidth_bps, 1.0));
}

} // namespace mailsim::net
