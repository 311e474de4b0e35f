#include "imap_session.h"

#include "sim/world/world.h"

namespace mailsim::agents {

namespace {
imap::ServerConfig imap_config(const std::string& host) {
    imap::ServerConfig config;
    config.hostname = host;
    config.epoch_unix_seconds = world::kEpochUnixSeconds;
    return config;
}
std::string client_of(world::World& world, world::ConnId id) {
    const auto* c = world.network().connection(id);
    return c ? world.network().host(c->host[0]).name : "";
}
} // namespace

ImapSession::ImapSession(world::World& world, store::Store& store, world::ConnId id,
                         const std::string& host)
    : m_world(world), m_id(id), m_host(host), m_client(client_of(world, id)),
      m_server(store, imap_config(host)), m_log(world.wire_log(id, world::Proto::Imap)) {}

void ImapSession::on_data(world::ConnId, ByteView bytes) {
    m_server.receive_data(bytes);
    pump();
}

void ImapSession::on_peer_fin(world::ConnId) {
    m_server.receive_eof();
    pump();
    close();
}

void ImapSession::flush() {
    Bytes out = m_server.data_to_send();
    if (out.empty())
        return;
    m_log.sent(net::Side::Server, out);
    m_world.network().send(m_id, net::Side::Server, out);
}

void ImapSession::close() {
    if (m_close_sent)
        return;
    m_close_sent = true;
    m_world.network().close(m_id, net::Side::Server);
}

void ImapSession::pump() {
    if (m_finished)
        return;
    m_server.set_now(m_world.now()); // internal date of APPENDed messages
    bool closing = false;
    for (;;) {
        imap::ServerEvent event = m_server.next_event();
        if (std::holds_alternative<imap::NeedData>(event))
            break;
        if (auto* change = std::get_if<imap::StateChanged>(&event)) {
            flush(); // the response that caused the change is on the wire first
            world::Event e;
            e.kind = world::EventKind::StateChange;
            e.host = m_host;
            e.peer = m_client;
            e.conn = m_id;
            e.proto = world::Proto::Imap;
            e.state = std::string(imap::state_name(change->to));
            e.text = std::string(imap::state_name(change->from)) + " -> " + e.state;
            e.key = "imap.state." + e.state;
            e.user = m_server.user();
            m_world.record(std::move(e));
        } else if (auto* violation = std::get_if<imap::ProtocolViolation>(&event)) {
            world::Event e;
            e.kind = world::EventKind::Fault;
            e.host = m_host;
            e.peer = m_client;
            e.conn = m_id;
            e.proto = world::Proto::Imap;
            e.text = violation->message;
            e.key = violation->key;
            m_world.record(std::move(e));
        } else if (std::holds_alternative<imap::ConnectionClosed>(event)) {
            closing = true;
        }
    }
    flush();
    if (closing || m_server.wants_close())
        close();
}

} // namespace mailsim::agents
