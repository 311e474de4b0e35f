// Back-pressure: a client that pipelines commands and does not read its replies. The server
// stops reading and parsing that connection's input while its unsent output is over the
// high-water mark (as Dovecot and Postfix do), so the commands wait in the kernel's socket
// buffer and neither the output nor the trace grows; once the client reads, every reply comes,
// byte for byte and in order. A stalled client that leaves, or times out, is cleaned up.
#include "ui/cli/serve/serve_loop.h"
#include "unit/serve/serve_client.h"

#include <asio.hpp>
#include <doctest/doctest.h>

#include <string>

using namespace mailsim;
using serve_test::poll_for;
using serve_test::read_available;
using serve_test::read_reply;

namespace {

constexpr int kRetrs = 200;

// About 20 KB: big enough that a few replies fill the kernel's buffers, small enough that
// the 200 RETRs of the test are 4 MB.
std::string big_message() {
    std::string text = "Subject: big\r\n\r\n";
    for (int i = 0; i < 340; ++i)
        text += "line " + std::to_string(100000 + i) + " of a message fetched many times over\r\n";
    return text;
}

struct Served {
    std::unique_ptr<serve::ServeLoop> loop;
    std::size_t retrs_seen = 0; // RETR commands the POP3 server took in (the live transcript)
};

std::unique_ptr<Served> serve_with_big_message(serve::ServeOptions options) {
    auto served = std::make_unique<Served>();
    options.smtp_port = 0;
    options.pop3_port = 0;
    Served* raw = served.get();
    auto created = serve::ServeLoop::create(options, [raw](const std::string& line) {
        raw->retrs_seen += line.find(" C: RETR ") != std::string::npos;
    });
    REQUIRE(created);
    served->loop = std::move(*created);
    serve::ServeLoop& loop = *served->loop;
    asio::io_context io;
    asio::ip::tcp::socket smtp(io);
    smtp.connect({asio::ip::make_address("127.0.0.1"), loop.smtp_port()});
    std::string reply;
    REQUIRE(read_reply(loop, smtp, reply, "220"));
    asio::write(smtp, asio::buffer(std::string("HELO bp.example\r\nMAIL FROM:<carol@example.com>"
                                               "\r\nRCPT TO:<bob@hamburger.edu>\r\nDATA\r\n")));
    REQUIRE(read_reply(loop, smtp, reply, "354"));
    asio::write(smtp, asio::buffer(big_message() + ".\r\nQUIT\r\n"));
    REQUIRE(read_reply(loop, smtp, reply, "221"));
    return served;
}

// A POP3 client that asks for the message kRetrs times in one write and reads nothing.
void connect_stalled(asio::ip::tcp::socket& socket, std::uint16_t port, bool quit) {
    socket.open(asio::ip::tcp::v4());
    socket.set_option(asio::socket_base::receive_buffer_size(65536));
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    std::string commands = "USER bob\r\nPASS hungry\r\n";
    for (int i = 0; i < kRetrs; ++i)
        commands += "RETR 1\r\n";
    if (quit)
        commands += "QUIT\r\n";
    asio::write(socket, asio::buffer(commands));
}

bool poll_until_closed(serve::ServeLoop& loop, double seconds) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    while (std::chrono::steady_clock::now() < until) {
        poll_for(loop, 0.01);
        if (loop.stats().open == 0)
            return true;
    }
    return false;
}

} // namespace

TEST_CASE("a client that pipelines and does not read: input waits, then every reply comes") {
    auto served = serve_with_big_message({});
    serve::ServeLoop& loop = *served->loop;
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    connect_stalled(socket, loop.pop3_port(), true);

    poll_for(loop, 1.0);
    // The kernel's buffers (the client's 64 KB receive window, the server's unsent bytes) and
    // the server's own hold a few replies of 20 KB; without back-pressure it took dozens.
    const std::size_t stalled_at = served->retrs_seen;
    MESSAGE("RETRs taken in while the client read nothing: " << stalled_at << " of " << kRetrs);
    CHECK(stalled_at >= 1);
    CHECK(stalled_at <= 24); // 200 before back-pressure counted the kernel
    // The server holds about the high-water mark and one reply for it, no more.
    CHECK(loop.stats().paused == 1);
    CHECK(loop.stats().buffered <= 64 * 1024 + 2 * big_message().size());
    poll_for(loop, 0.5);
    CHECK(served->retrs_seen == stalled_at); // it stays stalled

    // The client reads now: everything, in order, then the goodbye and the close.
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (read_available(socket, got) && std::chrono::steady_clock::now() < deadline)
        loop.poll();
    CHECK(served->retrs_seen == kRetrs);
    const auto login = got.find("\r\n+OK", got.find("\r\n+OK") + 2);
    REQUIRE(login != std::string::npos);
    const auto first_retr = got.find("\r\n", login + 2) + 2;
    const auto first_end = got.find("\r\n.\r\n", first_retr);
    REQUIRE(first_end != std::string::npos);
    const std::string one = got.substr(first_retr, first_end + 5 - first_retr);
    CHECK(one.starts_with("+OK "));
    CHECK(one.find("line 100339 of a message fetched many times over\r\n") != std::string::npos);
    std::string expected;
    for (int i = 0; i < kRetrs; ++i)
        expected += one;
    const std::string rest = got.substr(first_retr);
    REQUIRE(rest.size() > expected.size());
    CHECK(rest.compare(0, expected.size(), expected) == 0);
    CHECK(rest.substr(expected.size()).starts_with("+OK "));
    CHECK(rest.ends_with("\r\n"));
    CHECK(poll_until_closed(loop, 5));
    loop.stop();
    poll_for(loop, 0.05);
}

TEST_CASE("a stalled client that closes is cleaned up, and one that times out is closed") {
    serve::ServeOptions options;
    options.pop3_autologout_seconds = 1; // the stalled client of the second half
    auto served = serve_with_big_message(options);
    serve::ServeLoop& loop = *served->loop;
    {
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        connect_stalled(socket, loop.pop3_port(), false);
        poll_for(loop, 0.3);
        CHECK(loop.stats().open == 1);
        // Closing with replies unread in its receive buffer: the kernel sends a reset.
    }
    CHECK(poll_until_closed(loop, 3));

    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    connect_stalled(socket, loop.pop3_port(), false);
    poll_for(loop, 0.3);
    CHECK(loop.stats().open == 1);
    // Nothing read for longer than the autologout: the connection goes, though its output
    // cannot be written.
    CHECK(poll_until_closed(loop, 6));
    loop.stop();
    poll_for(loop, 0.05);
}
