#pragma once
// The two kinds of SMTP connection an MTA has: MtaInbound runs the server engine for a client
// that connected to port 25; MtaOutbound runs the client engine to one destination, trying its
// MX hosts in order, several queued messages over one connection.
#include "sim/agents/wire_log.h"
#include "sim/net/dns.h"
#include "sim/net/network.h"
#include "sim/proto/smtp/smtp_client.h"
#include "sim/proto/smtp/smtp_server.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::world {
class World;
}

namespace mailsim::agents {

class Mta;

// Records an engine's StateChanged as a state_change event.
void record_state_change(world::World& world, world::ConnId conn, const std::string& host,
                         const std::string& peer, const smtp::StateChanged& change);

class MtaInbound : public net::TcpHandler {
public:
    MtaInbound(Mta& mta, world::World& world, world::ConnId id);
    ~MtaInbound() override;

    world::ConnId id() const { return m_id; }
    bool finished() const { return m_finished; }

    void on_established(world::ConnId) override;
    void on_data(world::ConnId, ByteView bytes) override;
    void on_peer_fin(world::ConnId) override;
    void on_closed(world::ConnId, net::CloseReason) override;

private:
    void pump();
    void arm_timer(SimTime after); // the engine's timer: on expiry 421 and close

    Mta& m_mta;
    world::World& m_world;
    world::ConnId m_id;
    std::string m_client_host, m_server_host;
    smtp::SmtpServer m_server;
    std::shared_ptr<WireLog> m_log;
    net::EventId m_timer = net::kNoEvent;
    SimTime m_timer_length = 0;
    bool m_finished = false;
    bool m_close_sent = false;
};

class MtaOutbound : public net::TcpHandler {
public:
    MtaOutbound(Mta& mta, world::World& world, std::string destination,
                std::vector<std::string> queue_ids, std::vector<net::MailTarget> targets);
    ~MtaOutbound() override;

    void start();
    bool finished() const { return m_finished; }
    void detach();

    void on_established(world::ConnId) override;
    void on_data(world::ConnId, ByteView bytes) override;
    void on_peer_fin(world::ConnId) override;
    void on_closed(world::ConnId, net::CloseReason reason) override;

private:
    void try_next_target(const std::string& why);
    void pump();
    void handle_result(const smtp::TransactionResult& result);
    void set_current_message();
    void finish(const std::string& error_for_the_rest, bool connection_level);

    Mta& m_mta;
    world::World& m_world;
    std::string m_destination;
    std::vector<std::string> m_queue_ids;
    // Per message sent over this connection: its queue id and the recipients it carries.
    std::vector<std::pair<std::string, std::vector<std::string>>> m_messages;
    std::vector<net::MailTarget> m_targets;
    std::size_t m_target = 0;
    std::string m_peer;
    world::ConnId m_conn = 0;
    std::unique_ptr<smtp::SmtpClient> m_client;
    std::shared_ptr<WireLog> m_log;
    net::EventId m_timer = net::kNoEvent;
    std::size_t m_results = 0;
    bool m_greeting_failed = false;
    bool m_finished = false;
    bool m_closing = false;
    std::string m_last_error;
};

} // namespace mailsim::agents
