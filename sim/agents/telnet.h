#pragma once
// A hand-typed session ("telnet mail.hamburger.edu 25"): connects from a host to any port and
// sends the lines the user types. The server's answers are recorded by the server itself; the
// typed lines are recorded here, so the trace holds the whole dialogue once.
#include "sim/agents/agent_context.h"
#include "sim/agents/wire_log.h"
#include "sim/net/network.h"

#include <memory>
#include <string>
#include <vector>

namespace mailsim::agents {

trace::Proto proto_for_port(std::uint16_t port);

class Telnet : public net::TcpHandler {
public:
    Telnet(AgentContext& context, net::HostId from, net::HostId to, std::uint16_t port);
    ~Telnet() override;

    bool matches(net::HostId from, net::HostId to, std::uint16_t port) const {
        return from == m_from && to == m_to && port == m_port;
    }
    bool open() const { return !m_closed; }
    void type(const std::string& line); // sent with CRLF once connected
    // Sent exactly as given once connected: no CRLF added, so a bare LF reaches the server
    // (what a broken or smuggling client sends; telnet itself always sends CRLF).
    void send_raw(const Bytes& bytes);
    void close();
    // Everything the server sent, as the user's screen shows it.
    const Bytes& screen() const { return m_screen; }

    void on_established(trace::ConnId) override;
    void on_data(trace::ConnId, ByteView bytes) override;
    void on_peer_fin(trace::ConnId) override;
    void on_closed(trace::ConnId, net::CloseReason) override { m_closed = true; }

private:
    void ready();
    void send_wire(const Bytes& wire);

    AgentContext& m_context;
    net::HostId m_from, m_to;
    std::uint16_t m_port;
    trace::ConnId m_conn = 0;
    std::shared_ptr<WireLog> m_log;
    std::vector<Bytes> m_typed_early; // wire bytes typed before the banner came
    Bytes m_screen;
    bool m_established = false;
    bool m_closed = false;
    bool m_close_after_typing = false;
};

} // namespace mailsim::agents
