// SMTP engine throughput. Not a timed test: it prints figures.
//
//   bench_smtp [--seconds S]
//
// 1. sessions: complete client<->server sessions in memory (run_loopback: greeting, EHLO,
//    pipelined MAIL/RCPT/DATA of one 2 KB message to 3 recipients, QUIT) per second.
// 2. server input: a server fed one long pipelined session (1000 transactions of 20 KB each,
//    dot-stuffed) in 64 KB reads; MB/s of client bytes consumed, events drained.
#include "sim/proto/smtp/smtp_client.h"
#include "sim/proto/smtp/smtp_data.h"
#include "sim/proto/smtp/smtp_loopback.h"
#include "sim/proto/smtp/smtp_server.h"
#include "sim/proto/smtp/smtp_static_policy.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace mailsim;
using namespace mailsim::smtp;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

StaticPolicy make_policy() {
    StaticPolicy policy;
    policy.add_user("bob@hamburger.edu");
    policy.add_user("carol@hamburger.edu");
    policy.add_user("dave@hamburger.edu");
    return policy;
}

Bytes body_of(std::size_t size) {
    Bytes body = "Subject: bench\r\n\r\n";
    while (body.size() < size)
        body += (body.size() % 7 == 0 ? ".leading dot line\r\n" : "Do you like ketchup?\r\n");
    return body;
}

} // namespace

int main(int argc, char** argv) {
    double budget = 2.0;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--seconds") == 0)
            budget = std::atof(argv[i + 1]);

    // 1. Whole sessions through both engines.
    {
        const Bytes body = body_of(2048);
        ServerConfig server_config;
        server_config.hostname = "hamburger.edu";
        ClientConfig client_config;
        client_config.hostname = "crepes.fr";
        std::size_t sessions = 0;
        const auto start = Clock::now();
        while (seconds_since(start) < budget) {
            StaticPolicy policy = make_policy();
            SmtpServer server(server_config, policy);
            SmtpClient client(client_config,
                              {{"alice@crepes.fr",
                                {"bob@hamburger.edu", "carol@hamburger.edu", "dave@hamburger.edu"},
                                body,
                                {}}});
            run_loopback(client, server);
            if (client.results().at(0).recipients.at(2).status != RecipientStatus::Accepted)
                return 1;
            ++sessions;
        }
        const double elapsed = seconds_since(start);
        std::printf("sessions: %.0f complete SMTP sessions/s (2 KB message, 3 recipients, "
                    "pipelined, in memory)\n",
                    static_cast<double>(sessions) / elapsed);
    }

    // 2. Raw server input speed.
    {
        const Bytes wire_body = dot_stuff(body_of(20 * 1024));
        Bytes input = "EHLO crepes.fr\r\n";
        for (int i = 0; i < 1000; ++i)
            input += "MAIL FROM:<alice@crepes.fr>\r\nRCPT TO:<bob@hamburger.edu>\r\nDATA\r\n" +
                     wire_body;
        input += "QUIT\r\n";
        std::size_t rounds = 0, events = 0;
        const auto start = Clock::now();
        while (seconds_since(start) < budget) {
            ServerPolicy policy; // accepts everything, stores nothing
            ServerConfig config;
            config.hostname = "hamburger.edu";
            SmtpServer server(config, policy);
            for (std::size_t pos = 0; pos < input.size(); pos += 65536) {
                server.receive_data(ByteView(input).substr(pos, 65536));
                for (Event e = server.next_event(); !std::holds_alternative<NeedData>(e);
                     e = server.next_event())
                    ++events;
                server.take_output();
            }
            ++rounds;
        }
        const double elapsed = seconds_since(start);
        std::printf("server input: %.1f MB/s of client bytes (1000 x 20 KB messages, 64 KB reads, "
                    "%.0f events/s)\n",
                    static_cast<double>(input.size() * rounds) / elapsed / 1e6,
                    static_cast<double>(events) / elapsed);
    }
    return 0;
}
