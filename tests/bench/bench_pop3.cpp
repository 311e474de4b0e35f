// POP3 engine figures: whole sessions per second, RETR throughput, and a keep-mode client
// fetching a large maildrop. Prints one line per figure; run it from the build folder:
//     ./tests/bench_pop3
#include "sim/proto/pop3/pop3_client.h"
#include "sim/proto/pop3/pop3_server.h"
#include "sim/store/store.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <variant>

using namespace mailsim;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

size_t drain(pop3::Pop3Server& server) {
    size_t events = 0;
    while (!std::holds_alternative<pop3::NeedData>(server.next_event()))
        ++events;
    return events;
}

std::string text_message(size_t bytes) {
    std::string message = "From: alice@crepes.fr\r\nTo: bob@someschool.edu\r\nSubject: big\r\n\r\n";
    for (size_t line = 0; message.size() < bytes; ++line)
        message += (line % 10 == 0 ? "." : "") + std::string(70, 'a' + line % 26) + "\r\n";
    return message;
}

} // namespace

int main() {
    {
        store::Store store;
        (void)store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}});
        (void)store.deliver("bob", text_message(498), 0);
        (void)store.deliver("bob", text_message(912), 0);
        const std::string input = "user bob\r\npass hungry\r\nlist\r\nretr 1\r\nretr 2\r\nquit\r\n";
        pop3::ServerConfig config;
        config.style = pop3::TextStyle::Classic;
        const int sessions = 20000;
        size_t bytes = 0;
        const auto start = Clock::now();
        for (int i = 0; i < sessions; ++i) {
            pop3::Pop3Server server(store, config);
            server.receive_data(input);
            drain(server);
            bytes += server.take_output().size();
        }
        const double elapsed = seconds_since(start);
        std::printf("lecture-style session (user, pass, list, retr x2, quit): %.0f sessions/s "
                    "(%d sessions, %zu bytes out each)\n",
                    sessions / elapsed, sessions, bytes / sessions);
    }
    {
        store::Store store;
        (void)store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}});
        (void)store.deliver("bob", text_message(10 * 1024 * 1024), 0);
        pop3::Pop3Server server(store, pop3::ServerConfig{});
        server.receive_data("USER bob\r\nPASS hungry\r\n");
        drain(server);
        (void)server.take_output();
        const int rounds = 10;
        size_t bytes = 0;
        const auto start = Clock::now();
        for (int i = 0; i < rounds; ++i) {
            server.receive_data("RETR 1\r\n");
            drain(server);
            bytes += server.take_output().size();
        }
        const double elapsed = seconds_since(start);
        std::printf("server RETR of a 10 MiB message (byte-stuffed): %.0f MB/s\n",
                    bytes / elapsed / 1e6);
    }
    {
        store::Store store;
        (void)store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}});
        const int count = 2000;
        for (int i = 0; i < count; ++i)
            (void)store.deliver("bob", text_message(4096), i);
        const auto start = Clock::now();
        pop3::Pop3Server server(store, pop3::ServerConfig{});
        pop3::ClientConfig config;
        config.user = "bob";
        config.password = "hungry";
        pop3::Pop3Client client(config);
        size_t retrieved = 0;
        while (!client.finished()) {
            drain(server);
            client.receive_data(server.take_output());
            for (auto event = client.next_event(); !std::holds_alternative<pop3::NeedData>(event);
                 event = client.next_event())
                retrieved += std::holds_alternative<pop3::MessageRetrieved>(event) ? 1 : 0;
            server.receive_data(client.take_output());
        }
        const double elapsed = seconds_since(start);
        std::printf("keep-mode client <-> server in memory, %d messages of 4 KiB: %.0f messages/s "
                    "(%zu retrieved)\n",
                    count, retrieved / elapsed, retrieved);
    }
    return 0;
}
