// Agents run against their narrow context (sim/agents/agent_context.h), without a World: a
// context made here from a simulator, a trace, a network and a store is all an MTA, a POP3
// server and a user agent need. Their sessions are engine connections
// (sim/agents/engine_connection.h), so this also runs the adapter end to end: bytes both ways,
// the POP3 server's autologout timer, closes.
#include "sim/agents/agent_context.h"
#include "sim/agents/mail_access.h"
#include "sim/agents/mta.h"
#include "sim/agents/telnet.h"
#include "sim/agents/user_agent.h"
#include "sim/agents/wire_log.h"
#include "sim/store/store.h"
#include "sim/trace/trace.h"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace mailsim;

namespace {

// Everything an agent may use, and nothing of a World.
class SmallContext final : public agents::AgentContext {
public:
    SmallContext() : m_network(m_sim, m_trace, 7), m_dns(m_network, 7) {
        agents::HostSpec mail;
        mail.name = "mail.test";
        mail.ip = 0x0a000001;
        mail.roles = {"mta", "pop3"};
        mail.domains = {"test"};
        agents::HostSpec pc;
        pc.name = "pc.test";
        pc.ip = 0x0a000002;
        pc.roles = {"client"};
        m_hosts = {mail, pc};
        for (const auto& h : m_hosts)
            m_network.add_host(h.name, h.ip);
        agents::UserSpec bob;
        bob.address = "bob@test";
        bob.login = "bob";
        bob.password = "hungry";
        bob.host = "mail.test";
        m_users = {bob};
        store::UserAccount account;
        account.login = "bob";
        account.password = "hungry";
        account.address = "bob@test";
        REQUIRE(m_store.add_user(account).ok());
    }

    net::Network& network() override { return m_network; }
    net::Dns& dns() override { return m_dns; }
    net::Simulator& sim() override { return m_sim; }
    SimTime now() const override { return m_sim.now(); }
    std::uint64_t record(world::Event&& event) override {
        event.t = m_sim.now();
        return m_trace.add(std::move(event));
    }
    world::Event& record_in_place() override {
        world::Event& event = m_trace.emplace();
        event.t = m_sim.now();
        return event;
    }
    void keep_message(std::uint64_t index, const Bytes& data) override {
        m_trace.keep_message(index, data);
    }
    std::shared_ptr<agents::WireLog> wire_log(world::ConnId conn, world::Proto proto) override {
        auto& slot = m_logs[conn];
        if (!slot) {
            const auto* c = m_network.connection(conn);
            slot = std::make_shared<agents::WireLog>(*this, conn, proto,
                                                     m_network.host(c->host[0]).name,
                                                     m_network.host(c->host[1]).name);
        }
        return slot;
    }
    agents::TextStyle style() const override { return agents::TextStyle::Modern; }
    bool trace_headers() const override { return true; }
    const std::vector<agents::HostSpec>& hosts() const override { return m_hosts; }
    const std::vector<agents::UaSpec>& user_agents() const override { return m_uas; }
    const std::vector<agents::LinkSpecData>& links() const override { return m_links; }
    const agents::UserSpec* user(std::string_view address) const override {
        for (const auto& u : m_users)
            if (u.address == address)
                return &u;
        return nullptr;
    }
    const std::vector<agents::AliasSpec>& aliases() const override { return m_aliases; }
    bool full_queue_scans() const override { return false; }
    SimTime imap_idle_keepalive() const override { return 0; }
    store::Store* store_of(const std::string& host) override {
        return host == "mail.test" ? &m_store : nullptr;
    }
    agents::Mta* mta(const std::string& host) override {
        return host == "mail.test" ? m_mta.get() : nullptr;
    }
    std::string next_message_id(const std::string& host) override {
        return "<" + std::to_string(++m_counter) + "@" + host + ">";
    }
    std::uint64_t next_counter() override { return ++m_counter; }

    void start_agents() {
        m_mta = std::make_unique<agents::Mta>(*this, m_hosts[0]);
        m_access = std::make_unique<agents::MailAccessServer>(*this, m_hosts[0], m_store);
    }
    const world::Trace& trace() const { return m_trace; }
    const store::Store& mailbox_store() const { return m_store; }

    // The trace's protocol lines, "C: USER bob" / "S: +OK ...", for one protocol.
    std::vector<std::string> lines(world::Proto proto) const {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < m_trace.size(); ++i) {
            const world::Event& e = m_trace[i];
            if (e.proto != proto)
                continue;
            if (e.kind == world::EventKind::Command)
                out.push_back("C: " + e.text);
            else if (e.kind == world::EventKind::Reply)
                out.push_back("S: " + e.text);
        }
        return out;
    }
    bool has(world::EventKind kind, world::Proto proto, std::string_view state = {}) const {
        for (std::size_t i = 0; i < m_trace.size(); ++i) {
            const world::Event& e = m_trace[i];
            if (e.kind == kind && e.proto == proto && (state.empty() || e.state == state))
                return true;
        }
        return false;
    }

private:
    net::Simulator m_sim;
    world::Trace m_trace;
    net::Network m_network;
    net::Dns m_dns;
    store::Store m_store;
    std::vector<agents::HostSpec> m_hosts;
    std::vector<agents::UserSpec> m_users;
    std::vector<agents::UaSpec> m_uas;
    std::vector<agents::LinkSpecData> m_links;
    std::vector<agents::AliasSpec> m_aliases;
    std::map<world::ConnId, std::shared_ptr<agents::WireLog>> m_logs;
    std::unique_ptr<agents::Mta> m_mta;
    std::unique_ptr<agents::MailAccessServer> m_access;
    std::uint64_t m_counter = 0;
};

agents::ActionArguments arguments(std::map<std::string, std::string> args) {
    agents::ActionArguments out;
    out.args = std::move(args);
    return out;
}

bool contains(const std::vector<std::string>& lines, std::string_view prefix) {
    for (const auto& line : lines)
        if (line.rfind(prefix, 0) == 0)
            return true;
    return false;
}

} // namespace

TEST_CASE("an MTA, a POP3 server and a user agent run on a context of their own, no World") {
    SmallContext context;
    context.start_agents();
    agents::UaSpec spec;
    spec.address = "bob@test";
    spec.host = "pc.test";
    spec.server = "mail.test";
    agents::UserAgent ua(context, spec);

    // Submission over SMTP to the MTA, local delivery into the store.
    REQUIRE(ua.compose(arguments({{"to", "bob@test"}, {"subject", "hello"}, {"body", "hi"}})).ok());
    context.sim().run_until(10 * kSecond);
    REQUIRE(context.mailbox_store().mailbox("bob")->inbox().messages().size() == 1);
    const auto smtp = context.lines(world::Proto::Smtp);
    CHECK(contains(smtp, "S: 220 "));
    CHECK(contains(smtp, "C: MAIL FROM:<bob@test>"));
    CHECK(contains(smtp, "S: 221 "));
    CHECK(context.has(world::EventKind::StateChange, world::Proto::Smtp, "Data"));

    // Retrieval over POP3 from the device.
    REQUIRE(ua.retrieve(arguments({{"proto", "pop3"}, {"mode", "delete"}})).ok());
    context.sim().run_until(20 * kSecond);
    REQUIRE(ua.downloaded().count("pc.test"));
    CHECK(ua.downloaded().at("pc.test").size() == 1);
    const auto pop3 = context.lines(world::Proto::Pop3);
    CHECK(contains(pop3, "C: USER bob"));
    CHECK(contains(pop3, "C: RETR 1"));
    CHECK(contains(pop3, "C: QUIT"));
    CHECK(context.has(world::EventKind::StateChange, world::Proto::Pop3, "UPDATE"));
    CHECK(context.mailbox_store().mailbox("bob")->inbox().messages().empty());
}

TEST_CASE("the adapter runs the POP3 server's autologout timer and closes after it") {
    SmallContext context;
    context.start_agents();
    const auto pc = *context.network().find_host("pc.test");
    const auto mail = *context.network().find_host("mail.test");
    agents::Telnet telnet(context, pc, mail, 110); // connects and then says nothing
    context.sim().run_until(kMinute);
    CHECK(telnet.open());
    CHECK(telnet.screen().rfind("+OK", 0) == 0);
    // RFC 1939 §3: at least ten minutes of silence, then the server closes without a reply.
    context.sim().run_until(9 * kMinute);
    CHECK(telnet.open());
    context.sim().run_until(12 * kMinute);
    CHECK_FALSE(telnet.open());
    bool server_fin_after_autologout = false;
    for (std::size_t i = 0; i < context.trace().size(); ++i) {
        const world::Event& e = context.trace()[i];
        if (e.kind == world::EventKind::TcpFin && e.host == "mail.test" && e.t >= 10 * kMinute)
            server_fin_after_autologout = true;
    }
    CHECK(server_fin_after_autologout);
}

TEST_CASE("two messages taken in one read keep their own queue ids") {
    // A client that does not wait for replies (a script, a spammer's tool): both messages
    // arrive in one segment, so the server takes both before the MTA hears of either. Each
    // accepted event and each Received header must name the id its own 250 gave.
    SmallContext context;
    context.start_agents();
    const auto pc = *context.network().find_host("pc.test");
    const auto mail = *context.network().find_host("mail.test");
    agents::Telnet telnet(context, pc, mail, 25);
    std::string session = "HELO pc.test\r\n";
    for (const char* subject : {"one", "two"})
        session += std::string("MAIL FROM:<x@pc.test>\r\nRCPT TO:<bob@test>\r\nDATA\r\n") +
                   "Subject: " + subject + "\r\n\r\nhi\r\n.\r\n";
    telnet.send_raw(Bytes(session + "QUIT\r\n"));
    context.sim().run_until(kMinute);

    std::vector<std::string> replied, accepted;
    for (std::size_t i = 0; i < context.trace().size(); ++i) {
        const world::Event& e = context.trace()[i];
        if (e.kind == world::EventKind::Reply && e.text.find("queued as ") != std::string::npos)
            replied.push_back(e.text.substr(e.text.find("queued as ") + 10));
        if (e.kind == world::EventKind::Accepted)
            accepted.push_back(e.queue_id);
    }
    REQUIRE(replied.size() == 2);
    CHECK(replied[0] != replied[1]);
    CHECK(accepted == replied);
    const auto& inbox = context.mailbox_store().mailbox("bob")->inbox().messages();
    REQUIRE(inbox.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string text(inbox[i].bytes());
        const std::string received = text.substr(0, text.find("\r\n\r\n"));
        INFO(received);
        CHECK(received.find("id " + replied[i]) != std::string::npos);
    }
}
