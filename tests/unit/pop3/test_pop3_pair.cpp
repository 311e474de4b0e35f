// Client and server engines talking to each other in memory: download-and-delete versus
// download-and-keep, two devices, the maildrop lock, a dropped connection, APOP, failures.
#include "pop3_test_util.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace pop3_test;

namespace {

pop3::ClientConfig client_config(pop3::RetrievalMode mode, std::set<std::string> seen = {}) {
    pop3::ClientConfig config;
    config.user = "bob";
    config.password = "hungry";
    config.mode = mode;
    config.seen_uids = std::move(seen);
    return config;
}

struct Device {
    std::set<std::string> seen; // what this device remembers between sessions

    PairRun check_mail(store::Store& store, pop3::RetrievalMode mode) {
        pop3::Pop3Server server(store, pop3::ServerConfig{});
        pop3::Pop3Client client(client_config(mode, seen));
        auto run = run_pair(server, client);
        seen = client.seen_uids();
        return run;
    }
};

} // namespace

TEST_CASE("download-and-delete empties the maildrop; a second device finds nothing") {
    store::Store store;
    add_lecture_users(store);
    Device laptop, phone;
    const auto first = laptop.check_mail(store, pop3::RetrievalMode::DownloadAndDelete);
    CHECK(first.finished.result == pop3::SessionResult::Completed);
    CHECK(first.finished.retrieved == 2);
    CHECK(first.finished.deleted == 2);
    REQUIRE(first.messages.size() == 2);
    CHECK(first.messages[0].uid == "1.1");
    CHECK(first.messages[1].content == sized_message("message 2", "<message 2 contents>", 912));
    CHECK(store.mailbox("bob")->inbox().messages().empty());
    // The lecture's point: Bob cannot re-read the mail from another client.
    const auto second = phone.check_mail(store, pop3::RetrievalMode::DownloadAndKeep);
    CHECK(second.finished.result == pop3::SessionResult::Completed);
    CHECK(second.finished.retrieved == 0);
}

TEST_CASE("download-and-keep: UIDL decides what is new, a second device still sees old mail") {
    store::Store store;
    add_lecture_users(store);
    Device laptop, phone;
    const auto first = laptop.check_mail(store, pop3::RetrievalMode::DownloadAndKeep);
    CHECK(first.finished.result == pop3::SessionResult::Completed);
    CHECK(first.finished.retrieved == 2);
    CHECK(first.finished.deleted == 0);
    CHECK(laptop.seen == std::set<std::string>{"1.1", "1.2"});
    CHECK(store.mailbox("bob")->inbox().messages().size() == 2);
    // The transcript of a modern client: CAPA, USER/PASS, UIDL, LIST, RETR each, QUIT.
    CHECK(first.transcript.find("C: CAPA\nS: +OK Capability list follows\n") != std::string::npos);
    CHECK(first.transcript.find("C: UIDL\nS: +OK\nS: 1 1.1\nS: 2 1.2\nS: .\nC: LIST\n") !=
          std::string::npos);
    CHECK(first.transcript.find("DELE") == std::string::npos);

    // Same device again: nothing new.
    const auto again = laptop.check_mail(store, pop3::RetrievalMode::DownloadAndKeep);
    CHECK(again.finished.retrieved == 0);
    CHECK(again.transcript.find("RETR") == std::string::npos);

    // New mail arrives: only it is fetched.
    REQUIRE(store.deliver("bob", "Subject: third\r\n\r\nnew\r\n", 3 * kMinute).ok());
    const auto third = laptop.check_mail(store, pop3::RetrievalMode::DownloadAndKeep);
    REQUIRE(third.messages.size() == 1);
    CHECK(third.messages[0].number == 3);
    CHECK(third.messages[0].uid == "1.3");
    CHECK(third.messages[0].content == "Subject: third\r\n\r\nnew\r\n");

    // A second device with its own memory downloads all three.
    const auto other = phone.check_mail(store, pop3::RetrievalMode::DownloadAndKeep);
    CHECK(other.finished.retrieved == 3);
    CHECK(phone.seen == std::set<std::string>{"1.1", "1.2", "1.3"});
}

TEST_CASE("keep mode forgets unique ids of messages that left the server") {
    store::Store store;
    add_lecture_users(store);
    Device laptop;
    laptop.seen = {"1.1", "9.9"}; // 9.9: a message long gone
    const auto run = laptop.check_mail(store, pop3::RetrievalMode::DownloadAndKeep);
    REQUIRE(run.messages.size() == 1);
    CHECK(run.messages[0].uid == "1.2");
    CHECK(laptop.seen == std::set<std::string>{"1.1", "1.2"});
}

TEST_CASE("lock conflict: the second client is told the maildrop is in use") {
    store::Store store;
    add_lecture_users(store);
    pop3::Pop3Server holder(store, pop3::ServerConfig{});
    holder.receive_data("USER bob\r\nPASS hungry\r\n");
    while (!std::holds_alternative<pop3::NeedData>(holder.next_event())) {
    }
    REQUIRE(store.is_locked("bob"));
    pop3::Pop3Server server(store, pop3::ServerConfig{});
    pop3::Pop3Client client(client_config(pop3::RetrievalMode::DownloadAndDelete));
    const auto run = run_pair(server, client);
    CHECK(run.finished.result == pop3::SessionResult::MaildropLocked);
    CHECK(run.finished.detail == "-ERR [IN-USE] maildrop already locked");
    CHECK(run.transcript.ends_with("C: QUIT\nS: +OK localhost POP3 server signing off\n"));
    CHECK(store.mailbox("bob")->inbox().messages().size() == 2);
}

TEST_CASE("a connection dropped before QUIT is answered deletes nothing") {
    store::Store store;
    add_lecture_users(store);
    pop3::Pop3Server server(store, pop3::ServerConfig{});
    pop3::Pop3Client client(client_config(pop3::RetrievalMode::DownloadAndDelete));
    // CAPA USER PASS UIDL LIST RETR DELE RETR DELE = 9 commands; cut before QUIT goes out.
    const auto run = run_pair(server, client, [](size_t sent) { return sent == 10; });
    CHECK(run.finished.result == pop3::SessionResult::ConnectionLost);
    CHECK(run.finished.retrieved == 2);
    CHECK(run.finished.deleted == 0);
    CHECK(run.transcript.find("QUIT") == std::string::npos);
    CHECK(run.server_events.back() == "closed peer-closed");
    CHECK(store.mailbox("bob")->inbox().messages().size() == 2);
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("wrong password: the client quits and reports it; nothing is locked") {
    store::Store store;
    add_lecture_users(store);
    pop3::Pop3Server server(store, pop3::ServerConfig{});
    auto config = client_config(pop3::RetrievalMode::DownloadAndKeep);
    config.password = "thirsty";
    pop3::Pop3Client client(config);
    const auto run = run_pair(server, client);
    CHECK(run.finished.result == pop3::SessionResult::AuthFailed);
    CHECK(run.finished.detail == "-ERR [AUTH] invalid user name or password");
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("APOP client against the server; APOP refused without a timestamp") {
    store::Store store;
    add_lecture_users(store);
    pop3::ServerConfig server_config;
    server_config.apop_timestamp = "<4711.42@pop.someschool.edu>";
    pop3::Pop3Server server(store, server_config);
    auto config = client_config(pop3::RetrievalMode::DownloadAndKeep);
    config.auth = pop3::AuthMethod::Apop;
    pop3::Pop3Client client(config);
    const auto run = run_pair(server, client);
    CHECK(run.finished.result == pop3::SessionResult::Completed);
    CHECK(run.finished.retrieved == 2);
    CHECK(run.transcript.find("C: APOP bob ") != std::string::npos);
    CHECK(run.transcript.find("hungry") == std::string::npos); // the secret never travels

    pop3::Pop3Server plain(store, pop3::ServerConfig{});
    pop3::Pop3Client apop_client(config);
    const auto refused = run_pair(plain, apop_client);
    CHECK(refused.finished.result == pop3::SessionResult::AuthFailed);
    CHECK(refused.finished.detail == "the greeting offers no APOP timestamp");
}

TEST_CASE("client: -ERR greeting, garbage replies and a server that hangs up") {
    SUBCASE("refusing greeting") {
        pop3::Pop3Client client(client_config(pop3::RetrievalMode::DownloadAndKeep));
        client.receive_data("-ERR too busy\r\n");
        std::vector<std::string> events;
        for (auto e = client.next_event(); !std::holds_alternative<pop3::NeedData>(e);
             e = client.next_event())
            events.push_back(describe(e));
        CHECK(events.back() == "finished 3 retrieved=0 deleted=0 \"-ERR too busy\"");
        CHECK(client.take_output().empty());
    }
    SUBCASE("garbage") {
        pop3::Pop3Client client(client_config(pop3::RetrievalMode::DownloadAndKeep));
        client.receive_data("220 smtp.example.com ESMTP\r\n");
        std::vector<std::string> events;
        for (auto e = client.next_event(); !std::holds_alternative<pop3::NeedData>(e);
             e = client.next_event())
            events.push_back(describe(e));
        REQUIRE(events.size() == 3);
        CHECK(events[0] == "violation pop3.violation.bad_reply: reply is neither +OK nor -ERR: 220 "
                           "smtp.example.com ESMTP");
        CHECK(events[2] == "finished 6 retrieved=0 deleted=0 \"220 smtp.example.com ESMTP\"");
    }
    SUBCASE("hang-up in the middle of a multi-line reply") {
        pop3::Pop3Client client(client_config(pop3::RetrievalMode::DownloadAndKeep));
        client.receive_data("+OK hi\r\n+OK Capability list follows\r\nUSER\r\n");
        client.receive_eof();
        std::vector<std::string> events;
        for (auto e = client.next_event(); !std::holds_alternative<pop3::NeedData>(e);
             e = client.next_event())
            events.push_back(describe(e));
        CHECK(events.back() ==
              "finished 5 retrieved=0 deleted=0 \"connection closed by the server\"");
    }
}

TEST_CASE("client reading is independent of how the server's bytes are split") {
    store::Store store;
    add_lecture_users(store);
    // Record what the server says to a keep-mode client, then replay it to fresh clients.
    pop3::Pop3Server server(store, pop3::ServerConfig{});
    pop3::Pop3Client client(client_config(pop3::RetrievalMode::DownloadAndKeep));
    const auto reference = run_pair(server, client);
    std::string server_bytes;
    size_t start = 0;
    while (start < reference.transcript.size()) {
        const size_t end = reference.transcript.find('\n', start);
        const std::string line = reference.transcript.substr(start, end - start);
        if (line.rfind("S: ", 0) == 0)
            server_bytes += line.substr(3) + "\r\n";
        start = end + 1;
    }
    auto replay = [&](const std::vector<std::string>& chunks) {
        pop3::Pop3Client fresh(client_config(pop3::RetrievalMode::DownloadAndKeep));
        std::vector<std::string> events;
        for (const auto& chunk : chunks) {
            fresh.receive_data(chunk);
            for (auto e = fresh.next_event(); !std::holds_alternative<pop3::NeedData>(e);
                 e = fresh.next_event())
                events.push_back(describe(e));
        }
        return events;
    };
    const auto whole = replay({server_bytes});
    CHECK(whole == reference.client_events);
    for (size_t cut = 0; cut <= server_bytes.size(); cut += 13) {
        INFO("cut " << cut);
        CHECK(replay({server_bytes.substr(0, cut), server_bytes.substr(cut)}) == whole);
    }
}
