#include "mail_access.h"

#include "sim/store/store.h"
#include "sim/world/world.h"

#include <algorithm>

namespace mailsim::agents {

using world::Event;
using world::EventKind;

namespace {
pop3::ServerConfig pop3_config(const world::World& world, const std::string& host) {
    pop3::ServerConfig config;
    config.host_name = host;
    config.style = world.style() == world::TextStyle::Classic ? pop3::TextStyle::Classic
                                                              : pop3::TextStyle::Modern;
    return config;
}
std::string client_of(world::World& world, world::ConnId id) {
    const auto* c = world.network().connection(id);
    return c ? world.network().host(c->host[0]).name : "";
}
} // namespace

Pop3Session::Pop3Session(world::World& world, store::Store& store, world::ConnId id,
                         const std::string& host)
    : m_world(world), m_id(id), m_host(host), m_client(client_of(world, id)),
      m_server(store, pop3_config(world, host)), m_log(world.wire_log(id, world::Proto::Pop3)) {}

Pop3Session::~Pop3Session() {
    m_world.sim().cancel(m_timer);
}

void Pop3Session::on_data(world::ConnId, ByteView bytes) {
    m_server.receive_data(bytes);
    pump();
}

void Pop3Session::on_peer_fin(world::ConnId) {
    m_server.receive_eof();
    pump();
    if (!m_close_sent) {
        m_close_sent = true;
        m_world.network().close(m_id, net::Side::Server);
    }
}

void Pop3Session::on_closed(world::ConnId, net::CloseReason) {
    m_finished = true;
    m_world.sim().cancel(m_timer);
}

void Pop3Session::flush() {
    Bytes out = m_server.take_output();
    if (out.empty())
        return;
    m_log->sent(net::Side::Server, out);
    m_world.network().send(m_id, net::Side::Server, out);
}

void Pop3Session::pump() {
    if (m_finished)
        return;
    bool close = false;
    for (;;) {
        pop3::ServerEvent event = m_server.next_event();
        if (std::holds_alternative<pop3::NeedData>(event))
            break;
        if (auto* change = std::get_if<pop3::StateChanged>(&event)) {
            flush();
            Event e;
            e.kind = EventKind::StateChange;
            e.host = m_host;
            e.peer = m_client;
            e.conn = m_id;
            e.proto = world::Proto::Pop3;
            e.state = std::string(pop3::state_name(change->to));
            e.text = std::string(pop3::state_name(change->from)) + " -> " + e.state;
            e.key = change->key;
            e.user = m_server.login();
            m_world.record(std::move(e));
        } else if (auto* timer = std::get_if<pop3::TimerRequested>(&event)) {
            m_world.sim().cancel(m_timer);
            m_timer = m_world.sim().schedule_in(timer->after, [this] {
                m_timer = net::kNoEvent;
                m_server.timeout();
                pump();
            });
        } else if (std::holds_alternative<pop3::ConnectionClosed>(event)) {
            close = true;
        }
    }
    flush();
    if (close && !m_close_sent) {
        m_close_sent = true;
        m_world.network().close(m_id, net::Side::Server);
    }
}

namespace {
imap::ServerConfig imap_config(const world::World& world, const std::string& host,
                               const std::string& client) {
    imap::ServerConfig config;
    config.hostname = host;
    config.epoch_unix_seconds = world::kEpochUnixSeconds;
    // Real mail clients (`mailsim serve`'s host with the role "external") try AUTHENTICATE
    // PLAIN first when it is listed.
    const world::HostSpec* peer = world.scenario().host(client);
    config.advertise_auth_plain = peer && world::has_role(*peer, "external");
    // They also get the extensions (UIDPLUS, MOVE, IDLE, ...); the world's own scripted
    // clients keep the plain RFC 3501 server that the lectures print.
    config.extensions = config.advertise_auth_plain;
    if (config.extensions)
        config.idle_keepalive = world.imap_idle_keepalive();
    return config;
}
} // namespace

ImapSession::ImapSession(world::World& world, store::Store& store, world::ConnId id,
                         const std::string& host)
    : m_world(world), m_id(id), m_host(host), m_client(client_of(world, id)),
      m_server(store, imap_config(world, host, m_client)),
      m_log(world.wire_log(id, world::Proto::Imap)) {}

ImapSession::~ImapSession() {
    m_world.sim().cancel(m_timer);
}

void ImapSession::on_closed(world::ConnId, net::CloseReason) {
    m_finished = true;
    m_world.sim().cancel(m_timer);
}

void ImapSession::on_data(world::ConnId, ByteView bytes) {
    m_server.set_now(m_world.now());
    m_server.receive_data(bytes);
    pump();
}

void ImapSession::on_peer_fin(world::ConnId) {
    m_server.receive_eof();
    pump();
    if (!m_close_sent) {
        m_close_sent = true;
        m_world.network().close(m_id, net::Side::Server);
    }
}

void ImapSession::flush() {
    Bytes out = m_server.data_to_send();
    if (out.empty())
        return;
    m_log->sent(net::Side::Server, out);
    m_world.network().send(m_id, net::Side::Server, out);
}

void ImapSession::pump() {
    if (m_finished)
        return;
    bool close = false;
    for (;;) {
        imap::ServerEvent event = m_server.next_event();
        if (std::holds_alternative<imap::NeedData>(event))
            break;
        if (auto* change = std::get_if<imap::StateChanged>(&event)) {
            flush();
            Event e;
            e.kind = EventKind::StateChange;
            e.host = m_host;
            e.peer = m_client;
            e.conn = m_id;
            e.proto = world::Proto::Imap;
            e.state = std::string(imap::state_name(change->to));
            e.text = std::string(imap::state_name(change->from)) + " -> " + e.state;
            e.key = "imap.state." + e.state;
            e.user = m_server.user();
            m_world.record(std::move(e));
        } else if (auto* timer = std::get_if<imap::TimerRequested>(&event)) {
            m_world.sim().cancel(m_timer);
            m_timer = m_world.sim().schedule_in(timer->after, [this] {
                m_timer = net::kNoEvent;
                m_server.set_now(m_world.now());
                m_server.on_timeout();
                pump();
            });
        } else if (std::holds_alternative<imap::ConnectionClosed>(event)) {
            close = true;
        }
    }
    flush();
    if ((close || m_server.wants_close()) && !m_close_sent) {
        m_close_sent = true;
        m_world.network().close(m_id, net::Side::Server);
    }
}

MailAccessServer::MailAccessServer(world::World& world, const world::HostSpec& spec,
                                   store::Store& store)
    : m_world(world), m_host(spec.name), m_store(store) {
    auto host = *world.network().find_host(spec.name);
    const auto closed = [&](std::uint16_t port) {
        return std::find(spec.closed_ports.begin(), spec.closed_ports.end(), port) !=
               spec.closed_ports.end();
    };
    if (world::has_role(spec, "pop3") && !closed(110)) {
        world.network().listen(host, 110, [this](world::ConnId id) -> net::TcpHandler* {
            m_pop3.erase(std::remove_if(m_pop3.begin(), m_pop3.end(),
                                        [](const auto& s) { return s->finished(); }),
                         m_pop3.end());
            m_pop3.push_back(std::make_unique<Pop3Session>(m_world, m_store, id, m_host));
            return m_pop3.back().get();
        });
    }
    if (world::has_role(spec, "imap") && !closed(143)) {
        m_store.add_observer(this); // for IDLE
        world.network().listen(host, 143, [this](world::ConnId id) -> net::TcpHandler* {
            m_imap.erase(std::remove_if(m_imap.begin(), m_imap.end(),
                                        [](const auto& s) { return s->finished(); }),
                         m_imap.end());
            m_imap.push_back(std::make_unique<ImapSession>(m_world, m_store, id, m_host));
            return m_imap.back().get();
        });
    }
}

void MailAccessServer::on_change(const store::ChangeRecord&) {
    for (const auto& session : m_imap) {
        if (!session->idling() || !m_wakes.insert(session->id()).second)
            continue;
        m_world.sim().schedule_in(0, [this, id = session->id()] {
            m_wakes.erase(id);
            for (const auto& s : m_imap) // looked up again: it may have gone meanwhile
                if (s->id() == id && s->idling())
                    s->wake();
        });
    }
}

MailAccessServer::~MailAccessServer() {
    m_store.remove_observer(this);
    for (auto& s : m_pop3)
        m_world.network().detach(s->id(), net::Side::Server);
    for (auto& s : m_imap)
        m_world.network().detach(s->id(), net::Side::Server);
}

} // namespace mailsim::agents
