// The engine contract (sim/proto/engine.h): every sans-I/O engine has the same shape, so one
// piece of code drives any of them. Here one generic function runs a whole conversation
// between a client engine and a server engine of each protocol, moving bytes both ways until
// both engines want the connection closed.
#include "sim/proto/engine.h"
#include "sim/proto/imap/imap_client.h"
#include "sim/proto/imap/imap_server.h"
#include "sim/proto/pop3/pop3_client.h"
#include "sim/proto/pop3/pop3_server.h"
#include "sim/proto/smtp/smtp_client.h"
#include "sim/proto/smtp/smtp_server.h"
#include "sim/proto/smtp/smtp_static_policy.h"
#include "sim/store/store.h"

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

using namespace mailsim;

namespace {

// Shapes that are not engines: the concept must say no.
struct NoNeedData {
    void receive_data(ByteView) {}
    void receive_eof() {}
    std::variant<int, double> next_event() { return 0; } // int is no empty "NeedData"
    Bytes take_output() { return {}; }
    bool has_output() const { return false; }
    bool wants_close() const { return false; }
};
struct OldImapShape { // what the IMAP engines had before: data_to_send()
    struct NeedData {};
    void receive_data(ByteView) {}
    void receive_eof() {}
    std::variant<NeedData, int> next_event() { return NeedData{}; }
    Bytes data_to_send() { return {}; }
    bool has_output() const { return false; }
    bool wants_close() const { return false; }
};
struct NoClose {
    struct NeedData {};
    void receive_data(ByteView) {}
    void receive_eof() {}
    std::variant<NeedData, int> next_event() { return NeedData{}; }
    Bytes take_output() { return {}; }
    bool has_output() const { return false; }
};

static_assert(!ProtocolEngine<NoNeedData>);
static_assert(!ProtocolEngine<OldImapShape>);
static_assert(!ProtocolEngine<NoClose>);
static_assert(ProtocolEngine<smtp::SmtpClient> && ProtocolEngine<smtp::SmtpServer>);
static_assert(ProtocolEngine<pop3::Pop3Client> && ProtocolEngine<pop3::Pop3Server>);
static_assert(ProtocolEngine<imap::ImapClient> && ProtocolEngine<imap::ImapServer>);
static_assert(TimedProtocolEngine<smtp::SmtpServer> && TimedProtocolEngine<pop3::Pop3Server>);
static_assert(TimedProtocolEngine<imap::ImapServer>); // the IDLE keepalive
static_assert(!TimedProtocolEngine<imap::ImapClient>);
static_assert(
    std::is_same_v<std::variant_alternative_t<0, EngineEvent<smtp::SmtpServer>>, smtp::NeedData>);
static_assert(
    std::is_same_v<std::variant_alternative_t<0, EngineEvent<pop3::Pop3Client>>, pop3::NeedData>);
static_assert(
    std::is_same_v<std::variant_alternative_t<0, EngineEvent<imap::ImapServer>>, imap::NeedData>);

struct Conversation {
    std::size_t client_events = 0;
    std::size_t server_events = 0;
    std::size_t rounds = 0;
    bool both_want_close = false;
};

template <ProtocolEngine Engine>
std::size_t drain(Engine& engine) {
    std::size_t events = 0;
    for (auto event = engine.next_event(); !needs_data(event); event = engine.next_event())
        ++events;
    return events;
}

// Only the contract is used here: no protocol is named.
template <ProtocolEngine Client, ProtocolEngine Server>
Conversation converse(Client& client, Server& server) {
    Conversation run;
    for (; run.rounds < 200; ++run.rounds) {
        run.server_events += drain(server);
        run.client_events += drain(client);
        const bool pending = server.has_output() || client.has_output();
        if (server.wants_close() && !client.wants_close() && !pending)
            client.receive_eof();
        if (client.wants_close() && !server.wants_close() && !pending)
            server.receive_eof();
        const Bytes to_client = server.take_output();
        const Bytes to_server = client.take_output();
        if (!to_client.empty())
            client.receive_data(to_client);
        if (!to_server.empty())
            server.receive_data(to_server);
        if (to_client.empty() && to_server.empty() && client.wants_close() && server.wants_close())
            break;
    }
    run.both_want_close = client.wants_close() && server.wants_close();
    return run;
}

void add_bob(store::Store& store) {
    store::UserAccount bob;
    bob.login = "bob";
    bob.password = "hungry";
    bob.address = "bob@someschool.edu";
    REQUIRE(store.add_user(bob).ok());
    REQUIRE(store.deliver("bob", "Subject: hi\r\n\r\nhello\r\n", 0).ok());
}

} // namespace

TEST_CASE("one generic driver runs SMTP, POP3 and IMAP conversations through the contract") {
    SUBCASE("SMTP: the client delivers one message and quits") {
        smtp::StaticPolicy policy;
        policy.add_local_domain("someschool.edu");
        policy.add_user("bob@someschool.edu");
        smtp::SmtpServer server(smtp::ServerConfig{}, policy);
        smtp::SmtpClient client(smtp::ClientConfig{},
                                {smtp::OutgoingMessage{"alice@crepes.fr",
                                                       {"bob@someschool.edu"},
                                                       "Subject: hi\r\n\r\nhello\r\n"}});
        const Conversation run = converse(client, server);
        CHECK(run.both_want_close);
        CHECK(policy.deliveries().size() == 1);
        CHECK(run.client_events > 5);
        CHECK(run.server_events > 5);
    }
    SUBCASE("POP3: the client downloads the maildrop and quits") {
        store::Store store;
        add_bob(store);
        pop3::Pop3Server server(store, pop3::ServerConfig{});
        pop3::ClientConfig config;
        config.user = "bob";
        config.password = "hungry";
        pop3::Pop3Client client(config);
        const Conversation run = converse(client, server);
        CHECK(run.both_want_close);
        CHECK(client.seen_uids().size() == 1);
    }
    SUBCASE("IMAP: the client logs in, selects INBOX and logs out") {
        store::Store store;
        add_bob(store);
        imap::ImapServer server(store);
        imap::ImapClient client;
        client.login("bob", "hungry");
        client.select("INBOX");
        client.logout();
        const Conversation run = converse(client, server);
        CHECK(run.both_want_close);
        CHECK(client.mailbox().exists == 1);
        CHECK(server.state() == imap::State::Logout);
    }
}
