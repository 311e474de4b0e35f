// RFC 3501 details that Dovecot's imaptest checks and mailsim once got wrong, byte for byte.
// imaptest itself is not in Debian's archive; these cases follow its scripts (fetch-envelope,
// search-addresses, fetch-bodystructure) and its state tracking (keywords announced in FLAGS,
// nothing after BYE), with the messages written here.
#include "imap_test_support.h"

#include <doctest/doctest.h>

using namespace imap_test;
using namespace mailsim;

namespace {

// Bob with exactly these messages in INBOX (none of the fixture's three).
std::unique_ptr<store::Store> store_with(const std::vector<std::string>& messages) {
    auto store = std::make_unique<store::Store>();
    (void)store->add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}});
    SimTime when = 0;
    for (const auto& message : messages)
        (void)store->deliver("bob", message, when += kHour);
    return store;
}

// The untagged lines that start with `prefix`, each with its CRLF, in order.
std::string lines_starting(const std::string& output, const std::string& prefix) {
    std::string out;
    for (std::size_t at = 0; at < output.size();) {
        const std::size_t end = output.find("\r\n", at);
        const std::size_t next = end == std::string::npos ? output.size() : end + 2;
        if (output.compare(at, prefix.size(), prefix) == 0)
            out += output.substr(at, next - at);
        at = next;
    }
    return out;
}

const std::string kLogin = "a LOGIN bob hungry\r\nb SELECT INBOX\r\n";

// A session with INBOX selected, to see what other sessions' changes make it send.
struct Watcher {
    explicit Watcher(store::Store& store) : server(store) {
        drain(server, seen);
        server.receive_data(kLogin);
        drain(server, seen);
    }
    std::string send(std::string_view input) {
        seen.output.clear();
        server.receive_data(input);
        drain(server, seen);
        return seen.output;
    }
    imap::ImapServer server;
    Run seen;
};

} // namespace

TEST_CASE("ENVELOPE: the comment of user@domain (Real Name) is the name; a source route is the "
          "adl (imaptest fetch-envelope)") {
    auto store = store_with({
        "Date: Sat, 01 Feb 2007 01:02:03 +0200\r\nFrom: user@domain (Real Name)\r\n"
        "To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\r\n\r\nbody\r\n",
        "Date: Sat, 01 Feb 2007 01:02:03 +0200\r\nFrom: <@route:user@domain>\r\n\r\nbody\r\n",
        "From: <@a.example,@b.example:u@d> (not a name), x@y (=?UTF-8?B?7ZmN6ri464+Z?=)\r\n"
        "\r\nbody\r\n",
    });
    Run run = run_whole(*store, kLogin + "f FETCH 1:3 ENVELOPE\r\n");
    const std::string real = "((\"Real Name\" NIL \"user\" \"domain\"))";
    const std::string route = "((NIL \"@route\" \"user\" \"domain\"))";
    CHECK(lines_starting(run.output, "* 1 FETCH") + lines_starting(run.output, "* 2 FETCH") +
              lines_starting(run.output, "* 3 FETCH") ==
          "* 1 FETCH (ENVELOPE (\"Sat, 01 Feb 2007 01:02:03 +0200\" NIL " + real + " " + real +
              " " + real +
              " ((NIL NIL \"group\" NIL)(NIL NIL \"g1\" \"d1.org\")(NIL NIL \"g2\" \"d2.org\")"
              "(NIL NIL NIL NIL)(NIL NIL \"group2\" NIL)(NIL NIL \"g3\" \"d3.org\")"
              "(NIL NIL NIL NIL)) NIL NIL NIL NIL))\r\n"
              "* 2 FETCH (ENVELOPE (\"Sat, 01 Feb 2007 01:02:03 +0200\" NIL " +
              route + " " + route + " " + route +
              " NIL NIL NIL NIL NIL))\r\n"
              // A name-addr's comment is not its name; an encoded comment is sent as written
              // (7-bit), as names are.
              "* 3 FETCH (ENVELOPE (NIL NIL ((NIL \"@a.example,@b.example\" \"u\" \"d\")"
              "(\"=?UTF-8?B?7ZmN6ri464+Z?=\" NIL \"x\" \"y\")) "
              "((NIL \"@a.example,@b.example\" \"u\" \"d\")(\"=?UTF-8?B?7ZmN6ri464+Z?=\" NIL "
              "\"x\" \"y\")) ((NIL \"@a.example,@b.example\" \"u\" \"d\")"
              "(\"=?UTF-8?B?7ZmN6ri464+Z?=\" NIL \"x\" \"y\")) NIL NIL NIL NIL NIL))\r\n");
}

TEST_CASE("SEARCH FROM/TO/CC/BCC match the parsed addresses (imaptest search-addresses)") {
    auto store = store_with({
        "From: user-from@domain.org\r\nTo: user-to@domain.org\r\nCc: user-cc@domain.org\r\n"
        "Bcc: user-bcc@domain.org\r\n\r\nbody\r\n",
        "From: RealFrom <user-from@domain.org>\r\nTo: RealTo <user-to@domain.org>\r\n"
        "Cc: RealCc <user-cc@domain.org>\r\nBcc: RealBcc <user-bcc@domain.org>\r\n\r\nbody2\r\n",
        "From: <user-from (comment)@ (comment) domain.org>\r\nTo: <user-to@domain.org>\r\n"
        "Cc: <user-cc@domain.org>\r\nBcc: <user-bcc@domain.org>\r\n\r\nbody3\r\n",
        "From: user-from@domain.org (RealFrom)\r\nTo: user-to@domain.org (RealTo)\r\n"
        "Cc: user-cc@domain.org (RealCc)\r\nBcc: user-bcc@domain.org (RealBcc)\r\n\r\nbody4\r\n",
        "From: user-from1@domain.org, user-from2@domain.org\r\nCc: user-cc@domain.org\r\n"
        "\r\nbody5\r\n",
        "To: groupname: groupuser1@domain.org, groupuser2@domain.org;,\r\n"
        "  groupname2: groupuser3@domain.org;\r\n\r\nbody6\r\n",
    });
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"FROM user-from@domain.org", "1 2 3 4"},
        {"TO user-to@domain.org", "1 2 3 4"},
        {"CC user-cc@domain.org", "1 2 3 4 5"},
        {"BCC user-bcc@domain.org", "1 2 3 4"},
        {"FROM realfrom", "2 4"},
        {"TO realto", "2 4"},
        {"CC realcc", "2 4"},
        {"BCC realbcc", "2 4"},
        {"HEADER FROM \"\"", "1 2 3 4 5"},
        {"HEADER TO \"\"", "1 2 3 4 6"},
        {"FROM ser-fro", "1 2 3 4 5"},
        {"FROM ealfro", "2 4"},
        {"FROM user-from1", "5"},
        {"FROM user-from2", "5"},
        {"TO groupname", "6"},
        {"TO groupname2", "6"},
        {"TO groupuser1", "6"},
        {"TO groupuser3", "6"},
        {"TO groupuser4", ""},
        {"FROM comment", ""}, // comments inside an address are not part of it
    };
    std::string input = kLogin, expected;
    int n = 0;
    for (const auto& [key, hits] : cases) {
        input += "s" + std::to_string(++n) + " SEARCH " + key + "\r\n";
        expected += "* SEARCH" + (hits.empty() ? "" : " " + hits) + "\r\n";
    }
    Run run = run_whole(*store, input);
    CHECK(lines_starting(run.output, "* SEARCH") == expected);
}

TEST_CASE("BODYSTRUCTURE: a text part without a charset says us-ascii (RFC 2045 §5.2); a digest's "
          "parts default to message/rfc822; an empty multipart shows an empty text part") {
    auto store = store_with({
        "Subject: no content-type\r\n\r\nbody\r\n",
        "Content-Type: text/html\r\n\r\n<p>x</p>\r\n",
        "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\n"
        "Subject: inner\r\n\r\ninner body\r\n--d--\r\n",
        "Content-Type: multipart/mixed; boundary=none\r\n\r\nno parts at all\r\n",
    });
    Run run = run_whole(*store, kLogin + "f FETCH 1:4 BODYSTRUCTURE\r\ng FETCH 4 BODY\r\n");
    CHECK(lines_starting(run.output, "* 1 FETCH") ==
          "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL "
          "\"7BIT\" 6 1 NIL NIL NIL NIL))\r\n");
    CHECK(lines_starting(run.output, "* 2 FETCH") ==
          "* 2 FETCH (BODYSTRUCTURE (\"TEXT\" \"HTML\" (\"CHARSET\" \"us-ascii\") NIL NIL "
          "\"7BIT\" 10 1 NIL NIL NIL NIL))\r\n");
    CHECK(lines_starting(run.output, "* 3 FETCH") ==
          "* 3 FETCH (BODYSTRUCTURE ((\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 28 "
          "(NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" (\"CHARSET\" "
          "\"us-ascii\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL) 3 NIL NIL NIL NIL) \"DIGEST\" "
          "(\"BOUNDARY\" \"d\") NIL NIL NIL))\r\n");
    CHECK(lines_starting(run.output, "* 4 FETCH") ==
          "* 4 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL "
          "\"7BIT\" 0 0 NIL NIL NIL NIL) \"MIXED\" (\"BOUNDARY\" \"none\") NIL NIL NIL))\r\n"
          "* 4 FETCH (BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0) "
          "\"MIXED\"))\r\n");
}

TEST_CASE("LOGOUT: what other sessions changed is reported before BYE, nothing after it") {
    auto store = make_store();
    Watcher watcher(*store);
    Run other = run_whole(*store, kLogin + "c STORE 1 +FLAGS (\\Answered)\r\n"
                                           "d STORE 2 +FLAGS (\\Deleted)\r\ne EXPUNGE\r\n");
    REQUIRE(other.output.find("e OK EXPUNGE") != std::string::npos);
    // RFC 3501 §6.1.3 and §7.1.5: BYE, then the tagged OK, then the server closes.
    CHECK(watcher.send("z LOGOUT\r\n") ==
          "* 2 EXPUNGE\r\n* 1 FETCH (FLAGS (\\Answered \\Recent))\r\n"
          "* BYE imap.example logging out\r\nz OK LOGOUT completed\r\n");
}

TEST_CASE("keywords: a new one is announced in FLAGS and PERMANENTFLAGS, to every session that "
          "has the mailbox selected, before a FETCH shows it") {
    auto store = make_store();
    Watcher watcher(*store);
    const std::string flags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    Run setter = run_whole(*store, kLogin + "c STORE 1 +FLAGS ($Test1)\r\n"
                                            "d STORE 2 +FLAGS.SILENT ($Test1 $Test2)\r\n"
                                            "e STORE 1:2 -FLAGS ($Test1 $Test2)\r\n");
    const std::string c = setter.output.substr(setter.output.find("c OK STORE"));
    CHECK(setter.output.substr(setter.output.find("b OK [READ-WRITE]")) ==
          "b OK [READ-WRITE] SELECT completed\r\n"
          "* FLAGS (" +
              flags +
              " $Test1)\r\n"
              "* OK [PERMANENTFLAGS (" +
              flags +
              " $Test1 \\*)] Limited\r\n"
              "* 1 FETCH (FLAGS ($Test1))\r\n"
              "c OK STORE completed\r\n"
              "* FLAGS (" +
              flags +
              " $Test1 $Test2)\r\n"
              "* OK [PERMANENTFLAGS (" +
              flags +
              " $Test1 $Test2 \\*)] Limited\r\n"
              "d OK STORE completed\r\n"
              "* 1 FETCH (FLAGS ())\r\n* 2 FETCH (FLAGS ())\r\n"
              "e OK STORE completed\r\n");
    // The watcher learns of both keywords at its next command, the FLAGS before the FETCHes.
    CHECK(watcher.send("n NOOP\r\n") == "* FLAGS (" + flags +
                                            " $Test1 $Test2)\r\n"
                                            "* OK [PERMANENTFLAGS (" +
                                            flags +
                                            " $Test1 $Test2 \\*)] Limited\r\n"
                                            "n OK NOOP completed\r\n");
    // A keyword stays defined when no message has it any more (as in Dovecot): a new session
    // sees it in SELECT, and EXAMINE lists it in FLAGS only.
    Run later = run_whole(*store, "a LOGIN bob hungry\r\nb EXAMINE INBOX\r\n");
    CHECK(lines_starting(later.output, "* FLAGS") == "* FLAGS (" + flags + " $Test1 $Test2)\r\n");
    CHECK(later.output.find("* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n") !=
          std::string::npos);
    CHECK(store->mailbox("bob")->inbox().keywords() ==
          std::vector<std::string>{"$Test1", "$Test2"});
}

TEST_CASE("keywords: APPEND with a keyword announces it to the session that has the mailbox "
          "selected; over-long keywords and too many of them are refused with NO [LIMIT]") {
    auto store = make_store();
    Run run = run_whole(*store, kLogin +
                                    "c APPEND INBOX ($Label1) {12}\r\nSubject: x\r\n\r\n"
                                    "d STORE 1 +FLAGS (" +
                                    std::string(65, 'k') + ")\r\n");
    CHECK(run.output.find("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)\r\n"
                          "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft "
                          "$Label1 \\*)] Limited\r\n* 4 EXISTS\r\n") != std::string::npos);
    CHECK(run.output.ends_with("d NO [LIMIT] Keyword longer than 64 characters\r\n"));
    std::string many = kLogin;
    for (int i = 0; i < 255; ++i)
        many +=
            "k" + std::to_string(i) + " STORE 1 +FLAGS.SILENT (kw" + std::to_string(i) + ")\r\n";
    many += "z STORE 1 +FLAGS.SILENT (one-too-many)\r\ny STORE 1 +FLAGS.SILENT (kw7)\r\n";
    Run full = run_whole(*store, many);
    CHECK(full.output.find("z NO [LIMIT] Too many keywords in this mailbox (at most 256)\r\n") !=
          std::string::npos);
    CHECK(full.output.ends_with("y OK STORE completed\r\n")); // a known keyword is fine
}

TEST_CASE("mailbox names in modified UTF-7: Korean folders made by real clients work; invalid "
          "sequences are refused (RFC 3501 §5.1.3)") {
    auto store = make_store();
    // "보낸 편지함" and "Sent/받은 편지함", as a Korean mail client sends them.
    Run run = run_whole(*store, "a LOGIN bob hungry\r\n"
                                "b CREATE \"&vPSwuA- &07jJwNVo-\"\r\n"
                                "c CREATE \"Sent/&vBvHQA- &07jJwNVo-\"\r\n"
                                "d LIST \"\" *\r\n"
                                "e SELECT \"&vPSwuA- &07jJwNVo-\"\r\n"
                                "f CREATE \"&Jjo!\"\r\n"
                                "g CREATE &AGE-\r\n"
                                "h CREATE \"&U,BTFw-&ZeVnLIqe-\"\r\n"
                                "i RENAME \"&vPSwuA- &07jJwNVo-\" &2D0-\r\n"
                                "j SELECT &Jjo\r\n"
                                "k STATUS &AOR- (MESSAGES)\r\n"
                                "l APPEND &AAA- {1}\r\nx\r\n");
    const std::string refused = " NO [CANNOT] Mailbox name is not valid modified UTF-7 (RFC 3501 "
                                "5.1.3)\r\n";
    CHECK(lines_starting(run.output, "* LIST") ==
          "* LIST (\\HasNoChildren) \"/\" \"&vPSwuA- &07jJwNVo-\"\r\n"
          "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
          "* LIST (\\HasChildren) \"/\" Sent\r\n"
          "* LIST (\\HasNoChildren) \"/\" \"Sent/&vBvHQA- &07jJwNVo-\"\r\n");
    CHECK(run.output.find("e OK [READ-WRITE] SELECT completed\r\n") != std::string::npos);
    for (const char* tag : {"f", "g", "h", "i", "j", "k", "l"}) {
        CAPTURE(tag);
        CHECK(run.output.find(tag + refused) != std::string::npos);
    }
    CHECK(store->mailbox("bob")->folders().size() == 4);
}

TEST_CASE("keywords: a FETCH that shows another session's new keyword announces it first") {
    auto store = make_store();
    Watcher watcher(*store);
    Run other = run_whole(*store, kLogin + "c STORE 3 +FLAGS.SILENT ($Later)\r\n");
    REQUIRE(other.output.find("c OK STORE") != std::string::npos);
    const std::string flags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    CHECK(watcher.send("f FETCH 3 FLAGS\r\n") == "* FLAGS (" + flags +
                                                     " $Later)\r\n"
                                                     "* OK [PERMANENTFLAGS (" +
                                                     flags +
                                                     " $Later \\*)] Limited\r\n"
                                                     "* 3 FETCH (FLAGS (\\Recent $Later))\r\n"
                                                     "f OK FETCH completed\r\n");
}
