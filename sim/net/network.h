#pragma once
// Hosts, links and TCP as the lecture draws it. A connection goes from an ephemeral client
// port (49152 and up) to a well-known server port; the SYN / SYN-ACK / ACK handshake, FIN and
// RST are trace events; bytes travel in segments with real sequence and acknowledgement
// numbers (so the pcap dissects); a link delays a segment by its latency plus its size over the
// bandwidth, one segment after the other. Loss and outages cost a retransmission timeout; too
// many in a row and the connection times out.
#include "sim/core/bytes.h"
#include "sim/core/rng.h"
#include "sim/net/simulator.h"
#include "sim/trace/trace.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::net {

using HostId = std::uint32_t;
using trace::ConnId;
using trace::Proto;

enum class Side : std::uint8_t { Client, Server };
inline Side other(Side side) {
    return side == Side::Client ? Side::Server : Side::Client;
}

enum class CloseReason : std::uint8_t {
    Normal,   // both FINs exchanged
    Reset,    // the peer sent RST
    Refused,  // RST in answer to the SYN: port closed or host down
    Timeout,  // no answer (outage, loss, dead peer)
    HostDown, // our own host went down
};
std::string_view to_string(CloseReason reason);

// What an agent implements to use a connection. Internal to the world (the engines stay
// sans-I/O; an agent adapts an engine to these calls).
class TcpHandler {
public:
    TcpHandler() = default;
    TcpHandler(const TcpHandler&) = delete;
    TcpHandler& operator=(const TcpHandler&) = delete;
    virtual ~TcpHandler() { *m_alive = false; }
    // Deferred callbacks hold this token: a handler destroyed before its callback runs (an
    // agent that dropped a finished session) is then skipped instead of called.
    std::shared_ptr<const bool> alive_token() const { return m_alive; }
    virtual void on_established(ConnId) {}
    virtual void on_data(ConnId, ByteView bytes) = 0;
    virtual void on_peer_fin(ConnId) {}
    // Last call for this connection on this side: the handler may be destroyed afterwards.
    virtual void on_closed(ConnId, CloseReason) {}

private:
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

// A connection's reference to a handler: empty once the handler is destroyed, so the network
// never calls into an agent that dropped a finished session before the connection ended.
class HandlerRef {
public:
    HandlerRef() = default;
    HandlerRef(TcpHandler* handler) // NOLINT: assigning a handler (or nullptr) is the point
        : m_handler(handler), m_alive(handler ? handler->alive_token() : nullptr) {}
    explicit operator bool() const { return m_handler && *m_alive; }
    TcpHandler* operator->() const { return m_handler; }

private:
    TcpHandler* m_handler = nullptr;
    std::shared_ptr<const bool> m_alive;
};

// Called when a SYN reaches a listening port; returns the handler of the server side.
using Acceptor = std::function<TcpHandler*(ConnId)>;

struct LinkSpec {
    SimTime latency = 10 * kMillisecond;
    double bandwidth_bps = 10e6; // bits per second
    double loss = 0.0;           // probability that one segment is lost
};

struct Host {
    HostId id = 0;
    std::string name;
    std::uint32_t ip = 0;
    bool up = true;
    std::uint16_t next_port = 49152;
    std::map<std::uint16_t, Acceptor> listeners;
};

struct Link {
    HostId a = 0, b = 0;
    LinkSpec spec;
    bool up = true;
    bool implicit = false;          // made on demand for hosts without a declared link
    SimTime busy_until[2] = {0, 0}; // per direction: a->b, b->a
    // This link's own loss draws, from (seed, "link <host> <host>"): traffic elsewhere never
    // shifts them.
    Rng loss_draws;
};

enum class TcpState : std::uint8_t { SynSent, Established, Closing, Closed };

struct Connection {
    ConnId id = 0;
    HostId host[2] = {0, 0}; // [Client], [Server]
    std::uint16_t port[2] = {0, 0};
    Proto proto = Proto::None;
    TcpState state = TcpState::SynSent;
    HandlerRef handler[2];
    std::uint32_t snd_nxt[2] = {0, 0}; // next sequence number each side sends
    std::uint32_t rcv_nxt[2] = {0, 0}; // next sequence number each side expects
    bool fin_sent[2] = {false, false};
    bool fin_received[2] = {false, false};
    bool closed[2] = {false, false};  // on_closed delivered to that side
    SimTime last_arrival[2] = {0, 0}; // keeps each direction in order
    EventId syn_timer = kNoEvent;
    int syn_attempts = 0;
    SimTime opened_at = 0;
    std::uint64_t bytes[2] = {0, 0};
    bool established[2] = {false, false};
    // Segments that arrived ahead of a lost one, by sequence number, per receiving side.
    std::map<std::uint32_t, std::pair<std::uint8_t, Bytes>> out_of_order[2];
};

class Network {
public:
    Network(Simulator& sim, trace::Trace& trace, std::uint64_t seed);

    HostId add_host(std::string name, std::uint32_t ip);
    std::optional<HostId> find_host(std::string_view name) const;
    std::optional<HostId> find_host_by_ip(std::uint32_t ip) const;
    const Host& host(HostId id) const { return m_hosts[id]; }
    const std::vector<Host>& hosts() const { return m_hosts; }

    void add_link(HostId a, HostId b, LinkSpec spec);
    // Returns false when there is no declared link between a and b.
    bool set_link_up(HostId a, HostId b, bool up);
    std::vector<const Link*> links() const; // declared links, in declaration order
    void set_default_link(LinkSpec spec) { m_default_link = spec; }

    // Down: open connections die (our side at once, the peer times out), SYNs get RST.
    void set_host_up(HostId id, bool up);
    bool host_up(HostId id) const { return m_hosts[id].up; }

    void listen(HostId host, std::uint16_t port, Acceptor acceptor);
    void unlisten(HostId host, std::uint16_t port);

    ConnId connect(HostId client, HostId server, std::uint16_t port, Proto proto,
                   TcpHandler* handler);
    void send(ConnId id, Side from, ByteView bytes);
    void close(ConnId id, Side from); // FIN
    void abort(ConnId id, Side from); // RST
    // Forget the handler of one side without closing (its owner is going away).
    void detach(ConnId id, Side side);

    const Connection* connection(ConnId id) const;
    std::vector<const Connection*> connections() const;
    std::string endpoint_name(ConnId id, Side side) const;

    // One-way delay of a small datagram (DNS) from a to b; nullopt when the path is down.
    std::optional<SimTime> datagram_delay(HostId a, HostId b, std::size_t bytes);

    void set_connect_timeout(SimTime t) { m_connect_timeout = t; }
    void set_retransmit_timeout(SimTime t) { m_rto = t; }
    void set_max_retransmits(int n) { m_max_retransmits = n; }
    // Called once a connection is gone for good (both sides closed, nothing left to deliver),
    // so the owner can drop what it kept per connection.
    void set_on_released(std::function<void(ConnId)> on_released) {
        m_on_released = std::move(on_released);
    }

    Simulator& sim() { return m_sim; }
    trace::Trace& trace() { return m_trace; }

private:
    Link& path(HostId a, HostId b, int& direction);
    Link make_link(std::pair<HostId, HostId> ends, LinkSpec spec) const;
    void record(trace::EventKind kind, const Connection& c, Side from, std::string text = {});
    // Sends one segment from `from`; schedules its arrival (or its retransmission).
    void transmit(Connection& c, Side from, std::uint8_t flags, std::uint32_t seq, Bytes payload,
                  int attempt);
    void arrive(ConnId id, Side to, std::uint8_t flags, std::uint32_t seq, Bytes payload);
    void deliver_in_order(Connection& c, Side to, std::uint8_t flags, std::uint32_t seq,
                          Bytes payload);
    void capture(const Connection& c, Side from, std::uint8_t flags, std::uint32_t seq,
                 std::uint32_t ack, ByteView payload);
    void send_syn(Connection& c);
    void finish(Connection& c, Side side, CloseReason reason);
    void maybe_release(ConnId id);
    void time_out(ConnId id);

    Simulator& m_sim;
    trace::Trace& m_trace;
    std::uint64_t m_seed;
    // Initial sequence numbers: their own stream, so opening a connection moves no link's
    // loss draws.
    Rng m_sequence_numbers;
    std::vector<Host> m_hosts;
    std::map<std::pair<HostId, HostId>, std::size_t> m_link_index;
    std::vector<Link> m_links;
    LinkSpec m_default_link;
    std::map<ConnId, std::unique_ptr<Connection>> m_connections;
    ConnId m_next_conn = 1;
    SimTime m_connect_timeout = 30 * kSecond;
    SimTime m_rto = 1 * kSecond;
    int m_max_retransmits = 5;
    std::function<void(ConnId)> m_on_released;
};

std::string format_ipv4(std::uint32_t ip);
std::optional<std::uint32_t> parse_ipv4(std::string_view text);

} // namespace mailsim::net
