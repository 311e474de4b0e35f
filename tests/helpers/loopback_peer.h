#pragma once
// Test-only plumbing for the engines' real-peer tests: a listening socket on 127.0.0.1, a loop
// that moves bytes between an accepted socket and an engine, and a runner for the peer program
// (Python's smtplib/poplib/imaplib, curl, swaks) in a thread. The engines stay sans-I/O; only
// tests touch sockets (sim/ may not).
#include "sim/core/bytes.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>

namespace mailsim::testing {

inline constexpr int kPeerTimeoutMs = 20000; // a peer that hangs this long fails the test

// What an engine has to say after a round of its events: bytes to send, and whether it closed.
struct EngineOutput {
    Bytes bytes;
    bool closed = false;
};

class LoopbackListener {
public:
    LoopbackListener() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(m_fd >= 0);
        int yes = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(m_fd, 4) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        m_port = ntohs(address.sin_port);
    }
    ~LoopbackListener() { ::close(m_fd); }
    LoopbackListener(const LoopbackListener&) = delete;
    LoopbackListener& operator=(const LoopbackListener&) = delete;
    int port() const { return m_port; }

    // Accepts one connection and runs `session(fd)` on it; false if no client came in time.
    template <class Session>
    bool serve_one(Session&& session) {
        pollfd waiting{m_fd, POLLIN, 0};
        if (::poll(&waiting, 1, kPeerTimeoutMs) != 1)
            return false;
        const int fd = ::accept(m_fd, nullptr, nullptr);
        if (fd < 0)
            return false;
        session(fd);
        ::close(fd);
        return true;
    }

private:
    int m_fd = -1;
    int m_port = 0;
};

// Moves bytes between a connected socket and an engine until the session is over:
// `drain()` runs the engine's events until it needs data and returns its output;
// `feed(bytes)` and `eof()` hand it what the peer sent.
template <class Drain, class Feed, class Eof>
void pump_socket(int fd, Drain&& drain, Feed&& feed, Eof&& eof) {
    for (;;) {
        const EngineOutput out = drain();
        if (!out.bytes.empty() && ::send(fd, out.bytes.data(), out.bytes.size(), MSG_NOSIGNAL) < 0)
            return;
        if (out.closed)
            return;
        pollfd readable{fd, POLLIN, 0};
        if (::poll(&readable, 1, kPeerTimeoutMs) != 1)
            return; // the peer hangs: give up (the test then fails on its output)
        std::array<char, 4096> buffer;
        const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (got <= 0)
            eof();
        else
            feed(ByteView(buffer.data(), static_cast<std::size_t>(got)));
    }
}

// A shell command's standard output.
inline std::string run_command(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return output;
    std::array<char, 4096> buffer;
    std::size_t got;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        output.append(buffer.data(), got);
    ::pclose(pipe);
    return output;
}

// Runs `command` in a thread (it connects to us) while this thread serves `sessions`
// connections with `serve_one()`; returns the command's standard output.
template <class ServeOne>
std::string run_peer(const std::string& command, int sessions, ServeOne&& serve_one) {
    std::string output;
    std::thread peer([&] { output = run_command(command); });
    for (int i = 0; i < sessions; ++i)
        CHECK(serve_one());
    peer.join();
    return output;
}

inline bool have(const char* program) {
    return std::filesystem::exists(program);
}

} // namespace mailsim::testing
