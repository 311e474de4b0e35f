// Transcript tests for every POP3 command and every error path (RFC 1939, RFC 2449 CAPA).
#include "pop3_test_util.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace pop3_test;

namespace {

// Three small messages: plain; lines starting with '.' (byte-stuffing); bare LFs and no
// final line end (normalised to CRLF on the wire).
const std::string kPlain = "Subject: one\r\n\r\nHello Bob\r\n";                    // 27 octets
const std::string kDots = "Subject: dots\r\n\r\n.hidden\r\n..two\r\n.\r\nend\r\n"; // 41 octets
const std::string kBareLf = "Subject: lf\n\nline one\nline two";                   // 35 on the wire

void small_store(store::Store& store) {
    REQUIRE(store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}}).ok());
    REQUIRE(store.add_user({"alice", "crepes", "alice@crepes.fr", "Alice", {}}).ok());
    REQUIRE(store.deliver("bob", kPlain, 1).ok());
    REQUIRE(store.deliver("bob", kDots, 2).ok());
    REQUIRE(store.deliver("bob", kBareLf, 3).ok());
}

pop3::ServerConfig modern() {
    pop3::ServerConfig config;
    config.host_name = "pop.someschool.edu";
    return config;
}

const std::string kLogin = "S: +OK pop.someschool.edu POP3 server ready\n"
                           "C: USER bob\n"
                           "S: +OK send PASS\n"
                           "C: PASS hungry\n"
                           "S: +OK bob's maildrop has 3 messages (103 octets)\n";

std::string session(store::Store& store, const std::vector<std::string>& commands) {
    std::vector<std::string> all = {"USER bob", "PASS hungry"};
    all.insert(all.end(), commands.begin(), commands.end());
    return transcript(store, modern(), all);
}

} // namespace

TEST_CASE("greeting, USER and PASS in the modern style") {
    store::Store store;
    small_store(store);
    CHECK(session(store, {}) == kLogin);
    // The session object is gone (destroyed without QUIT): destruction freed the maildrop.
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("AUTHORIZATION errors: PASS first, bad password, unknown user, bad USER syntax") {
    store::Store store;
    small_store(store);
    CHECK(transcript(store, modern(),
                     {"PASS hungry", "USER", "USER bob extra", "USER bob", "PASS wrong",
                      "PASS hungry", "USER eve", "PASS hungry", "USER bob", "PASS"}) ==
          "S: +OK pop.someschool.edu POP3 server ready\n"
          "C: PASS hungry\n"
          "S: -ERR USER first\n"
          "C: USER\n"
          "S: -ERR USER needs one name\n"
          "C: USER bob extra\n"
          "S: -ERR USER needs one name\n"
          "C: USER bob\n"
          "S: +OK send PASS\n"
          "C: PASS wrong\n"
          "S: -ERR [AUTH] invalid user name or password\n"
          "C: PASS hungry\n"
          "S: -ERR USER first\n"
          "C: USER eve\n"
          "S: +OK send PASS\n"
          "C: PASS hungry\n"
          "S: -ERR [AUTH] invalid user name or password\n"
          "C: USER bob\n"
          "S: +OK send PASS\n"
          "C: PASS\n"
          "S: -ERR [AUTH] invalid user name or password\n");
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("wrong state, unknown commands, case-insensitive keywords") {
    store::Store store;
    small_store(store);
    CHECK(transcript(store, modern(),
                     {"STAT", "LIST", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 0", "UIDL",
                      "XYZZY", "", "uSeR bob", "pass hungry", "USER bob", "PASS hungry",
                      "APOP bob 0123"}) == "S: +OK pop.someschool.edu POP3 server ready\n"
                                           "C: STAT\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: LIST\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: RETR 1\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: DELE 1\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: NOOP\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: RSET\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: TOP 1 0\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: UIDL\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: XYZZY\n"
                                           "S: -ERR unknown command\n"
                                           "C: \n"
                                           "S: -ERR unknown command\n"
                                           "C: uSeR bob\n"
                                           "S: +OK send PASS\n"
                                           "C: pass hungry\n"
                                           "S: +OK bob's maildrop has 3 messages (103 octets)\n"
                                           "C: USER bob\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: PASS hungry\n"
                                           "S: -ERR command not valid in this state\n"
                                           "C: APOP bob 0123\n"
                                           "S: -ERR command not valid in this state\n");
}

TEST_CASE("STAT and LIST, with and without an argument, and their errors") {
    store::Store store;
    small_store(store);
    CHECK(session(store, {"STAT", "STAT 1", "LIST", "LIST 2", "LIST 0", "LIST 4", "LIST x",
                          "LIST -1", "LIST 1 2", "LIST 99999999999"}) ==
          kLogin + "C: STAT\n"
                   "S: +OK 3 103\n"
                   "C: STAT 1\n"
                   "S: -ERR no argument expected\n"
                   "C: LIST\n"
                   "S: +OK 3 messages (103 octets)\n"
                   "S: 1 27\n"
                   "S: 2 41\n"
                   "S: 3 35\n"
                   "S: .\n"
                   "C: LIST 2\n"
                   "S: +OK 2 41\n"
                   "C: LIST 0\n"
                   "S: -ERR no such message\n"
                   "C: LIST 4\n"
                   "S: -ERR no such message\n"
                   "C: LIST x\n"
                   "S: -ERR invalid message number\n"
                   "C: LIST -1\n"
                   "S: -ERR invalid message number\n"
                   "C: LIST 1 2\n"
                   "S: -ERR LIST takes at most one message number\n"
                   "C: LIST 99999999999\n"
                   "S: -ERR invalid message number\n");
}

TEST_CASE("RETR: byte-stuffing, CRLF normalisation, errors") {
    store::Store store;
    small_store(store);
    CHECK(session(store, {"RETR 1", "RETR 2", "RETR 3", "RETR", "RETR 4", "RETR 1 2"}) ==
          kLogin + "C: RETR 1\n"
                   "S: +OK 27 octets\n"
                   "S: Subject: one\n"
                   "S: \n"
                   "S: Hello Bob\n"
                   "S: .\n"
                   "C: RETR 2\n"
                   "S: +OK 41 octets\n"
                   "S: Subject: dots\n"
                   "S: \n"
                   "S: ..hidden\n"
                   "S: ...two\n"
                   "S: ..\n"
                   "S: end\n"
                   "S: .\n"
                   "C: RETR 3\n"
                   "S: +OK 35 octets\n"
                   "S: Subject: lf\n"
                   "S: \n"
                   "S: line one\n"
                   "S: line two\n"
                   "S: .\n"
                   "C: RETR\n"
                   "S: -ERR RETR needs one message number\n"
                   "C: RETR 4\n"
                   "S: -ERR no such message\n"
                   "C: RETR 1 2\n"
                   "S: -ERR RETR needs one message number\n");
}

TEST_CASE("DELE marks, deleted messages vanish from STAT/LIST/UIDL, RSET brings them back") {
    store::Store store;
    small_store(store);
    CHECK(session(store, {"DELE 2", "DELE 2", "RETR 2", "LIST 2", "TOP 2 0", "UIDL 2", "STAT",
                          "LIST", "UIDL", "DELE", "DELE 9", "RSET", "RSET now", "STAT"}) ==
          kLogin + "C: DELE 2\n"
                   "S: +OK message 2 deleted\n"
                   "C: DELE 2\n"
                   "S: -ERR message 2 already deleted\n"
                   "C: RETR 2\n"
                   "S: -ERR message 2 already deleted\n"
                   "C: LIST 2\n"
                   "S: -ERR message 2 already deleted\n"
                   "C: TOP 2 0\n"
                   "S: -ERR message 2 already deleted\n"
                   "C: UIDL 2\n"
                   "S: -ERR message 2 already deleted\n"
                   "C: STAT\n"
                   "S: +OK 2 62\n"
                   "C: LIST\n"
                   "S: +OK 2 messages (62 octets)\n"
                   "S: 1 27\n"
                   "S: 3 35\n"
                   "S: .\n"
                   "C: UIDL\n"
                   "S: +OK\n"
                   "S: 1 1.1\n"
                   "S: 3 1.3\n"
                   "S: .\n"
                   "C: DELE\n"
                   "S: -ERR DELE needs one message number\n"
                   "C: DELE 9\n"
                   "S: -ERR no such message\n"
                   "C: RSET\n"
                   "S: +OK maildrop has 3 messages (103 octets)\n"
                   "C: RSET now\n"
                   "S: -ERR no argument expected\n"
                   "C: STAT\n"
                   "S: +OK 3 103\n");
    // Nothing was deleted in the store: the session is still open, not even QUIT was sent.
    CHECK(store.mailbox("bob")->inbox().messages().size() == 3);
}

TEST_CASE("TOP: headers, the blank line and n body lines; errors") {
    store::Store store;
    small_store(store);
    CHECK(session(store, {"TOP 2 0", "TOP 2 2", "TOP 3 10", "TOP 1", "TOP 1 x", "TOP x 1",
                          "TOP 5 1", "TOP 1 1 1"}) ==
          kLogin + "C: TOP 2 0\n"
                   "S: +OK top of message follows\n"
                   "S: Subject: dots\n"
                   "S: \n"
                   "S: .\n"
                   "C: TOP 2 2\n"
                   "S: +OK top of message follows\n"
                   "S: Subject: dots\n"
                   "S: \n"
                   "S: ..hidden\n"
                   "S: ...two\n"
                   "S: .\n"
                   "C: TOP 3 10\n"
                   "S: +OK top of message follows\n"
                   "S: Subject: lf\n"
                   "S: \n"
                   "S: line one\n"
                   "S: line two\n"
                   "S: .\n"
                   "C: TOP 1\n"
                   "S: -ERR TOP needs a message number and a line count\n"
                   "C: TOP 1 x\n"
                   "S: -ERR invalid line count\n"
                   "C: TOP x 1\n"
                   "S: -ERR invalid message number\n"
                   "C: TOP 5 1\n"
                   "S: -ERR no such message\n"
                   "C: TOP 1 1 1\n"
                   "S: -ERR TOP needs a message number and a line count\n");
}

TEST_CASE("UIDL: stable unique ids across sessions and deletions") {
    store::Store store;
    small_store(store);
    CHECK(session(store, {"UIDL", "UIDL 3", "UIDL 0", "UIDL a", "UIDL 1 2", "DELE 1", "QUIT"}) ==
          kLogin + "C: UIDL\n"
                   "S: +OK\n"
                   "S: 1 1.1\n"
                   "S: 2 1.2\n"
                   "S: 3 1.3\n"
                   "S: .\n"
                   "C: UIDL 3\n"
                   "S: +OK 3 1.3\n"
                   "C: UIDL 0\n"
                   "S: -ERR no such message\n"
                   "C: UIDL a\n"
                   "S: -ERR invalid message number\n"
                   "C: UIDL 1 2\n"
                   "S: -ERR UIDL takes at most one message number\n"
                   "C: DELE 1\n"
                   "S: +OK message 1 deleted\n"
                   "C: QUIT\n"
                   "S: +OK pop.someschool.edu POP3 server signing off (2 messages left)\n");
    // Next session: message numbers shift, unique ids stay with their messages.
    CHECK(transcript(store, modern(), {"USER bob", "PASS hungry", "UIDL"}) ==
          "S: +OK pop.someschool.edu POP3 server ready\n"
          "C: USER bob\n"
          "S: +OK send PASS\n"
          "C: PASS hungry\n"
          "S: +OK bob's maildrop has 2 messages (76 octets)\n"
          "C: UIDL\n"
          "S: +OK\n"
          "S: 1 1.2\n"
          "S: 2 1.3\n"
          "S: .\n");
}

TEST_CASE("NOOP and CAPA in both states") {
    store::Store store;
    small_store(store);
    const std::string capa = "S: +OK Capability list follows\n"
                             "S: USER\n"
                             "S: TOP\n"
                             "S: UIDL\n"
                             "S: RESP-CODES\n"
                             "S: PIPELINING\n"
                             "S: AUTH-RESP-CODE\n"
                             "S: IMPLEMENTATION mailsim\n"
                             "S: .\n";
    CHECK(transcript(store, modern(),
                     {"CAPA", "CAPA x", "USER bob", "PASS hungry", "CAPA", "NOOP", "NOOP 1"}) ==
          "S: +OK pop.someschool.edu POP3 server ready\n"
          "C: CAPA\n" +
              capa +
              "C: CAPA x\n"
              "S: -ERR no argument expected\n"
              "C: USER bob\n"
              "S: +OK send PASS\n"
              "C: PASS hungry\n"
              "S: +OK bob's maildrop has 3 messages (103 octets)\n"
              "C: CAPA\n" +
              capa +
              "C: NOOP\n"
              "S: +OK\n"
              "C: NOOP 1\n"
              "S: -ERR no argument expected\n");
}

TEST_CASE("QUIT in AUTHORIZATION closes without touching the maildrop") {
    store::Store store;
    small_store(store);
    const auto run = run_server(store, modern(), {"USER bob\r\nQUIT\r\nSTAT\r\n"});
    CHECK(run.output == "+OK pop.someschool.edu POP3 server ready\r\n"
                        "+OK send PASS\r\n"
                        "+OK pop.someschool.edu POP3 server signing off\r\n");
    CHECK(run.events.back() == "closed quit");
    CHECK(std::find(run.events.begin(), run.events.end(),
                    "state AUTHORIZATION -> CLOSED pop3.state.CLOSED") != run.events.end());
    CHECK(store.mailbox("bob")->inbox().messages().size() == 3);
}

TEST_CASE("QUIT in TRANSACTION: UPDATE removes marked messages and marks retrieved ones seen") {
    store::Store store;
    small_store(store);
    CHECK(session(store, {"RETR 1", "DELE 2", "QUIT", "NOOP"})
              .ends_with("C: DELE 2\n"
                         "S: +OK message 2 deleted\n"
                         "C: QUIT\n"
                         "S: +OK pop.someschool.edu POP3 server signing off (2 messages left)\n"
                         "C: NOOP\n")); // nothing after QUIT is answered
    const auto& inbox = store.mailbox("bob")->inbox();
    REQUIRE(inbox.messages().size() == 2);
    CHECK(inbox.messages()[0].uid == 1);
    CHECK(inbox.messages()[0].flags.has(store::SystemFlag::Seen));
    CHECK(inbox.messages()[1].uid == 3);
    CHECK_FALSE(inbox.messages()[1].flags.has(store::SystemFlag::Seen));
    CHECK_FALSE(store.is_locked("bob"));
    // Everything deleted: "maildrop empty".
    CHECK(session(store, {"DELE 1", "DELE 2", "QUIT"})
              .ends_with("S: +OK pop.someschool.edu POP3 server signing off (maildrop empty)\n"));
    CHECK(store.mailbox("bob")->inbox().messages().empty());
}

TEST_CASE("QUIT answers -ERR when a marked message vanished meanwhile (RFC 1939 section 6)") {
    store::Store store;
    small_store(store);
    pop3::Pop3Server server(store, modern());
    ServerRun run;
    server.receive_data("USER bob\r\nPASS hungry\r\nDELE 1\r\nDELE 3\r\n");
    drain(server, run);
    // An IMAP client of the same user expunges message 1 while POP3 holds the maildrop.
    REQUIRE(store.remove("bob", "INBOX", 1, store::RemoveReason::Expunged).ok());
    run.output.clear();
    server.receive_data("QUIT\r\n");
    drain(server, run);
    CHECK(run.output == "-ERR some deleted messages not removed\r\n");
    CHECK(std::find(run.events.begin(), run.events.end(), "update deleted=[3] failed=1") !=
          run.events.end());
    CHECK(server.state() == pop3::State::Closed);
    CHECK(store.mailbox("bob")->inbox().messages().size() == 1);
}

TEST_CASE("a dropped connection deletes nothing and frees the maildrop") {
    store::Store store;
    small_store(store);
    const auto run =
        run_server(store, modern(), {"USER bob\r\nPASS hungry\r\nDELE 1\r\nDELE 2\r\nQU"},
                   /*eof=*/true);
    CHECK(run.events.back() == "closed peer-closed");
    CHECK(std::find(run.events.begin(), run.events.end(),
                    "state TRANSACTION -> CLOSED pop3.state.CLOSED") != run.events.end());
    CHECK(store.mailbox("bob")->inbox().messages().size() == 3);
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("a complete QUIT followed by the close still commits (lines before EOF count)") {
    store::Store store;
    small_store(store);
    const auto run =
        run_server(store, modern(), {"USER bob\r\nPASS hungry\r\nDELE 1\r\nQUIT\r\n"}, true);
    CHECK(run.events.back() == "closed quit");
    CHECK(store.mailbox("bob")->inbox().messages().size() == 2);
}

TEST_CASE("autologout: the timer fires, the server closes silently and deletes nothing") {
    store::Store store;
    small_store(store);
    pop3::Pop3Server server(store, modern());
    ServerRun run;
    server.receive_data("USER bob\r\nPASS hungry\r\nDELE 1\r\n");
    drain(server, run);
    CHECK(run.events.back() == "timer 0d 00:10:00");
    run.output.clear();
    server.on_timeout();
    drain(server, run);
    CHECK(run.output.empty());
    CHECK(run.events.back() == "closed timeout");
    CHECK(store.mailbox("bob")->inbox().messages().size() == 3);
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("maildrop lock: a second session gets -ERR [IN-USE] until the first one ends") {
    store::Store store;
    small_store(store);
    pop3::Pop3Server first(store, modern());
    ServerRun first_run;
    first.receive_data("USER bob\r\nPASS hungry\r\n");
    drain(first, first_run);
    CHECK(first.state() == pop3::State::Transaction);
    CHECK(transcript(store, modern(), {"USER bob", "PASS hungry", "STAT"}) ==
          "S: +OK pop.someschool.edu POP3 server ready\n"
          "C: USER bob\n"
          "S: +OK send PASS\n"
          "C: PASS hungry\n"
          "S: -ERR [IN-USE] maildrop already locked\n"
          "C: STAT\n"
          "S: -ERR command not valid in this state\n");
    // Another user's maildrop is not affected.
    CHECK(transcript(store, modern(), {"USER alice", "PASS crepes"})
              .ends_with("S: +OK alice's maildrop has 0 messages (0 octets)\n"));
    first.receive_data("QUIT\r\n");
    drain(first, first_run);
    CHECK(transcript(store, modern(), {"USER bob", "PASS hungry"})
              .ends_with("S: +OK bob's maildrop has 3 messages (103 octets)\n"));
}

TEST_CASE("APOP: the RFC 1939 example digest, failures, and no APOP without a timestamp") {
    store::Store store;
    REQUIRE(store.add_user({"mrose", "tanstaaf", "mrose@dbc.mtview.ca.us", "", {}}).ok());
    REQUIRE(store.deliver("mrose", kPlain, 0).ok());
    pop3::ServerConfig config = modern();
    config.apop_timestamp = "<1896.697170952@dbc.mtview.ca.us>";
    CHECK(transcript(store, config,
                     {"APOP mrose", "APOP mrose c4c9334bac560ecc979e58001b3e22fa",
                      "APOP nobody c4c9334bac560ecc979e58001b3e22fb",
                      "APOP mrose C4C9334BAC560ECC979E58001B3E22FB", "STAT"}) ==
          "S: +OK pop.someschool.edu POP3 server ready <1896.697170952@dbc.mtview.ca.us>\n"
          "C: APOP mrose\n"
          "S: -ERR APOP needs a name and a digest\n"
          "C: APOP mrose c4c9334bac560ecc979e58001b3e22fa\n"
          "S: -ERR [AUTH] authentication failed\n"
          "C: APOP nobody c4c9334bac560ecc979e58001b3e22fb\n"
          "S: -ERR [AUTH] authentication failed\n"
          "C: APOP mrose C4C9334BAC560ECC979E58001B3E22FB\n"
          "S: +OK mrose's maildrop has 1 message (27 octets)\n"
          "C: STAT\n"
          "S: +OK 1 27\n");
    store::Store plain;
    small_store(plain);
    CHECK(transcript(plain, modern(), {"APOP bob 0123456789abcdef0123456789abcdef"}) ==
          "S: +OK pop.someschool.edu POP3 server ready\n"
          "C: APOP bob 0123456789abcdef0123456789abcdef\n"
          "S: -ERR APOP not available\n");
}

TEST_CASE("overlong command line: -ERR and a violation event, the session goes on") {
    store::Store store;
    small_store(store);
    const std::string long_line = "USER " + std::string(400, 'b');
    const auto run = run_server(store, modern(), {long_line + "\r\nUSER bob\r\nPASS hungry\r\n"});
    CHECK(run.output == "+OK pop.someschool.edu POP3 server ready\r\n"
                        "-ERR line too long\r\n"
                        "+OK send PASS\r\n"
                        "+OK bob's maildrop has 3 messages (103 octets)\r\n");
    CHECK(run.events[2] == "violation pop3.err.line_too_long: command line longer than 255 octets");
}

TEST_CASE("pipelined commands in one read are answered in order; bare LF is accepted") {
    store::Store store;
    small_store(store);
    const auto run = run_server(store, modern(), {"USER bob\nPASS hungry\r\nSTAT\r\nLIST 1\r\n"});
    CHECK(run.output == "+OK pop.someschool.edu POP3 server ready\r\n"
                        "+OK send PASS\r\n"
                        "+OK bob's maildrop has 3 messages (103 octets)\r\n"
                        "+OK 3 103\r\n"
                        "+OK 1 27\r\n");
}

TEST_CASE("the session sees the maildrop as it was at login; later mail waits for the next") {
    store::Store store;
    small_store(store);
    pop3::Pop3Server server(store, modern());
    ServerRun run;
    server.receive_data("USER bob\r\nPASS hungry\r\n");
    drain(server, run);
    REQUIRE(store.deliver("bob", "Subject: late\r\n\r\n", 9).ok());
    run.output.clear();
    server.receive_data("STAT\r\nQUIT\r\n");
    drain(server, run);
    CHECK(run.output == "+OK 3 103\r\n"
                        "+OK pop.someschool.edu POP3 server signing off (4 messages left)\r\n");
}
