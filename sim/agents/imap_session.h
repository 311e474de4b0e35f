#pragma once
// One IMAP connection on port 143 of a mail server host: the imap engine over the host's
// mailbox store, adapted to the world's TCP like Pop3Session (mail_access.h).
#include "sim/agents/wire_log.h"
#include "sim/net/network.h"
#include "sim/proto/imap/imap_server.h"

#include <string>

namespace mailsim::world {
class World;
}
namespace mailsim::store {
class Store;
}

namespace mailsim::agents {

class ImapSession : public net::TcpHandler {
public:
    ImapSession(world::World& world, store::Store& store, world::ConnId id,
                const std::string& host);
    bool finished() const { return m_finished; }
    world::ConnId id() const { return m_id; }

    void on_established(world::ConnId) override { pump(); }
    void on_data(world::ConnId, ByteView bytes) override;
    void on_peer_fin(world::ConnId) override;
    void on_closed(world::ConnId, net::CloseReason) override { m_finished = true; }

private:
    void pump();
    void flush();
    void close();

    world::World& m_world;
    world::ConnId m_id;
    std::string m_host, m_client;
    imap::ImapServer m_server;
    WireLog& m_log;
    bool m_finished = false;
    bool m_close_sent = false;
};

} // namespace mailsim::agents
