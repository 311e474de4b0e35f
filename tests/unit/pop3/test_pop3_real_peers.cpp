// Real peers against the server engine: Python's poplib and curl talk to it over a TCP
// socket on 127.0.0.1. The engine is the same object the simulator runs; this file only moves
// its bytes to and from a socket (test code may use sockets; sim/ may not).
#ifndef __EMSCRIPTEN__

#include "pop3_test_util.h"
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
using namespace pop3_test;

namespace {

const std::string kDots = "Subject: dots\r\n\r\n.hidden\r\n..two\r\n.\r\nend\r\n";

using mailsim::testing::EngineOutput;
using mailsim::testing::have;
using mailsim::testing::LoopbackListener;

// Runs `command` (it connects to us) while this thread serves `sessions` connections with the
// POP3 server engine; returns the command's standard output.
std::string run_peer(const std::string& command, store::Store& store,
                     const pop3::ServerConfig& config, LoopbackListener& listener,
                     int sessions = 1) {
    return mailsim::testing::run_peer(command, sessions, [&] {
        return listener.serve_one([&](int fd) {
            pop3::Pop3Server server(store, config);
            mailsim::testing::pump_socket(
                fd,
                [&] {
                    while (!std::holds_alternative<pop3::NeedData>(server.next_event())) {
                    }
                    return EngineOutput{server.take_output(),
                                        server.state() == pop3::State::Closed};
                },
                [&](ByteView bytes) { server.receive_data(bytes); }, [&] { server.receive_eof(); });
        });
    });
}

void fill(store::Store& store) {
    REQUIRE(store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}}).ok());
    REQUIRE(store.deliver("bob", "Subject: one\r\n\r\nHello Bob\r\n", 1).ok());
    REQUIRE(store.deliver("bob", kDots, 2).ok());
}

} // namespace

TEST_CASE("Python poplib: capa, user/pass, stat, list, uidl, top, retr (dot-unstuffed), dele") {
    if (!have("/usr/bin/python3"))
        return;
    store::Store store;
    fill(store);
    LoopbackListener listener;
    const auto script = std::filesystem::temp_directory_path() / "mailsim_poplib_test.py";
    {
        std::ofstream out(script);
        out << "import poplib, sys\n"
               "p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
               "print('welcome', p.getwelcome().decode())\n"
               "print('capa', sorted(p.capa().keys()))\n"
               "p.user('bob'); print('pass', p.pass_('hungry').decode())\n"
               "print('stat', p.stat())\n"
               "print('list', [l.decode() for l in p.list()[1]])\n"
               "print('uidl', [l.decode() for l in p.uidl()[1]])\n"
               "print('top', [l.decode() for l in p.top(2, 1)[1]])\n"
               "resp, lines, octets = p.retr(2)\n"
               "sys.stdout.write('retr ' + repr(b'\\r\\n'.join(lines) + b'\\r\\n') + '\\n')\n"
               "print('dele', p.dele(1).decode())\n"
               "try:\n"
               "    p.retr(1)\n"
               "except poplib.error_proto as e:\n"
               "    print('error', e.args[0].decode())\n"
               "print('quit', p.quit().decode())\n";
    }
    pop3::ServerConfig config;
    config.host_name = "pop.someschool.edu";
    const std::string output =
        run_peer("/usr/bin/python3 " + script.string() + " " + std::to_string(listener.port()),
                 store, config, listener);
    std::filesystem::remove(script);
    CHECK(output == "welcome +OK pop.someschool.edu POP3 server ready\n"
                    "capa ['AUTH-RESP-CODE', 'IMPLEMENTATION', 'PIPELINING', 'RESP-CODES', 'TOP', "
                    "'UIDL', 'USER']\n"
                    "pass +OK bob's maildrop has 2 messages (68 octets)\n"
                    "stat (2, 68)\n"
                    "list ['1 27', '2 41']\n"
                    "uidl ['1 1.1', '2 1.2']\n"
                    "top ['Subject: dots', '', '.hidden']\n"
                    "retr b'Subject: dots\\r\\n\\r\\n.hidden\\r\\n..two\\r\\n.\\r\\nend\\r\\n'\n"
                    "dele +OK message 1 deleted\n"
                    "error -ERR message 1 already deleted\n"
                    "quit +OK pop.someschool.edu POP3 server signing off (1 message left)\n");
    REQUIRE(store.mailbox("bob")->inbox().messages().size() == 1);
    CHECK(store.mailbox("bob")->inbox().messages()[0].bytes() == kDots);
}

TEST_CASE("Python poplib: APOP with the greeting's timestamp, and the lock seen by a 2nd client") {
    if (!have("/usr/bin/python3"))
        return;
    store::Store store;
    fill(store);
    LoopbackListener listener;
    pop3::ServerConfig config;
    config.apop_timestamp = "<4711.1@pop.someschool.edu>";
    const std::string script = "import poplib, sys\n"
                               "p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
                               "print(p.apop('bob', 'hungry').decode())\n"
                               "print(p.stat())\n"
                               "p.quit()\n";
    const std::string output =
        run_peer("/usr/bin/python3 -c \"" + script + "\" " + std::to_string(listener.port()), store,
                 config, listener);
    CHECK(output == "+OK bob's maildrop has 2 messages (68 octets)\n(2, 68)\n");

    // Hold the maildrop with an in-memory session; poplib must get -ERR [IN-USE].
    pop3::Pop3Server holder(store, pop3::ServerConfig{});
    holder.receive_data("USER bob\r\nPASS hungry\r\n");
    while (!std::holds_alternative<pop3::NeedData>(holder.next_event())) {
    }
    const std::string locked_script = "import poplib, sys\n"
                                      "p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
                                      "p.user('bob')\n"
                                      "try:\n"
                                      "    p.pass_('hungry')\n"
                                      "except poplib.error_proto as e:\n"
                                      "    print(e.args[0].decode())\n"
                                      "p.quit()\n";
    const std::string locked =
        run_peer("/usr/bin/python3 -c \"" + locked_script + "\" " + std::to_string(listener.port()),
                 store, pop3::ServerConfig{}, listener);
    CHECK(locked == "-ERR [IN-USE] maildrop already locked\n");
}

TEST_CASE("curl pop3://: list and retrieve") {
    if (!have("/usr/bin/curl"))
        return;
    store::Store store;
    fill(store);
    LoopbackListener listener;
    const std::string base = "/usr/bin/curl -s --max-time 10 --user bob:hungry pop3://127.0.0.1:" +
                             std::to_string(listener.port());
    const std::string list = run_peer(base + "/", store, pop3::ServerConfig{}, listener);
    CHECK(list == "1 27\r\n2 41\r\n");
    const std::string message = run_peer(base + "/2", store, pop3::ServerConfig{}, listener);
    CHECK(message == kDots);                                     // curl removes the byte-stuffing
    CHECK(store.mailbox("bob")->inbox().messages().size() == 2); // curl never deletes here
}

#endif // __EMSCRIPTEN__
