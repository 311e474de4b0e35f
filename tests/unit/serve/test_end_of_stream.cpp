// Every engine's end-of-stream path, fed what hostile or broken peers send: a command or reply
// cut short (no CRLF), a literal cut short, a partial DATA line, then EOF. Whatever the prefix,
// the engine reports the close once and then answers NeedData for good. (An IMAP server once
// yielded "truncated" and "closed" again on every call after `a NOOP` + FIN: `mailsim serve`
// spun at 100% CPU and stopped answering anyone, SIGTERM included.)
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
#include <vector>

using namespace mailsim;

namespace {

// Events before the engine settles on NeedData; -1 if it never does (a livelock).
template <class Engine, class NeedData>
int events_until_settled(Engine& engine) {
    for (int events = 0; events < 10000; ++events) {
        if (std::holds_alternative<NeedData>(engine.next_event())) {
            // Settled for good: asking again must not start the close over.
            for (int again = 0; again < 3; ++again)
                if (!std::holds_alternative<NeedData>(engine.next_event()))
                    return -1;
            return events;
        }
    }
    return -1;
}

// Feeds every prefix of `input` (each to a fresh engine from `make`), then EOF.
template <class NeedData, class Make>
void every_prefix_then_eof(const std::string& input, Make make) {
    for (std::size_t length = 0; length <= input.size(); ++length) {
        auto engine = make();
        (void)events_until_settled<decltype(*engine), NeedData>(*engine);
        engine->receive_data(std::string_view(input).substr(0, length));
        (void)events_until_settled<decltype(*engine), NeedData>(*engine);
        engine->receive_eof();
        const int events = events_until_settled<decltype(*engine), NeedData>(*engine);
        CHECK_MESSAGE(events >= 0, "no end after EOF following " << length << " bytes of "
                                                                 << std::string(input));
        // Late bytes after EOF are dropped, not parsed into a second close.
        engine->receive_data("x\r\n");
        CHECK(events_until_settled<decltype(*engine), NeedData>(*engine) == 0);
    }
}

std::unique_ptr<store::Store> bob_store() {
    auto store = std::make_unique<store::Store>();
    (void)store->add_user({"bob", "hungry", "bob@hamburger.edu", "Bob", {}});
    (void)store->deliver("bob", "Subject: hi\r\n\r\nhello\r\n", 0);
    return store;
}

} // namespace

TEST_CASE("IMAP server: a partial command, a partial literal or CAPA cut short, then FIN") {
    auto store = bob_store();
    for (const std::string input :
         {"a NOOP", "a LOGIN {5}\r\nab", "x1 CAPA", "a LOGIN bob hungry\r\nb SELECT INBOX\r\nc FE",
          "a LOGIN bob hungry\r\nb APPEND INBOX {10}\r\n12345"}) {
        every_prefix_then_eof<imap::NeedData>(
            input, [&] { return std::make_unique<imap::ImapServer>(*store); });
    }
}

TEST_CASE("IMAP server with extensions: IDLE, a LITERAL+ APPEND or MOVE cut short, then FIN") {
    auto store = bob_store();
    imap::ServerConfig config;
    config.extensions = true;
    for (const std::string input :
         {"a LOGIN bob hungry\r\nb SELECT INBOX\r\nc IDLE\r\nDON",
          "a LOGIN bob hungry\r\nb APPEND INBOX {10+}\r\n12345",
          "a LOGIN bob hungry\r\nb SELECT INBOX\r\nc UID MOVE 1 Tr",
          "a LOGIN bob hungry\r\nb ENABLE UTF8=ACCEPT\r\nc NAMESPACE\r\n"}) {
        every_prefix_then_eof<imap::NeedData>(
            input, [&] { return std::make_unique<imap::ImapServer>(*store, config); });
    }
}

TEST_CASE("IMAP server: the truncated command is reported once, with one close") {
    auto store = bob_store();
    imap::ImapServer server(*store);
    (void)events_until_settled<imap::ImapServer, imap::NeedData>(server);
    server.receive_data("a NOOP");
    server.receive_eof();
    std::vector<std::string> seen;
    for (int i = 0; i < 10; ++i) {
        auto event = server.next_event();
        if (!std::holds_alternative<imap::NeedData>(event))
            seen.push_back(imap::describe(event));
    }
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == "violation imap.error.truncated [] connection closed in the middle of a "
                     "command");
    CHECK(seen[1] == "closed");
}

TEST_CASE("POP3 server: USER cut short, PASS cut short, then FIN") {
    auto store = bob_store();
    pop3::ServerConfig config;
    config.host_name = "pop.hamburger.edu";
    for (const std::string input : {"USER", "USER bob\r\nPA", "USER bob\r\nPASS hungry\r\nRETR 1"})
        every_prefix_then_eof<pop3::NeedData>(
            input, [&] { return std::make_unique<pop3::Pop3Server>(*store, config); });
}

TEST_CASE("SMTP server: a command cut short, DATA cut short mid-line, then FIN") {
    smtp::StaticPolicy policy;
    policy.add_local_domain("hamburger.edu");
    policy.add_user("bob@hamburger.edu", "Bob");
    smtp::ServerConfig config;
    config.hostname = "mail.hamburger.edu";
    for (const std::string input :
         {"NOOP", "HELO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@hamburger.edu>\r\nDATA\r\n"
                  "half a li"})
        every_prefix_then_eof<smtp::NeedData>(
            input, [&] { return std::make_unique<smtp::SmtpServer>(config, policy); });
}

TEST_CASE("the clients: a reply cut short, then the server's FIN") {
    for (const std::string input : {"220 mail.hamburger.edu ESMTP\r\n250-mail.hamb",
                                    "220 x\r\n250 x\r\n250 ok\r\n250 ok\r\n354 go\r\n25"}) {
        every_prefix_then_eof<smtp::NeedData>(input, [] {
            smtp::OutgoingMessage message{"a@b.example",
                                          {"bob@hamburger.edu"},
                                          "Subject: x\r\n\r\n"
                                          "y\r\n"};
            return std::make_unique<smtp::SmtpClient>(smtp::ClientConfig{}, std::vector{message});
        });
    }
    for (const std::string input :
         {"+OK ready\r\n+O", "+OK ready\r\n+OK\r\n+OK 1 5\r\n+OK\r\nab"}) {
        every_prefix_then_eof<pop3::NeedData>(input, [] {
            pop3::ClientConfig config;
            config.user = "bob";
            config.password = "hungry";
            return std::make_unique<pop3::Pop3Client>(config);
        });
    }
    for (const std::string input :
         {"* OK ready\r\n* CAPA", "* OK ready\r\n* 1 FETCH (BODY[] {10}\r\n"
                                  "12345"}) {
        every_prefix_then_eof<imap::NeedData>(input,
                                              [] { return std::make_unique<imap::ImapClient>(); });
    }
}
