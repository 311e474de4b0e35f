// The lecture's POP3 dialogue (Kurose & Ross, "POP3 protocol" slide): user bob / pass hungry,
// list, retr, dele, quit, in "download and delete" mode. Message 1 has 12 lines (498 octets),
// message 2 has 19 (912 octets): 5 lines of header and marker, then 60-octet filler lines.
//
// The slide abbreviates: it leaves out the "+OK" status line that RFC 1939 puts before every
// multi-line body (LIST, RETR) and the "+OK" answer to DELE, and it shows message 1's contents
// after "retr 2" (a slip). Every line the slide does show comes out of the server byte for
// byte and in the slide's order; the status lines the slide omits are there too, because a
// real client (ours, Python's poplib, curl) needs them.
#include "pop3_test_util.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace pop3_test;

namespace {

const std::string kLectureInput = "user bob\r\npass hungry\r\nlist\r\nretr 1\r\ndele 1\r\n"
                                  "retr 2\r\ndele 2\r\nquit\r\n";

pop3::ServerConfig classic() {
    pop3::ServerConfig config;
    config.style = pop3::TextStyle::Classic;
    return config;
}

std::string expected_output() {
    const std::string one = sized_message("message 1", "<message 1 contents>", 498);
    const std::string two = sized_message("message 2", "<message 2 contents>", 912);
    return "+OK POP3 server ready\r\n"
           "+OK\r\n"
           "+OK user successfully logged on\r\n"
           "+OK 2 messages (1410 octets)\r\n"
           "1 498\r\n"
           "2 912\r\n"
           ".\r\n"
           "+OK 498 octets\r\n" +
           one + ".\r\n" + "+OK message 1 deleted\r\n" + "+OK 912 octets\r\n" + two + ".\r\n" +
           "+OK message 2 deleted\r\n" + "+OK POP3 server signing off\r\n";
}

// The server's lines, CRLF removed.
std::vector<std::string> lines_of(const std::string& bytes) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < bytes.size()) {
        const size_t end = bytes.find("\r\n", start);
        out.push_back(bytes.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

} // namespace

TEST_CASE("lecture dialogue: the server's bytes, exactly") {
    store::Store store;
    add_lecture_users(store);
    const auto run = run_server(store, classic(), {kLectureInput});
    CHECK(run.output == expected_output());
    // Download and delete: Bob's maildrop is empty afterwards.
    CHECK(store.mailbox("bob")->inbox().messages().empty());
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("lecture dialogue: every server line of the slide appears, in the slide's order") {
    store::Store store;
    add_lecture_users(store);
    const auto run = run_server(store, classic(), {kLectureInput});
    // The slide's S: lines (with its "message 1" after retr 2 read as message 2).
    const std::vector<std::string> slide = {"+OK POP3 server ready",
                                            "+OK",
                                            "+OK user successfully logged on",
                                            "1 498",
                                            "2 912",
                                            ".",
                                            "<message 1 contents>",
                                            ".",
                                            "<message 2 contents>",
                                            ".",
                                            "+OK POP3 server signing off"};
    const auto lines = lines_of(run.output);
    size_t at = 0;
    for (const auto& line : lines)
        if (at < slide.size() && line == slide[at])
            ++at;
    CHECK(at == slide.size());
}

TEST_CASE("lecture dialogue: whole, byte by byte and split at every position are identical") {
    store::Store reference_store;
    add_lecture_users(reference_store);
    const auto whole = run_server(reference_store, classic(), {kLectureInput});
    REQUIRE(whole.output == expected_output());

    std::vector<std::string> bytes;
    for (char c : kLectureInput)
        bytes.emplace_back(1, c);
    {
        store::Store store;
        add_lecture_users(store);
        const auto byte_by_byte = run_server(store, classic(), bytes);
        CHECK(byte_by_byte.output == whole.output);
        CHECK(byte_by_byte.events == whole.events);
        CHECK(store.mailbox("bob")->inbox().messages().empty());
    }
    for (size_t cut = 0; cut <= kLectureInput.size(); ++cut) {
        store::Store store;
        add_lecture_users(store);
        const auto split =
            run_server(store, classic(), {kLectureInput.substr(0, cut), kLectureInput.substr(cut)});
        INFO("split at " << cut);
        CHECK(split.output == whole.output);
        CHECK(split.events == whole.events);
    }
}

TEST_CASE("lecture dialogue: the server's events name every step") {
    store::Store store;
    add_lecture_users(store);
    const auto run = run_server(store, classic(), {kLectureInput});
    const std::vector<std::string> expected = {
        "reply ok \"+OK POP3 server ready\" lines=0 pop3.ok.greeting",
        "timer 0d 00:10:00",
        "command USER [bob] pop3.cmd.USER",
        "reply ok \"+OK\" lines=0 pop3.ok.USER",
        "timer 0d 00:10:00",
        "command PASS [hungry] pop3.cmd.PASS",
        "reply ok \"+OK user successfully logged on\" lines=0 pop3.ok.PASS",
        "state AUTHORIZATION -> TRANSACTION pop3.state.TRANSACTION",
        "timer 0d 00:10:00",
        "command LIST [] pop3.cmd.LIST",
        "reply ok \"+OK 2 messages (1410 octets)\" lines=2 pop3.ok.LIST",
        "timer 0d 00:10:00",
        "command RETR [1] pop3.cmd.RETR",
        "reply ok \"+OK 498 octets\" lines=12 pop3.ok.RETR",
        "timer 0d 00:10:00",
        "command DELE [1] pop3.cmd.DELE",
        "reply ok \"+OK message 1 deleted\" lines=0 pop3.ok.DELE",
        "timer 0d 00:10:00",
        "command RETR [2] pop3.cmd.RETR",
        "reply ok \"+OK 912 octets\" lines=19 pop3.ok.RETR",
        "timer 0d 00:10:00",
        "command DELE [2] pop3.cmd.DELE",
        "reply ok \"+OK message 2 deleted\" lines=0 pop3.ok.DELE",
        "timer 0d 00:10:00",
        "command QUIT [] pop3.cmd.QUIT",
        "state TRANSACTION -> UPDATE pop3.state.UPDATE",
        "update deleted=[1,2] failed=0",
        "reply ok \"+OK POP3 server signing off\" lines=0 pop3.ok.QUIT",
        "state UPDATE -> CLOSED pop3.state.CLOSED",
        "closed quit",
    };
    CHECK(run.events == expected);
}

TEST_CASE("lecture dialogue: our classic client says exactly the slide's commands") {
    store::Store store;
    add_lecture_users(store);
    pop3::Pop3Server server(store, classic());
    pop3::ClientConfig config;
    config.user = "bob";
    config.password = "hungry";
    config.mode = pop3::RetrievalMode::DownloadAndDelete;
    config.style = pop3::TextStyle::Classic;
    pop3::Pop3Client client(config);
    const auto run = run_pair(server, client);
    std::vector<std::string> commands;
    size_t start = 0;
    while (start < run.transcript.size()) {
        const size_t end = run.transcript.find('\n', start);
        const std::string line = run.transcript.substr(start, end - start);
        if (line.rfind("C: ", 0) == 0)
            commands.push_back(line.substr(3));
        start = end + 1;
    }
    CHECK(commands == std::vector<std::string>{"user bob", "pass hungry", "list", "retr 1",
                                               "dele 1", "retr 2", "dele 2", "quit"});
    CHECK(run.finished.result == pop3::SessionResult::Completed);
    CHECK(run.finished.retrieved == 2);
    CHECK(run.finished.deleted == 2);
    REQUIRE(run.messages.size() == 2);
    CHECK(run.messages[0].content == sized_message("message 1", "<message 1 contents>", 498));
    CHECK(run.messages[1].content == sized_message("message 2", "<message 2 contents>", 912));
    CHECK(store.mailbox("bob")->inbox().messages().empty());
}
