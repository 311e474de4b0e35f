#pragma once
// Records what crosses a connection as trace events, one per protocol line, at the moment the
// sender hands the bytes to TCP: `command` (client lines), `reply` (server lines) and `data`
// (message text inside SMTP DATA or a POP3 multi-line answer). Every agent and every protocol
// goes through here, so the transcript (S:/C: lines) and the trace cannot disagree.
#include "sim/agents/agent_context.h"
#include "sim/core/bytes.h"
#include "sim/net/network.h"
#include "sim/trace/event.h"

#include <string>

namespace mailsim::agents {

class WireLog {
public:
    WireLog(AgentContext& context, trace::ConnId conn, trace::Proto proto, std::string client,
            std::string server);

    void sent(net::Side from, ByteView bytes);

    // SMTP: the client sent the final "." and no reply has come back yet (RFC 1047 window).
    bool dot_pending() const { return m_dot_pending; }
    // The msg_id and recipients being sent now, so data events can name them.
    void set_message(std::string msg_id) { m_msg_id = std::move(msg_id); }

private:
    // The longest line kept whole in the trace (IMAP allows 8 KB commands); the rest of a
    // longer one is counted, not kept.
    static constexpr std::size_t kMaxLine = 16 * 1024;

    void line(net::Side from, ByteView text, std::size_t dropped);

    AgentContext& m_context;
    trace::ConnId m_conn;
    trace::Proto m_proto;
    std::string m_client, m_server;
    Bytes m_partial[2];            // the line being received, at most kMaxLine octets
    std::size_t m_dropped[2] = {}; // octets of it past kMaxLine
    bool m_cr[2] = {};             // its last octet so far was a CR
    bool m_in_data = false;        // SMTP DATA text, or a POP3 multi-line answer
    bool m_expect_multi = false;   // POP3: the next +OK starts a multi-line answer
    bool m_dot_pending = false;
    std::string m_msg_id;
};

} // namespace mailsim::agents
