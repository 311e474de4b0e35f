#pragma once
// Shared helpers for the SMTP suites: drain an engine, feed input split in every way, and a
// policy for the lecture's hamburger.edu.
#include "sim/proto/smtp/smtp_client.h"
#include "sim/proto/smtp/smtp_loopback.h"
#include "sim/proto/smtp/smtp_server.h"
#include "sim/proto/smtp/smtp_static_policy.h"

#include <string>
#include <vector>

namespace mailsim::smtp::testing {

template <class Engine>
std::vector<std::string> drain_described(Engine& engine) {
    std::vector<std::string> out;
    for (;;) {
        Event event = engine.next_event();
        if (std::holds_alternative<NeedData>(event))
            return out;
        out.push_back(describe(event));
    }
}

template <class Engine>
std::vector<Event> drain(Engine& engine) {
    std::vector<Event> out;
    for (;;) {
        Event event = engine.next_event();
        if (std::holds_alternative<NeedData>(event))
            return out;
        out.push_back(std::move(event));
    }
}

inline StaticPolicy hamburger_policy() {
    StaticPolicy policy;
    policy.add_local_domain("hamburger.edu");
    policy.add_user("bob@hamburger.edu", "Bob Burger");
    policy.add_user("carol@hamburger.edu", "Carol Smith");
    policy.add_user("dave@hamburger.edu", "Dave Smith");
    policy.add_list("staff", {"bob@hamburger.edu", "carol@hamburger.edu"});
    return policy;
}

inline ServerConfig classic_server() {
    ServerConfig config;
    config.hostname = "hamburger.edu";
    config.style = TextStyle::Classic;
    return config;
}

inline ServerConfig modern_server() {
    ServerConfig config;
    config.hostname = "hamburger.edu";
    return config;
}

// Everything a server says and reports for `input` fed in the given pieces.
struct ServerRun {
    Bytes output;
    std::vector<std::string> events;
    bool operator==(const ServerRun&) const = default;
};

inline ServerRun run_server_pieces(const ServerConfig& config, StaticPolicy policy,
                                   const std::vector<ByteView>& pieces, bool eof = false) {
    SmtpServer server(config, policy);
    ServerRun run;
    for (auto& e : drain_described(server))
        run.events.push_back(e);
    for (ByteView piece : pieces) {
        server.receive_data(piece);
        for (auto& e : drain_described(server))
            run.events.push_back(e);
    }
    if (eof) {
        server.receive_eof();
        for (auto& e : drain_described(server))
            run.events.push_back(e);
    }
    run.output = server.take_output();
    return run;
}

inline ServerRun run_server(const ServerConfig& config, const StaticPolicy& policy,
                            ByteView input) {
    return run_server_pieces(config, policy, {input});
}

} // namespace mailsim::smtp::testing
