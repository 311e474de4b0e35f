// Real peers against the server engine: Python's poplib and curl talk to it over a TCP
// socket on 127.0.0.1. The engine is the same object the simulator runs; this file only moves
// its bytes to and from a socket (test code may use sockets; sim/ may not).
#ifndef __EMSCRIPTEN__

#include "pop3_test_util.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
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

class Listener {
public:
    Listener() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(m_fd >= 0);
        int yes = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(m_fd, 4) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        m_port = ntohs(address.sin_port);
    }
    ~Listener() { ::close(m_fd); }
    int port() const { return m_port; }

    // Accepts one connection and runs a server engine on it until the session is over.
    // Returns false if no client came within 20 s.
    bool serve_one(store::Store& store, const pop3::ServerConfig& config) {
        pollfd waiting{m_fd, POLLIN, 0};
        if (::poll(&waiting, 1, 20000) != 1)
            return false;
        const int fd = ::accept(m_fd, nullptr, nullptr);
        if (fd < 0)
            return false;
        pop3::Server server(store, config);
        for (;;) {
            while (!std::holds_alternative<pop3::NeedData>(server.next_event())) {
            }
            const std::string out = server.take_output();
            if (!out.empty() && ::send(fd, out.data(), out.size(), MSG_NOSIGNAL) < 0)
                break;
            if (server.state() == pop3::State::Closed)
                break;
            pollfd readable{fd, POLLIN, 0};
            if (::poll(&readable, 1, 20000) != 1)
                break; // the peer hangs: give up (the test then fails on its output)
            std::array<char, 4096> buffer;
            const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
            if (got <= 0)
                server.receive_eof();
            else
                server.receive_data(ByteView(buffer.data(), static_cast<size_t>(got)));
        }
        ::close(fd);
        return true;
    }

private:
    int m_fd = -1;
    int m_port = 0;
};

// Runs `command` in a thread (it connects to us) while this thread serves `sessions`
// connections; returns the command's standard output.
std::string run_peer(const std::string& command, store::Store& store,
                     const pop3::ServerConfig& config, Listener& listener, int sessions = 1) {
    std::string output;
    std::thread peer([&] {
        FILE* pipe = ::popen(command.c_str(), "r");
        if (!pipe)
            return;
        std::array<char, 4096> buffer;
        size_t got;
        while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
            output.append(buffer.data(), got);
        ::pclose(pipe);
    });
    for (int i = 0; i < sessions; ++i)
        CHECK(listener.serve_one(store, config));
    peer.join();
    return output;
}

void fill(store::Store& store) {
    REQUIRE(store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}}).ok());
    REQUIRE(store.deliver("bob", "Subject: one\r\n\r\nHello Bob\r\n", 1).ok());
    REQUIRE(store.deliver("bob", kDots, 2).ok());
}

bool have(const char* program) {
    return std::filesystem::exists(program);
}

} // namespace

TEST_CASE("Python poplib: capa, user/pass, stat, list, uidl, top, retr (dot-unstuffed), dele") {
    if (!have("/usr/bin/python3"))
        return;
    store::Store store;
    fill(store);
    Listener listener;
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
    Listener listener;
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
    pop3::Server holder(store, pop3::ServerConfig{});
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
    Listener listener;
    const std::string base = "/usr/bin/curl -s --max-time 10 --user bob:hungry pop3://127.0.0.1:" +
                             std::to_string(listener.port());
    const std::string list = run_peer(base + "/", store, pop3::ServerConfig{}, listener);
    CHECK(list == "1 27\r\n2 41\r\n");
    const std::string message = run_peer(base + "/2", store, pop3::ServerConfig{}, listener);
    CHECK(message == kDots);                                     // curl removes the byte-stuffing
    CHECK(store.mailbox("bob")->inbox().messages().size() == 2); // curl never deletes here
}

#endif // __EMSCRIPTEN__
