// The serve loop driven by poll() alone, as a host program's frame loop drives it
// (mailsim-gui --serve): a client socket in the same thread sends one message over loopback,
// and the world's store holds it after the 250.
#include "ui/cli/serve/serve_loop.h"
#include "unit/serve/serve_client.h"

#include "sim/store/store.h"
#include "sim/trace/trace.h"
#include "sim/world/world.h"

#include <asio.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace mailsim;

using serve_test::read_reply;

TEST_CASE("poll() alone serves an SMTP session and the message lands in the world's store") {
    serve::ServeOptions options;
    options.smtp_port = 0;
    auto created = serve::ServeLoop::create(options, {});
    REQUIRE(created);
    serve::ServeLoop& loop = **created;
    REQUIRE(loop.smtp_port() != 0);

    asio::io_context client_io;
    asio::ip::tcp::socket socket(client_io);
    socket.connect({asio::ip::make_address("127.0.0.1"), loop.smtp_port()});
    std::string reply;
    REQUIRE(read_reply(loop, socket, reply, "220"));
    CHECK(reply == "220 mail.hamburger.edu ESMTP mailsim ready\r\n");

    const std::string session = "HELO poll.example\r\nMAIL FROM:<carol@example.com>\r\n"
                                "RCPT TO:<bob@hamburger.edu>\r\nDATA\r\n";
    asio::write(socket, asio::buffer(session));
    reply.clear();
    REQUIRE(read_reply(loop, socket, reply, "354"));
    asio::write(socket, asio::buffer(std::string("Subject: poll\r\n\r\nfrom poll()\r\n.\r\n")));
    reply.clear();
    REQUIRE(read_reply(loop, socket, reply, "250"));

    const store::Store* store = loop.world().store_of("mail.hamburger.edu");
    REQUIRE(store);
    const auto* inbox = store->mailbox("bob")->folder("INBOX");
    REQUIRE(inbox);
    REQUIRE(inbox->messages().size() == 1);
    CHECK(inbox->messages()[0].raw->ends_with("Subject: poll\r\n\r\nfrom poll()\r\n"));

    asio::write(socket, asio::buffer(std::string("QUIT\r\n")));
    reply.clear();
    REQUIRE(read_reply(loop, socket, reply, "221"));
    loop.stop();
    for (int round = 0; round < 1000 && !loop.finished(); ++round)
        loop.poll();
    CHECK(loop.finished());
    CHECK(loop.stats().accepted == 1);
}

TEST_CASE("a served world keeps a bounded trace window, and the live transcript still follows") {
    serve::ServeOptions options;
    options.smtp_port = 0;
    options.trace_window = 40;
    std::vector<std::string> lines;
    auto created =
        serve::ServeLoop::create(options, [&](const std::string& line) { lines.push_back(line); });
    REQUIRE(created);
    serve::ServeLoop& loop = **created;

    asio::io_context client_io;
    asio::ip::tcp::socket socket(client_io);
    socket.connect({asio::ip::make_address("127.0.0.1"), loop.smtp_port()});
    std::string reply;
    REQUIRE(read_reply(loop, socket, reply, "220"));
    asio::write(socket, asio::buffer(std::string("HELO window.example\r\n")));
    REQUIRE(read_reply(loop, socket, reply, "250"));
    for (int i = 0; i < 10; ++i) {
        const std::string message = "MAIL FROM:<carol@example.com>\r\nRCPT TO:<bob@hamburger.edu>"
                                    "\r\nDATA\r\n";
        asio::write(socket, asio::buffer(message));
        reply.clear();
        REQUIRE(read_reply(loop, socket, reply, "354"));
        asio::write(socket,
                    asio::buffer("Subject: w" + std::to_string(i) + "\r\n\r\nbody\r\n.\r\n"));
        reply.clear();
        REQUIRE(read_reply(loop, socket, reply, "250"));
    }
    asio::write(socket, asio::buffer(std::string("QUIT\r\n")));
    reply.clear();
    REQUIRE(read_reply(loop, socket, reply, "221"));

    const world::Trace& trace = loop.world().trace();
    CHECK(trace.size() <= 80);
    CHECK(trace.first_index() > 0);
    CHECK(trace.total() > 150);
    const store::Store* store = loop.world().store_of("mail.hamburger.edu");
    REQUIRE(store);
    CHECK(store->mailbox("bob")->folder("INBOX")->messages().size() == 10);
    // Every command and reply was printed once, in order, though most events are gone.
    std::size_t datas = 0, quits = 0;
    for (const auto& line : lines) {
        datas += line.find(" C: DATA") != std::string::npos;
        quits += line.find(" S: 221 ") != std::string::npos;
    }
    CHECK(datas == 10);
    CHECK(quits == 1);

    loop.stop();
    for (int round = 0; round < 1000 && !loop.finished(); ++round)
        loop.poll();
    CHECK(loop.finished());
}

namespace {

// Memory the trace's events hold, counted from the events themselves (not the trace's own
// tally): the Event structs and every text field.
std::size_t bytes_held(const world::Trace& trace) {
    std::size_t bytes = 0;
    for (const auto& e : trace.events()) {
        bytes += sizeof(world::Event);
        for (const std::string* field :
             {&e.host, &e.peer, &e.text, &e.verb, &e.key, &e.msg_id, &e.from, &e.rcpt, &e.user,
              &e.mailbox, &e.reason, &e.state})
            bytes += field->size();
    }
    return bytes;
}

// 100 NOOPs with a 64 KB argument each (the wire log keeps the first 16 KB of each line); the
// most the trace held after any reply.
std::size_t most_held_after_overlong_lines(std::size_t trace_bytes) {
    serve::ServeOptions options;
    options.smtp_port = 0;
    options.trace_window = 1000;
    options.trace_bytes = trace_bytes;
    options.max_errors = 1000; // every overlong line is a 500: keep the session open
    auto created = serve::ServeLoop::create(options, {});
    REQUIRE(created);
    serve::ServeLoop& loop = **created;
    asio::io_context client_io;
    asio::ip::tcp::socket socket(client_io);
    socket.connect({asio::ip::make_address("127.0.0.1"), loop.smtp_port()});
    std::string reply;
    REQUIRE(read_reply(loop, socket, reply, "220"));
    std::size_t most = 0;
    for (int i = 0; i < 100; ++i) {
        asio::write(socket, asio::buffer("NOOP " + std::string(64 * 1024, 'x') + "\r\n"));
        reply.clear();
        REQUIRE(read_reply(loop, socket, reply, "500"));
        most = std::max(most, bytes_held(loop.world().trace()));
    }
    asio::write(socket, asio::buffer(std::string("QUIT\r\n")));
    reply.clear();
    REQUIRE(read_reply(loop, socket, reply, "221"));
    most = std::max(most, bytes_held(loop.world().trace()));
    loop.stop();
    for (int round = 0; round < 1000 && !loop.finished(); ++round)
        loop.poll();
    return most;
}

} // namespace

TEST_CASE("overlong lines do not make the trace window hold more than its byte budget") {
    // Without a budget the window (1,000 events) holds 16 KB of every overlong line, a
    // megabyte and more: the load is real. With one, the events held stay within it.
    CHECK(most_held_after_overlong_lines(0) > 1024 * 1024);
    const std::size_t budget = 256 * 1024;
    CHECK(most_held_after_overlong_lines(budget) <= budget);
}
