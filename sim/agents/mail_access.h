#pragma once
// The mailbox-access side of a mail server: POP3 on port 110 (and IMAP on 143 when the host
// has that role), each connection running the protocol engine over the host's store.
#include "sim/agents/wire_log.h"
#include "sim/net/network.h"
#include "sim/proto/imap/imap_server.h"
#include "sim/proto/pop3/pop3_server.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace mailsim::world {
class World;
struct HostSpec;
} // namespace mailsim::world
namespace mailsim::store {
class Store;
}

namespace mailsim::agents {

class Pop3Session : public net::TcpHandler {
public:
    Pop3Session(world::World& world, store::Store& store, world::ConnId id,
                const std::string& host);
    ~Pop3Session() override;
    bool finished() const { return m_finished; }
    world::ConnId id() const { return m_id; }

    void on_established(world::ConnId) override { pump(); }
    void on_data(world::ConnId, ByteView bytes) override;
    void on_peer_fin(world::ConnId) override;
    void on_closed(world::ConnId, net::CloseReason) override;

private:
    void pump();
    void flush();

    world::World& m_world;
    world::ConnId m_id;
    std::string m_host, m_client;
    pop3::Server m_server;
    std::shared_ptr<WireLog> m_log;
    net::EventId m_timer = net::kNoEvent;
    bool m_finished = false;
    bool m_close_sent = false;
};

class ImapSession : public net::TcpHandler {
public:
    ImapSession(world::World& world, store::Store& store, world::ConnId id,
                const std::string& host);
    ~ImapSession() override;
    bool finished() const { return m_finished; }
    world::ConnId id() const { return m_id; }

    void on_established(world::ConnId) override { pump(); }
    void on_data(world::ConnId, ByteView bytes) override;
    void on_peer_fin(world::ConnId) override;
    void on_closed(world::ConnId, net::CloseReason) override;

    // IDLE: the store changed; an idling engine has something to push (RFC 2177).
    bool idling() const { return !m_finished && m_server.state() == imap::State::Idle; }
    void wake() { pump(); }

private:
    void pump();
    void flush();

    world::World& m_world;
    world::ConnId m_id;
    std::string m_host, m_client;
    imap::ImapServer m_server;
    std::shared_ptr<WireLog> m_log;
    net::EventId m_timer = net::kNoEvent; // the IDLE keepalive
    bool m_finished = false;
    bool m_close_sent = false;
};

// Watches the host's store so that IMAP sessions in IDLE hear of a change at once: each one
// idling is woken in a simulator event of its own (not inside the session that changed the
// store), in the order the sessions connected.
class MailAccessServer : public store::StoreObserver {
public:
    MailAccessServer(world::World& world, const world::HostSpec& spec, store::Store& store);
    ~MailAccessServer() override;

    void on_change(const store::ChangeRecord& record) override;

private:
    world::World& m_world;
    std::string m_host;
    store::Store& m_store;
    std::vector<std::unique_ptr<Pop3Session>> m_pop3;
    std::vector<std::unique_ptr<ImapSession>> m_imap;
    std::set<world::ConnId> m_wakes; // idling sessions with a wake-up scheduled
};

} // namespace mailsim::agents
