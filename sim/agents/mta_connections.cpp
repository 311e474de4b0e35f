#include "mta_connections.h"

#include "sim/agents/message_util.h"
#include "sim/agents/mta.h"
#include "sim/world/world.h"

#include <variant>

namespace mailsim::agents {

using world::Event;
using world::EventKind;

void record_state_change(world::World& world, world::ConnId conn, const std::string& host,
                         const std::string& peer, const smtp::StateChanged& change) {
    if (change.from == change.to)
        return;
    Event& e = world.record_in_place();
    e.kind = EventKind::StateChange;
    e.host = host;
    e.peer = peer;
    e.conn = conn;
    e.proto = world::Proto::Smtp;
    // Appended piece by piece into the event's own strings: one of these per SMTP command.
    const std::string_view from = smtp::state_name(change.from);
    const std::string_view to = smtp::state_name(change.to);
    const std::string_view trigger = smtp::trigger_name(change.trigger);
    e.state = to;
    e.text.reserve(from.size() + to.size() + trigger.size() + 7);
    e.text.append(from).append(" -> ").append(to).append(" (").append(trigger).append(")");
    e.key.reserve(11 + to.size());
    e.key.append("smtp.state.").append(to);
}

namespace {
smtp::ServerConfig server_config(const Mta& mta, const world::World& world) {
    smtp::ServerConfig config;
    config.hostname = mta.smtp_name();
    config.style = world.style() == world::TextStyle::Classic ? smtp::TextStyle::Classic
                                                              : smtp::TextStyle::Modern;
    config.rfc821 = smtp::Rfc821Commands::Implement;
    config.data_line_events = false; // the trace records data lines from the wire (WireLog)
    return config;
}

smtp::ServerConfig inbound_config(const Mta& mta, const world::World& world,
                                  const std::string& client_host) {
    smtp::ServerConfig config = server_config(mta, world);
    const ExternalClients& external = mta.external_clients();
    if (!external.host.empty() && external.host == client_host && external.configure)
        external.configure(config);
    return config;
}

smtp::Session session_for(world::World& world, world::ConnId id) {
    smtp::Session session;
    if (const auto* c = world.network().connection(id))
        session.client_address = world.network().host(c->host[0]).name;
    return session;
}
} // namespace

MtaInbound::MtaInbound(Mta& mta, world::World& world, world::ConnId id)
    : m_mta(mta), m_world(world), m_id(id), m_client_host(session_for(world, id).client_address),
      m_server_host(mta.host_name()),
      m_server(inbound_config(mta, world, session_for(world, id).client_address), mta,
               session_for(world, id)),
      m_log(world.wire_log(id, world::Proto::Smtp)) {}

MtaInbound::~MtaInbound() {
    m_world.sim().cancel(m_timer);
}

void MtaInbound::on_established(world::ConnId) {
    pump();
}

void MtaInbound::on_data(world::ConnId, ByteView bytes) {
    m_server.receive_data(bytes);
    // In DATA the timer runs between receives (RFC 5321 §4.5.3.2.5-6), not over the whole
    // message: a slow but steady client is not cut off after the first data_timeout.
    if (m_server.state() == smtp::State::Data && m_timer != net::kNoEvent)
        arm_timer(m_timer_length);
    pump();
}

void MtaInbound::arm_timer(SimTime after) {
    m_world.sim().cancel(m_timer);
    m_timer_length = after;
    m_timer = m_world.sim().schedule_in(after, [this] {
        m_timer = net::kNoEvent;
        m_server.on_timeout();
        pump();
    });
}

void MtaInbound::on_peer_fin(world::ConnId) {
    m_server.receive_eof();
    pump();
    if (!m_close_sent) {
        m_close_sent = true;
        m_world.network().close(m_id, net::Side::Server);
    }
}

void MtaInbound::on_closed(world::ConnId, net::CloseReason) {
    m_finished = true;
    m_world.sim().cancel(m_timer);
}

void MtaInbound::pump() {
    if (m_finished)
        return;
    std::vector<smtp::EndOfData> taken;
    bool close = false;
    for (;;) {
        smtp::Event event = m_server.next_event();
        if (std::holds_alternative<smtp::NeedData>(event))
            break;
        if (auto* change = std::get_if<smtp::StateChanged>(&event)) {
            // State changes come after the reply that caused them is on the wire.
            Bytes out = m_server.take_output();
            if (!out.empty()) {
                m_log->sent(net::Side::Server, out);
                m_world.network().send(m_id, net::Side::Server, out);
            }
            record_state_change(m_world, m_id, m_server_host, m_client_host, *change);
        } else if (auto* timer = std::get_if<smtp::TimerRequest>(&event)) {
            arm_timer(timer->duration);
        } else if (auto* end = std::get_if<smtp::EndOfData>(&event)) {
            if (end->reply.code == 250)
                taken.push_back(std::move(*end));
        } else if (std::holds_alternative<smtp::ConnectionClosed>(event)) {
            close = true;
        } else if (auto* violation = std::get_if<smtp::ProtocolViolation>(&event)) {
            Event e;
            e.kind = EventKind::Fault;
            e.host = m_server_host;
            e.peer = m_client_host;
            e.conn = m_id;
            e.proto = world::Proto::Smtp;
            e.reason = std::string(smtp::violation_name(violation->kind));
            e.text = violation->detail;
            e.key = violation->explanation_key();
            m_world.record(std::move(e));
        }
    }
    Bytes out = m_server.take_output();
    if (!out.empty()) {
        m_log->sent(net::Side::Server, out);
        m_world.network().send(m_id, net::Side::Server, out);
    }
    for (auto& end : taken) {
        m_mta.take_message(m_client_host, end.transaction, end.message, m_mta.last_queue_id(),
                           m_server.session().client_name);
    }
    if ((close || m_server.is_closed()) && !m_close_sent) {
        m_close_sent = true;
        m_world.network().close(m_id, net::Side::Server);
    }
}

} // namespace mailsim::agents
