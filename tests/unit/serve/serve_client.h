#pragma once
// A client socket in the test's own thread, talking to a ServeLoop that the test drives with
// poll() (as mailsim-gui --serve drives it): every wait is bounded.
#include "ui/cli/serve/serve_loop.h"

#include <asio.hpp>

#include <cerrno>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>

#include <sys/socket.h>

namespace mailsim::serve_test {

// Reads what is there now (never blocks); false once the server closed the connection.
inline bool read_available(asio::ip::tcp::socket& socket, std::string& into) {
    asio::error_code ec;
    const std::size_t available = socket.available(ec);
    if (ec)
        return false;
    if (available == 0) {
        // available() is 0 both for "nothing yet" and for end of stream: peek to tell them
        // apart (recv() itself: Asio's receive on a non-blocking socket sometimes said 0 bytes
        // and no error for "nothing yet").
        char byte;
        const ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n != 0 && (n > 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    }
    char buffer[65536];
    const std::size_t n = socket.read_some(asio::buffer(buffer), ec);
    into.append(buffer, n);
    return !ec;
}

// Polls the loop until `reply` holds a line starting with `code` (bounded: 2000 rounds, 10 s).
inline bool read_reply(serve::ServeLoop& loop, asio::ip::tcp::socket& socket, std::string& reply,
                       std::string_view code) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (int round = 0; round < 2000 && std::chrono::steady_clock::now() < deadline; ++round) {
        loop.poll();
        read_available(socket, reply);
        if (reply.find("\r\n" + std::string(code) + " ") != std::string::npos ||
            reply.rfind(std::string(code) + " ", 0) == 0)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

// Polls the loop for `seconds` without touching any client socket.
inline void poll_for(serve::ServeLoop& loop, double seconds) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    while (std::chrono::steady_clock::now() < until) {
        loop.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

} // namespace mailsim::serve_test
