// Real peers against the IMAP server engine: Python's imaplib and curl talk to it over a TCP
// socket on 127.0.0.1. The engine is the same object the simulator runs; only this test moves
// its bytes to and from a socket (test code may use sockets; sim/ may not).
#ifndef __EMSCRIPTEN__

#include "imap_test_support.h"
#include "tests/helpers/loopback_peer.h"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using namespace mailsim;
using namespace imap_test;

namespace {

using mailsim::testing::EngineOutput;
using mailsim::testing::have;
using mailsim::testing::LoopbackListener;

// Runs `command` (it connects to us) while this thread serves `sessions` connections with the
// IMAP server engine; returns the command's standard output.
std::string run_peer(const std::string& command, store::Store& store, LoopbackListener& listener,
                     int sessions = 1) {
    return mailsim::testing::run_peer(command, sessions, [&] {
        return listener.serve_one([&](int fd) {
            imap::ImapServer server(store);
            mailsim::testing::pump_socket(
                fd,
                [&] {
                    bool closed = false;
                    for (;;) {
                        auto event = server.next_event();
                        if (std::holds_alternative<imap::NeedData>(event))
                            break;
                        if (std::holds_alternative<imap::ConnectionClosed>(event)) {
                            closed = true;
                            break;
                        }
                    }
                    return EngineOutput{server.take_output(), closed};
                },
                [&](ByteView bytes) { server.receive_data(bytes); }, [&] { server.receive_eof(); });
        });
    });
}

} // namespace

TEST_CASE("Python imaplib: login, list, select, search, fetch, store, copy, append, expunge") {
    if (!have("/usr/bin/python3"))
        return;
    auto store = make_store();
    LoopbackListener listener;
    const auto script = std::filesystem::temp_directory_path() / "mailsim_imaplib_test.py";
    {
        std::ofstream out(script);
        out << "import imaplib, sys\n"
               "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
               "print('caps', m.capabilities)\n"
               "print('login', m.login('bob', 'hungry'))\n"
               "print('create', m.create('Archive'))\n"
               "print('list', m.list())\n"
               "print('select', m.select('INBOX'))\n"
               "print('unseen', m.search(None, 'UNSEEN'))\n"
               "print('from', m.uid('SEARCH', None, 'FROM', '\"alice\"'))\n"
               "typ, data = m.fetch('1', '(BODY.PEEK[HEADER.FIELDS (SUBJECT)] FLAGS)')\n"
               "print('peek', data)\n"
               "typ, data = m.fetch('3', '(RFC822)')\n"
               "print('rfc822', data)\n"
               "print('flags', m.fetch('1:3', '(FLAGS)'))\n"
               "print('store', m.store('2', '+FLAGS', '(\\\\Flagged)'))\n"
               "print('copy', m.copy('2', 'Archive'))\n"
               "print('delete', m.store('2', '+FLAGS.SILENT', '(\\\\Deleted)'))\n"
               "print('expunge', m.expunge())\n"
               "print('append', m.append('Archive', '(\\\\Seen)', None, "
               "b'Subject: note\\r\\n\\r\\nkeep me\\r\\n'))\n"
               "print('status', m.status('Archive', '(MESSAGES UNSEEN)'))\n"
               "print('missing', m.select('Nope'))\n"
               "print('logout', m.logout())\n";
    }
    const std::string output =
        run_peer("/usr/bin/python3 " + script.string() + " " + std::to_string(listener.port()),
                 *store, listener);
    std::filesystem::remove(script);
    CHECK(output ==
          "caps ('IMAP4REV1',)\n"
          "login ('OK', [b'LOGIN completed, welcome bob'])\n"
          "create ('OK', [b'CREATE completed'])\n"
          "list ('OK', [b'(\\\\HasNoChildren) \"/\" Archive', b'(\\\\HasNoChildren) \"/\" "
          "INBOX'])\n"
          "select ('OK', [b'3'])\n"
          "unseen ('OK', [b'1 2 3'])\n"
          "from ('OK', [b'1 3'])\n"
          "peek [(b'1 (BODY[HEADER.FIELDS (SUBJECT)] {18}', b'Subject: Lunch\\r\\n\\r\\n'), "
          "b' FLAGS (\\\\Recent))']\n"
          "rfc822 [(b'3 (RFC822 {83}', b'From: alice@crepes.fr\\r\\nTo: bob@someschool.edu\\r\\n"
          "Subject: Dinner\\r\\n\\r\\nCrepes tonight?\\r\\n'), b' FLAGS (\\\\Seen \\\\Recent))']\n"
          "flags ('OK', [b'1 (FLAGS (\\\\Recent))', b'2 (FLAGS (\\\\Recent))', "
          "b'3 (FLAGS (\\\\Seen \\\\Recent))'])\n"
          "store ('OK', [b'2 (FLAGS (\\\\Flagged \\\\Recent))'])\n"
          "copy ('OK', [b'COPY completed'])\n"
          "delete ('OK', [None])\n"
          "expunge ('OK', [b'2'])\n"
          "append ('OK', [b'APPEND completed'])\n"
          "status ('OK', [b'Archive (MESSAGES 2 UNSEEN 1)'])\n"
          "missing ('NO', [b'No such mailbox'])\n"
          "logout ('BYE', [b'imap.example logging out'])\n");
    // The state is in the store, for the next session (or POP3) to see.
    const auto* archive = store->mailbox("bob")->folder("Archive");
    REQUIRE(archive);
    REQUIRE(archive->messages().size() == 2);
    CHECK(archive->messages()[0].flags.has(store::SystemFlag::Flagged));
    CHECK(store->mailbox("bob")->inbox().messages().size() == 2);
}

TEST_CASE("curl fetches a message by UID and lists a mailbox over imap://") {
    if (!have("/usr/bin/curl"))
        return;
    auto store = make_store();
    LoopbackListener listener;
    const std::string base = "imap://127.0.0.1:" + std::to_string(listener.port());
    const std::string fetched =
        run_peer("/usr/bin/curl -s --max-time 10 -u bob:hungry '" + base + "/INBOX;UID=3'", *store,
                 listener);
    CHECK(fetched == kMessage3);
    // Reading with BODY[] marked it \Seen on the server.
    CHECK(store->mailbox("bob")->inbox().find(3)->flags.has(store::SystemFlag::Seen));
    const std::string listed =
        run_peer("/usr/bin/curl -s --max-time 10 -u bob:hungry '" + base + "/'", *store, listener);
    CHECK(listed == "* LIST (\\HasNoChildren) \"/\" INBOX\r\n");
}

#endif
