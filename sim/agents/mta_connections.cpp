#include "mta_connections.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/message_util.h"
#include "sim/agents/mta.h"

#include <variant>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

void record_state_change(AgentContext& context, trace::ConnId conn, const std::string& host,
                         const std::string& peer, const smtp::StateChanged& change) {
    if (change.from == change.to)
        return;
    Event& e = context.record_in_place();
    e.kind = EventKind::StateChange;
    e.host = host;
    e.peer = peer;
    e.conn = conn;
    e.proto = trace::Proto::Smtp;
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
smtp::ServerConfig server_config(const Mta& mta, const AgentContext& context) {
    smtp::ServerConfig config;
    config.hostname = mta.smtp_name();
    config.style =
        context.style() == TextStyle::Classic ? smtp::TextStyle::Classic : smtp::TextStyle::Modern;
    config.rfc821 = smtp::Rfc821Commands::Implement;
    config.data_line_events = false; // the trace records data lines from the wire (WireLog)
    return config;
}

smtp::ServerConfig inbound_config(const Mta& mta, const AgentContext& context,
                                  const std::string& client_host) {
    smtp::ServerConfig config = server_config(mta, context);
    const ExternalClients& external = mta.external_clients();
    if (!external.host.empty() && external.host == client_host && external.configure)
        external.configure(config);
    return config;
}

smtp::SessionInfo session_for(AgentContext& context, trace::ConnId id) {
    smtp::SessionInfo session;
    if (const auto* c = context.network().connection(id))
        session.client_address = context.network().host(c->host[0]).name;
    return session;
}
} // namespace

MtaInbound::MtaInbound(Mta& mta, AgentContext& context, trace::ConnId id)
    : EngineConnection(context.network(), net::Side::Server), m_mta(mta), m_context(context),
      m_client_host(session_for(context, id).client_address), m_server_host(mta.host_name()) {
    start_engine(inbound_config(mta, context, m_client_host), mta, session_for(context, id));
    attach(id, context.wire_log(id, trace::Proto::Smtp));
}

void MtaInbound::received() {
    // In DATA the timer runs between receives (RFC 5321 §4.5.3.2.5-6), not over the whole
    // message: a slow but steady client is not cut off after the first data_timeout.
    if (engine().state() == smtp::State::Data && timer_armed())
        arm_timer(timer_length());
}

void MtaInbound::react(smtp::Event& event) {
    if (auto* change = std::get_if<smtp::StateChanged>(&event)) {
        // State changes come after the reply that caused them is on the wire.
        flush();
        record_state_change(m_context, id(), m_server_host, m_client_host, *change);
    } else if (auto* timer = std::get_if<smtp::TimerRequest>(&event)) {
        arm_timer(timer->duration);
    } else if (auto* end = std::get_if<smtp::EndOfData>(&event)) {
        if (end->reply.code == 250)
            m_taken.push_back(std::move(*end));
    } else if (auto* violation = std::get_if<smtp::ProtocolViolation>(&event)) {
        m_context.record(trace::fault({.host = m_server_host,
                                       .peer = m_client_host,
                                       .conn = id(),
                                       .proto = trace::Proto::Smtp,
                                       .what = violation->detail,
                                       .cause = std::string(smtp::violation_name(violation->kind)),
                                       .key = violation->explanation_key()}));
    }
}

void MtaInbound::batch_done() {
    std::vector<smtp::EndOfData> taken = std::move(m_taken);
    m_taken.clear();
    for (auto& end : taken) {
        m_mta.take_message(m_client_host, end.transaction, end.message, end.queue_id,
                           engine().session().client_name);
    }
}

} // namespace mailsim::agents
