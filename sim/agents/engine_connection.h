#pragma once
// The one adapter between a simulated TCP connection and a sans-I/O protocol engine
// (sim/proto/engine.h). It moves the peer's bytes and end of stream into the engine, pulls the
// engine's events and hands each one to the agent, sends what the engine wrote (through the
// connection's WireLog, so the trace holds every line), runs the engine's protocol timer and
// closes our side once the engine wants it. An agent's session is then only its reaction:
//
//   class Pop3Session : public EngineConnection<Pop3Session, pop3::Pop3Server> {
//       friend EngineConnection;
//       void react(pop3::ServerEvent& event);   // required: one event of the engine
//       // optional hooks, each a no-op unless the session declares it:
//       void received();     // bytes were handed to the engine, its events are not pulled yet
//       void before_timeout(); // the engine's timer fired, the engine is told next
//       void before_send();  // output is about to be sent (names the message being sent)
//       void batch_done();   // every event of this round was handled and the output sent
//       void closing();      // the engine wanted the close and our FIN is out
//       void closed(net::CloseReason reason); // the connection is gone (last call)
//       bool pumping() const;                 // false: the session is over, events wait
//   };
//
// The order of things is the trace's order, so it is fixed here once for every agent: events
// are handled as they come, output is sent at the end of a round (pipelined replies travel
// together) or earlier when a reaction calls flush(), and the close comes after the last
// output. A reaction that records a state change calls flush() first, so the trace shows a
// reply before the state it caused.
//
// The session is the connection's TcpHandler; a client session may run several connections
// one after the other (an MTA trying its MX hosts), each with a fresh engine (start_engine()).
#include "sim/agents/agent_context.h"
#include "sim/agents/wire_log.h"
#include "sim/net/network.h"
#include "sim/proto/engine.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace mailsim::agents {

template <typename Session, ProtocolEngine Engine>
class EngineConnection : public net::TcpHandler {
public:
    using EventType = EngineEvent<Engine>;

    // A connection still open when its session goes (the end of a run, the agent destroyed)
    // forgets it, so the network calls no handler that is gone.
    ~EngineConnection() override {
        cancel_timer();
        if (m_conn != 0)
            m_network.detach(m_conn, m_side);
    }

    trace::ConnId id() const { return m_conn; }
    // The network delivered its last call for the current connection.
    bool finished() const { return m_closed; }

    void on_established(trace::ConnId) final { pump(); }
    void on_data(trace::ConnId, ByteView bytes) final {
        if (!m_engine)
            return;
        m_engine->receive_data(bytes);
        self().received();
        pump();
    }
    void on_peer_fin(trace::ConnId) final {
        if (m_engine) {
            m_engine->receive_eof();
            pump();
        }
        close();
    }
    void on_closed(trace::ConnId, net::CloseReason reason) final {
        m_closed = true;
        cancel_timer();
        self().closed(reason);
    }

protected:
    EngineConnection(net::Network& network, net::Side side) : m_network(network), m_side(side) {}

    // A new engine for connection `conn` (a server session: the accepted connection; a client
    // session: the one it opened, or its next attempt). Replaces the engine of an earlier
    // connection and forgets that connection's timer and close.
    template <typename... Args>
    Engine& start_engine(Args&&... args) {
        cancel_timer();
        m_engine.emplace(std::forward<Args>(args)...);
        m_closed = false;
        m_fin_sent = false;
        return *m_engine;
    }
    // The connection and its line recorder (known once the engine exists for a server, once
    // connect() returned for a client). Without a recorder (HTTP: one trace event per request
    // and response) the bytes go out unrecorded.
    void attach(trace::ConnId conn, std::shared_ptr<WireLog> log) {
        m_conn = conn;
        m_log = std::move(log);
    }
    // A client session's connection from `from` to `to`:`port`, its lines recorded by the
    // context's WireLog (Recording::None: HTTP, one trace event per request and response).
    // A session that tries one server after another lets go of the previous connection.
    enum class Recording { Lines, None };
    void connect(AgentContext& context, net::HostId from, net::HostId to, std::uint16_t port,
                 trace::Proto proto, Recording recording = Recording::Lines) {
        if (m_conn != 0)
            m_network.detach(m_conn, m_side);
        const trace::ConnId conn = m_network.connect(from, to, port, proto, this);
        attach(conn, recording == Recording::Lines ? context.wire_log(conn, proto) : nullptr);
    }

    bool has_engine() const { return m_engine.has_value(); }
    Engine& engine() { return *m_engine; }
    const Engine& engine() const { return *m_engine; }
    net::Network& network() { return m_network; }
    WireLog* wire_log() const { return m_log.get(); }

    // Hands every pending event to the session, sends the output, closes if the engine is done.
    // Called again from inside a reaction (an answer given at once), it leaves the new events
    // to the round already running.
    void pump() {
        if (!m_engine || m_closed || !self().pumping())
            return;
        if (m_pumping) {
            m_pump_again = true;
            return;
        }
        m_pumping = true;
        do {
            m_pump_again = false;
            for (;;) {
                EventType event = m_engine->next_event();
                if (needs_data(event))
                    break;
                self().react(event);
            }
            flush();
            self().batch_done();
        } while (m_pump_again);
        m_pumping = false;
        if (m_engine->wants_close() && !m_fin_sent) {
            close();
            self().closing();
        }
    }

    // Sends what the engine has written so far (through the line recorder, if it has one).
    void flush() {
        Bytes out = m_engine->take_output();
        if (out.empty())
            return;
        self().before_send();
        if (m_log)
            m_log->sent(m_side, out);
        m_network.send(m_conn, m_side, out);
    }

    // Our FIN, once per connection.
    void close() {
        if (m_fin_sent)
            return;
        m_fin_sent = true;
        m_network.close(m_conn, m_side);
    }

    // The engine's protocol timer: on expiry the engine hears on_timeout() and is pumped.
    void arm_timer(SimTime after) requires TimedProtocolEngine<Engine> {
        net::Simulator& sim = m_network.sim();
        sim.cancel(m_timer);
        m_timer_length = after;
        m_timer = sim.schedule_in(after, [this] {
            m_timer = net::kNoEvent;
            self().before_timeout();
            m_engine->on_timeout();
            pump();
        });
    }
    bool timer_armed() const { return m_timer != net::kNoEvent; }
    SimTime timer_length() const { return m_timer_length; }
    void cancel_timer() {
        m_network.sim().cancel(m_timer);
        m_timer = net::kNoEvent;
    }

    // The hooks' defaults (see the top of the file); a session declares its own to use one.
    void received() {}
    void before_timeout() {}
    void before_send() {}
    void batch_done() {}
    void closing() {}
    void closed(net::CloseReason) {}
    bool pumping() const { return true; }

private:
    Session& self() { return static_cast<Session&>(*this); }

    net::Network& m_network;
    net::Side m_side;
    std::optional<Engine> m_engine;
    trace::ConnId m_conn = 0;
    std::shared_ptr<WireLog> m_log;
    net::EventId m_timer = net::kNoEvent;
    SimTime m_timer_length = 0;
    bool m_closed = false;
    bool m_fin_sent = false;
    bool m_pumping = false;
    bool m_pump_again = false;
};

// Forgets the sessions whose connection is over. Called when the next session starts, never
// from inside a session's own callbacks (the session would be destroyed under itself).
template <typename Session>
void drop_finished(std::vector<std::unique_ptr<Session>>& sessions) {
    std::erase_if(sessions, [](const auto& session) { return session->finished(); });
}

// A listener's new session, after the finished ones were dropped.
template <typename Session, typename... Args>
Session* add_session(std::vector<std::unique_ptr<Session>>& sessions, Args&&... args) {
    drop_finished(sessions);
    sessions.push_back(std::make_unique<Session>(std::forward<Args>(args)...));
    return sessions.back().get();
}

} // namespace mailsim::agents
