#include "mail_access.h"

#include "sim/agents/agent_context.h"
#include "sim/store/store.h"

#include <algorithm>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

namespace {
pop3::ServerConfig pop3_config(const AgentContext& context, const std::string& host) {
    pop3::ServerConfig config;
    config.host_name = host;
    config.style =
        context.style() == TextStyle::Classic ? pop3::TextStyle::Classic : pop3::TextStyle::Modern;
    return config;
}
std::string client_of(AgentContext& context, trace::ConnId id) {
    const auto* c = context.network().connection(id);
    return c ? context.network().host(c->host[0]).name : "";
}
// A POP3 or IMAP server's state change, recorded after the reply that caused it.
void record_state_change(AgentContext& context, trace::ConnId conn, trace::Proto proto,
                         const std::string& host, const std::string& client, std::string_view from,
                         std::string_view to, std::string key, const std::string& user) {
    context.record(trace::state_change({.host = host,
                                        .peer = client,
                                        .conn = conn,
                                        .proto = proto,
                                        .from_state = std::string(from),
                                        .to_state = std::string(to),
                                        .key = std::move(key),
                                        .user = user}));
}
} // namespace

Pop3Session::Pop3Session(AgentContext& context, store::Store& store, trace::ConnId id,
                         const std::string& host)
    : EngineConnection(context.network(), net::Side::Server), m_context(context), m_host(host),
      m_client(client_of(context, id)) {
    start_engine(store, pop3_config(context, host));
    attach(id, context.wire_log(id, trace::Proto::Pop3));
}

void Pop3Session::react(pop3::ServerEvent& event) {
    if (auto* change = std::get_if<pop3::StateChanged>(&event)) {
        flush();
        record_state_change(m_context, id(), trace::Proto::Pop3, m_host, m_client,
                            pop3::state_name(change->from), pop3::state_name(change->to),
                            change->key, engine().login());
    } else if (auto* timer = std::get_if<pop3::TimerRequested>(&event)) {
        arm_timer(timer->after);
    }
}

namespace {
imap::ServerConfig imap_config(const AgentContext& context, const std::string& host,
                               const std::string& client) {
    imap::ServerConfig config;
    config.hostname = host;
    config.epoch_unix_seconds = kEpochUnixSeconds;
    // Real mail clients (`mailsim serve`'s host with the role "external") try AUTHENTICATE
    // PLAIN first when it is listed.
    const HostSpec* peer = context.host(client);
    config.advertise_auth_plain = peer && has_role(*peer, "external");
    // They also get the extensions (UIDPLUS, MOVE, IDLE, ...); the world's own scripted
    // clients keep the plain RFC 3501 server that the lectures print.
    config.extensions = config.advertise_auth_plain;
    if (config.extensions)
        config.idle_keepalive = context.imap_idle_keepalive();
    return config;
}
} // namespace

ImapSession::ImapSession(AgentContext& context, store::Store& store, trace::ConnId id,
                         const std::string& host)
    : EngineConnection(context.network(), net::Side::Server), m_context(context), m_host(host),
      m_client(client_of(context, id)) {
    start_engine(store, imap_config(context, host, m_client));
    attach(id, context.wire_log(id, trace::Proto::Imap));
}

void ImapSession::received() {
    engine().set_now(m_context.now());
}

void ImapSession::react(imap::ServerEvent& event) {
    if (auto* change = std::get_if<imap::StateChanged>(&event)) {
        flush();
        const std::string_view to = imap::state_name(change->to);
        record_state_change(m_context, id(), trace::Proto::Imap, m_host, m_client,
                            imap::state_name(change->from), to, "imap.state." + std::string(to),
                            engine().user());
    } else if (auto* timer = std::get_if<imap::TimerRequested>(&event)) {
        arm_timer(timer->after); // the IDLE keepalive
    }
}

void ImapSession::before_timeout() {
    engine().set_now(m_context.now());
}

MailAccessServer::MailAccessServer(AgentContext& context, const HostSpec& spec, store::Store& store)
    : m_context(context), m_host(spec.name), m_store(store) {
    auto host = *context.network().find_host(spec.name);
    const auto closed = [&](std::uint16_t port) {
        return std::find(spec.closed_ports.begin(), spec.closed_ports.end(), port) !=
               spec.closed_ports.end();
    };
    if (has_role(spec, "pop3") && !closed(110)) {
        context.network().listen(host, 110, [this](trace::ConnId id) -> net::TcpHandler* {
            return add_session(m_pop3, m_context, m_store, id, m_host);
        });
    }
    if (has_role(spec, "imap") && !closed(143)) {
        m_store.add_observer(this); // for IDLE
        context.network().listen(host, 143, [this](trace::ConnId id) -> net::TcpHandler* {
            return add_session(m_imap, m_context, m_store, id, m_host);
        });
    }
}

void MailAccessServer::on_change(const store::ChangeRecord&) {
    for (const auto& session : m_imap) {
        if (!session->idling() || !m_wakes.insert(session->id()).second)
            continue;
        m_context.sim().schedule_in(0, [this, id = session->id()] {
            m_wakes.erase(id);
            for (const auto& s : m_imap) // looked up again: it may have gone meanwhile
                if (s->id() == id && s->idling())
                    s->wake();
        });
    }
}

MailAccessServer::~MailAccessServer() {
    m_store.remove_observer(this); // the sessions let go of their connections themselves
}

} // namespace mailsim::agents
