#pragma once
// The mailbox-access side of a mail server: POP3 on port 110 (and IMAP on 143 when the host
// has that role), each connection running the protocol engine over the host's store.
#include "sim/agents/agent_context.h"
#include "sim/agents/engine_connection.h"
#include "sim/agents/wire_log.h"
#include "sim/net/network.h"
#include "sim/proto/imap/imap_server.h"
#include "sim/proto/pop3/pop3_server.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace mailsim::store {
class Store;
}

namespace mailsim::agents {

// POP3 on port 110: the server engine over the host's store, with its autologout timer.
class Pop3Session : public EngineConnection<Pop3Session, pop3::Pop3Server> {
public:
    Pop3Session(AgentContext& context, store::Store& store, trace::ConnId id,
                const std::string& host);

private:
    friend EngineConnection;
    void react(pop3::ServerEvent& event);

    AgentContext& m_context;
    std::string m_host, m_client;
};

// IMAP on port 143: the server engine over the host's store; IDLE is woken by the store.
class ImapSession : public EngineConnection<ImapSession, imap::ImapServer> {
public:
    ImapSession(AgentContext& context, store::Store& store, trace::ConnId id,
                const std::string& host);

    // IDLE: the store changed; an idling engine has something to push (RFC 2177).
    bool idling() const { return !finished() && engine().state() == imap::State::Idle; }
    void wake() { pump(); }

private:
    friend EngineConnection;
    void received();       // APPEND without a date takes the time the command arrived
    void before_timeout(); // so does the IDLE keepalive's clock
    void react(imap::ServerEvent& event);

    AgentContext& m_context;
    std::string m_host, m_client;
};

// Watches the host's store so that IMAP sessions in IDLE hear of a change at once: each one
// idling is woken in a simulator event of its own (not inside the session that changed the
// store), in the order the sessions connected.
class MailAccessServer : public store::StoreObserver {
public:
    MailAccessServer(AgentContext& context, const HostSpec& spec, store::Store& store);
    ~MailAccessServer() override;

    void on_change(const store::ChangeRecord& record) override;

private:
    AgentContext& m_context;
    std::string m_host;
    store::Store& m_store;
    std::vector<std::unique_ptr<Pop3Session>> m_pop3;
    std::vector<std::unique_ptr<ImapSession>> m_imap;
    std::set<trace::ConnId> m_wakes; // idling sessions with a wake-up scheduled
};

} // namespace mailsim::agents
