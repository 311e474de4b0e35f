// The server's input path: any split of the input gives the same bytes and events; overlong
// lines, huge literals and EOF mid-command are answered, never crashed on; state lives in the
// store, so a second session sees what the first did.
#include "imap_test_support.h"

#include <doctest/doctest.h>

using namespace imap_test;
using namespace mailsim;

namespace {

// A session that touches literals both ways, every state and several error paths.
const std::string kSession =
    "a1 CAPABILITY\r\n"
    "a2 LOGIN {3}\r\nbob {6}\r\nhungry\r\n"
    "a3 LIST \"\" *\r\n"
    "a4 SELECT INBOX\r\n"
    "a5 FETCH 1:2 (FLAGS BODY[HEADER.FIELDS (SUBJECT)] ENVELOPE)\r\n"
    "a6 UID SEARCH CHARSET UTF-8 SUBJECT {6}\r\n\xED\x95\x9C\xEA\xB8\x80\r\n"
    "a7 STORE 3 +FLAGS (\\Deleted)\r\n"
    "a8 FETCH 9 FLAGS\r\n"
    "a9 APPEND INBOX (\\Seen) {12}\r\nSubject: x\r\n\r\n"
    "b1 EXPUNGE\r\n"
    "b2 BOGUS\r\n"
    "b3 UID FETCH 1:* (UID BODY.PEEK[TEXT]<0.5>)\r\n"
    "b4 CLOSE\r\n"
    "b5 LOGOUT\r\n";

Run run_split(std::string_view input, const std::vector<size_t>& cuts) {
    auto store = make_store();
    return run_server(*store, input, cuts);
}

} // namespace

TEST_CASE("the same output and events whole, byte by byte and split at every position") {
    const Run whole = run_split(kSession, {});
    REQUIRE(whole.output.find("b5 OK LOGOUT completed\r\n") != std::string::npos);
    CHECK(whole.output.find("a6 OK UID SEARCH completed") != std::string::npos);
    CHECK(whole.output.find("a8 BAD Invalid message sequence number") != std::string::npos);
    CHECK(whole.output.find("b2 BAD unknown command BOGUS") != std::string::npos);
    CHECK(whole.events.back() == "closed");

    std::vector<size_t> every;
    for (size_t i = 1; i < kSession.size(); ++i)
        every.push_back(i);
    const Run bytewise = run_split(kSession, every);
    CHECK(bytewise.output == whole.output);
    CHECK(bytewise.events == whole.events);

    for (size_t cut = 1; cut < kSession.size(); ++cut) {
        const Run split = run_split(kSession, {cut});
        CHECK_MESSAGE(split.output == whole.output, "cut at " << cut);
        CHECK_MESSAGE(split.events == whole.events, "cut at " << cut);
    }
}

TEST_CASE("a literal split across reads: one continuation request, then the command runs") {
    auto store = make_store();
    imap::ImapServer server(*store);
    Run run;
    drain(server, run);
    server.receive_data("x LOGIN {3}\r\nb");
    drain(server, run);
    CHECK(run.output.ends_with("+ Ready for literal data\r\n"));
    server.receive_data("o");
    drain(server, run);
    server.receive_data("b \"hungry\"");
    drain(server, run);
    CHECK(server.state() == imap::State::NotAuthenticated); // the line end has not come yet
    server.receive_data("\r");
    drain(server, run);
    server.receive_data("\n");
    drain(server, run);
    CHECK(server.state() == imap::State::Authenticated);
    CHECK(
        run.output.ends_with("+ Ready for literal data\r\nx OK LOGIN completed, welcome bob\r\n"));
}

TEST_CASE("overlong lines and huge literals are refused and the session goes on") {
    auto store = make_store();
    imap::ServerConfig config;
    config.limits.max_line = 100;
    config.limits.max_literal = 1000;
    const std::string input = "t1 LOGIN bob " + std::string(300, 'x') + "\r\n" +
                              "t2 APPEND INBOX {5000}\r\n" + "t3 NOOP\r\n";
    Run run = run_server(*store, input, {}, Eof::Keep, config);
    CHECK(run.output.find("t1 BAD Command line too long\r\n") != std::string::npos);
    CHECK(run.output.find("t2 BAD Literal of 5000 octets is too large\r\n") != std::string::npos);
    CHECK(run.output.find("+ Ready") == std::string::npos); // no invitation to send it
    CHECK(run.output.ends_with("t3 OK NOOP completed\r\n"));
    CHECK(std::count(run.events.begin(), run.events.end(),
                     "violation imap.error.line_too_long [t1] Command line too long") == 1);
}

TEST_CASE("EOF: clean between commands, a violation in the middle of one") {
    auto store = make_store();
    Run clean = run_server(*store, "n1 NOOP\r\n", {}, Eof::Send);
    CHECK(clean.events.back() == "closed");
    Run cut = run_server(*store, "n1 NOOP\r\nn2 LOGIN {5}\r\nbo", {}, Eof::Send);
    REQUIRE(cut.events.size() >= 2);
    CHECK(cut.events[cut.events.size() - 2] ==
          "violation imap.error.truncated [] connection closed in the middle of a command");
    CHECK(cut.events.back() == "closed");
}

TEST_CASE("a server refusing service greets with BYE and closes") {
    auto store = make_store();
    imap::ServerConfig config;
    config.greeting = imap::GreetingKind::Bye;
    Run run = run_server(*store, "a LOGIN bob hungry\r\n", {}, Eof::Keep, config);
    CHECK(run.output == "* BYE imap.example is not accepting connections\r\n");
    CHECK(run.events.back() == "closed");
}

TEST_CASE("flags and folders persist across sessions: they live in the store") {
    auto store = make_store();
    Run first = run_whole(*store, "a LOGIN bob hungry\r\nb SELECT INBOX\r\n"
                                  "c FETCH 1 BODY[TEXT]\r\nd STORE 2 +FLAGS (\\Flagged)\r\n"
                                  "e CREATE Receipts\r\nf COPY 3 Receipts\r\n"
                                  "g STORE 3 +FLAGS (\\Deleted)\r\nh EXPUNGE\r\ni LOGOUT\r\n");
    REQUIRE(first.output.find("i OK LOGOUT") != std::string::npos);
    Run second = run_whole(*store, "a LOGIN bob hungry\r\nb SELECT INBOX\r\n"
                                   "c FETCH 1:* (UID FLAGS)\r\nd LIST \"\" *\r\n"
                                   "e STATUS Receipts (MESSAGES UIDNEXT)\r\n");
    CHECK(second.output.find("* 2 EXISTS\r\n* 0 RECENT\r\n* OK [UNSEEN 2]") != std::string::npos);
    CHECK(second.output.find("* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n"
                             "* 2 FETCH (UID 2 FLAGS (\\Flagged))\r\n") != std::string::npos);
    CHECK(second.output.find("* LIST (\\HasNoChildren) \"/\" Receipts\r\n") != std::string::npos);
    CHECK(second.output.find("* STATUS Receipts (MESSAGES 1 UIDNEXT 2)") != std::string::npos);
}

TEST_CASE("a selected session learns what another session changed, at the right moments") {
    auto store = make_store();
    imap::ImapServer watcher(*store);
    Run seen;
    drain(watcher, seen);
    watcher.receive_data("a LOGIN bob hungry\r\nb SELECT INBOX\r\n");
    drain(watcher, seen);
    // Another session flags message 1, expunges message 2; the MTA delivers a new one.
    Run other = run_whole(*store, "a LOGIN bob hungry\r\nb SELECT INBOX\r\n"
                                  "c STORE 1 +FLAGS (\\Answered)\r\n"
                                  "d STORE 2 +FLAGS (\\Deleted)\r\ne EXPUNGE\r\n");
    REQUIRE(other.output.find("e OK EXPUNGE") != std::string::npos);
    (void)store->deliver("bob", "Subject: late\r\n\r\nnew\r\n", 5 * kDay);
    // FETCH must not report EXPUNGE (sequence numbers would shift under the client)...
    seen.output.clear();
    watcher.receive_data("c FETCH 2 UID\r\n");
    drain(watcher, seen);
    CHECK(seen.output == "* 1 FETCH (FLAGS (\\Answered \\Recent))\r\n"
                         "* 4 EXISTS\r\n* 4 RECENT\r\nc OK FETCH completed\r\n");
    // ... NOOP does, and the numbers shift.
    seen.output.clear();
    watcher.receive_data("d NOOP\r\ne FETCH 3 UID\r\n");
    drain(watcher, seen);
    CHECK(seen.output == "* 2 EXPUNGE\r\nd OK NOOP completed\r\n* 3 FETCH (UID 4)\r\n"
                         "e OK FETCH completed\r\n");
}

TEST_CASE("before LOGIN a literal over 8 KB is refused without a continuation") {
    auto store = make_store();
    // 15 MB for a user name: once accepted with "+", 28 MB held per anonymous connection.
    Run huge = run_whole(*store, "a LOGIN {15728640}\r\n");
    CHECK(huge.output.find("a BAD Literal of 15728640 octets is too large\r\n") !=
          std::string::npos);
    CHECK(huge.output.find("+ ") == std::string::npos);
    Run small = run_whole(*store, "a LOGIN {3}\r\nbob {6}\r\nhungry\r\n");
    CHECK(small.output.find("a OK LOGIN completed") != std::string::npos);
    // Logged in, the same client may send a large literal (pipelined right after LOGIN).
    Run append = run_whole(*store, "a LOGIN bob hungry\r\nb APPEND INBOX {20000}\r\n");
    CHECK(append.output.ends_with("+ Ready for literal data\r\n"));
}

TEST_CASE("CREATE and RENAME refuse 8-bit mailbox names (modified UTF-7 only)") {
    auto store = make_store();
    Run run = run_whole(*store, "a LOGIN bob hungry\r\n"
                                "b CREATE \"\xed\xa0\x80\"\r\n"
                                "c CREATE Travel\r\n"
                                "d RENAME Travel \"Reisen \xc3\xbc\"\r\n"
                                "e CREATE \"&ycDGtA-\"\r\n");
    CHECK(run.output.find("b NO [CANNOT] Mailbox name is not valid modified UTF-7") !=
          std::string::npos);
    CHECK(run.output.find("c OK") != std::string::npos);
    CHECK(run.output.find("d NO [CANNOT] Mailbox name is not valid modified UTF-7") !=
          std::string::npos);
    CHECK(run.output.find("e OK") != std::string::npos);
    CHECK(store->mailbox("bob")->folder("Travel"));
}

TEST_CASE("AUTHENTICATE PLAIN (RFC 4616): continuation, initial response, cancel, failures") {
    auto store = make_store();
    // base64("\0bob\0hungry") and base64("\0bob\0wrong")
    Run ok = run_whole(*store, "a AUTHENTICATE PLAIN\r\nAGJvYgBodW5ncnk=\r\nb SELECT INBOX\r\n");
    CHECK(ok.output.find("+ \r\na OK AUTHENTICATE completed, welcome bob\r\n") !=
          std::string::npos);
    CHECK(ok.output.find("b OK [READ-WRITE] SELECT completed") != std::string::npos);
    Run initial = run_whole(*store, "a AUTHENTICATE PLAIN AGJvYgBodW5ncnk=\r\n");
    CHECK(initial.output.ends_with("a OK AUTHENTICATE completed, welcome bob\r\n"));
    Run wrong = run_whole(*store, "a AUTHENTICATE PLAIN\r\nAGJvYgB3cm9uZw==\r\n");
    CHECK(wrong.output.ends_with("a NO [AUTHENTICATIONFAILED] Invalid user name or password\r\n"));
    Run cancel = run_whole(*store, "a AUTHENTICATE PLAIN\r\n*\r\nb NOOP\r\n");
    CHECK(cancel.output.find("a BAD AUTHENTICATE cancelled\r\n") != std::string::npos);
    CHECK(cancel.output.ends_with("b OK NOOP completed\r\n"));
    Run other = run_whole(*store, "a AUTHENTICATE CRAM-MD5\r\n");
    CHECK(other.output.ends_with("a NO Unsupported authentication mechanism CRAM-MD5\r\n"));
    Run after = run_whole(*store, "a LOGIN bob hungry\r\nb AUTHENTICATE PLAIN\r\n");
    CHECK(after.output.ends_with("b BAD AUTHENTICATE is not valid in the authenticated state\r\n"));
}

TEST_CASE("SEARCH SENTBEFORE / SENTON / SENTSINCE use the Date: header's own day (§6.4.4)") {
    auto store = make_store();
    // Sent late on 31 Dec in Seoul: 2023-12-31 15:30 UTC, so the sent day is not the UTC one.
    (void)store->deliver(
        "bob", "Date: Sun, 31 Dec 2023 23:30:00 +0900\r\nSubject: late\r\n\r\nx\r\n", 5 * kDay);
    const std::string login = "a LOGIN bob hungry\r\nb SELECT INBOX\r\n";
    auto search = [&](const std::string& key) {
        Run run = run_whole(*store, login + "s SEARCH " + key + "\r\n");
        const std::size_t at = run.output.find("* SEARCH");
        return at == std::string::npos ? std::string("(none)")
                                       : run.output.substr(at, run.output.find("\r\n", at) - at);
    };
    CHECK(search("SENTON 1-Jan-2024") == "* SEARCH 1");
    CHECK(search("SENTON 31-Dec-2023") == "* SEARCH 4");
    CHECK(search("SENTBEFORE 1-Jan-2024") == "* SEARCH 4");
    CHECK(search("SENTSINCE 1-Jan-2024") == "* SEARCH 1");
    CHECK(search("ON 6-Jan-2024") == "* SEARCH 4"); // the internal date is another thing
}

TEST_CASE("SEARCH HEADER field \"\" matches the messages that have the field (§6.4.4)") {
    auto store = make_store();
    (void)store->deliver("bob", "Subject: x\r\nX-Empty:\r\n\r\nbody\r\n", 5 * kDay);
    Run run = run_whole(*store, "a LOGIN bob hungry\r\nb SELECT INBOX\r\n"
                                "s SEARCH HEADER X-Empty \"\"\r\nt SEARCH HEADER X-None \"\"\r\n");
    CHECK(run.output.find("* SEARCH 4\r\ns OK") != std::string::npos);
    CHECK(run.output.find("* SEARCH\r\nt OK") != std::string::npos);
}

TEST_CASE("ENVELOPE: an empty Sender: or Reply-To: is the From value (§7.4.2)") {
    auto store = make_store();
    (void)store->deliver("bob",
                         "From: Carol <carol@example.com>\r\nSender:\r\nReply-To: \r\n"
                         "Subject: e\r\n\r\nx\r\n",
                         5 * kDay);
    Run run = run_whole(*store, "a LOGIN bob hungry\r\nb SELECT INBOX\r\nf FETCH 4 ENVELOPE\r\n");
    const std::string carol = "((\"Carol\" NIL \"carol\" \"example.com\"))";
    CHECK(run.output.find(carol + " " + carol + " " + carol) != std::string::npos);
}
