#include "telnet.h"

#include "sim/agents/agent_context.h"

namespace mailsim::agents {

trace::Proto proto_for_port(std::uint16_t port) {
    switch (port) {
    case 25:
    case 587:
        return trace::Proto::Smtp;
    case 110:
        return trace::Proto::Pop3;
    case 143:
        return trace::Proto::Imap;
    case 80:
        return trace::Proto::Http;
    default:
        return trace::Proto::Tcp;
    }
}

Telnet::Telnet(AgentContext& context, net::HostId from, net::HostId to, std::uint16_t port)
    : m_context(context), m_from(from), m_to(to), m_port(port) {
    m_conn = context.network().connect(from, to, port, proto_for_port(port), this);
    m_log = context.wire_log(m_conn, proto_for_port(port));
}

Telnet::~Telnet() {
    m_context.network().detach(m_conn, net::Side::Client);
}

void Telnet::on_established(trace::ConnId) {
    // A person waits for the server's banner before typing; HTTP servers say nothing first.
    if (proto_for_port(m_port) == trace::Proto::Http || proto_for_port(m_port) == trace::Proto::Tcp)
        ready();
}

void Telnet::on_data(trace::ConnId, ByteView bytes) {
    m_screen.append(bytes);
    if (!m_established)
        ready();
}

void Telnet::ready() {
    m_established = true;
    for (const auto& wire : m_typed_early)
        send_wire(wire);
    m_typed_early.clear();
    if (m_close_after_typing)
        close();
}

void Telnet::type(const std::string& line) {
    // A typed "\n" in an action is several lines: each goes out with CRLF like telnet sends.
    Bytes wire;
    std::size_t start = 0;
    while (start <= line.size()) {
        std::size_t end = line.find('\n', start);
        if (end == std::string::npos)
            end = line.size();
        wire += line.substr(start, end - start) + "\r\n";
        start = end + 1;
    }
    send_raw(wire);
}

void Telnet::send_raw(const Bytes& bytes) {
    if (m_closed)
        return;
    if (!m_established) {
        m_typed_early.push_back(bytes);
        return;
    }
    send_wire(bytes);
}

void Telnet::send_wire(const Bytes& wire) {
    m_log->sent(net::Side::Client, wire);
    m_context.network().send(m_conn, net::Side::Client, wire);
}

void Telnet::close() {
    if (!m_established) {
        m_close_after_typing = true;
        return;
    }
    m_context.network().close(m_conn, net::Side::Client);
}

void Telnet::on_peer_fin(trace::ConnId id) {
    m_context.network().close(id, net::Side::Client);
}

} // namespace mailsim::agents
