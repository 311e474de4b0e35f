#include "pop3_test_util.h"

#include "sim/core/overloaded.h"

#include <doctest/doctest.h>

#include <sstream>

namespace pop3_test {

std::string sized_message(const std::string& subject, const std::string& marker, size_t size) {
    std::string message = "From: alice@crepes.fr\r\nTo: bob@someschool.edu\r\nSubject: " + subject +
                          "\r\n\r\n" + marker + "\r\n";
    REQUIRE(message.size() + 3 <= size);
    // Filler lines of 60 octets (62 with CRLF) while more than 64 remain; then one last line
    // takes the remaining 3..64 octets, so no 1- or 2-octet remainder can occur.
    while (size - message.size() > 64)
        message += std::string(60, 'x') + "\r\n";
    message += std::string(size - message.size() - 2, 'z') + "\r\n";
    REQUIRE(message.size() == size);
    return message;
}

void add_lecture_users(store::Store& store) {
    REQUIRE(store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}}).ok());
    REQUIRE(store.add_user({"alice", "crepes", "alice@crepes.fr", "Alice", {}}).ok());
    REQUIRE(store.deliver("bob", sized_message("message 1", "<message 1 contents>", 498), kMinute)
                .ok());
    REQUIRE(
        store.deliver("bob", sized_message("message 2", "<message 2 contents>", 912), 2 * kMinute)
            .ok());
}

namespace {

std::string status_text(pop3::ReplyStatus status) {
    return status == pop3::ReplyStatus::Ok ? "ok" : "err";
}

std::string reason_text(pop3::EndReason reason) {
    switch (reason) {
    case pop3::EndReason::Quit:
        return "quit";
    case pop3::EndReason::PeerClosed:
        return "peer-closed";
    case pop3::EndReason::Timeout:
        return "timeout";
    }
    return "?";
}

} // namespace

std::string describe(const pop3::ServerEvent& event) {
    using namespace pop3;
    return std::visit(
        Overloaded{
            [](const NeedData&) { return std::string("need-data"); },
            [](const CommandReceived& e) {
                return "command " + std::string(command_name(e.command)) + " [" + e.argument +
                       "] " + e.key;
            },
            [](const ReplySent& e) {
                return "reply " + status_text(e.status) + " \"" + e.status_line +
                       "\" lines=" + std::to_string(e.body_lines) + " " + e.key;
            },
            [](const StateChanged& e) {
                return "state " + std::string(state_name(e.from)) + " -> " +
                       std::string(state_name(e.to)) + " " + e.key;
            },
            [](const UpdateCommitted& e) {
                std::string ids;
                for (auto id : e.deleted)
                    ids += (ids.empty() ? "" : ",") + std::to_string(id);
                return "update deleted=[" + ids + "] failed=" + std::to_string(e.failed);
            },
            [](const TimerRequested& e) { return "timer " + format_sim_time(e.after, false); },
            [](const ConnectionClosed& e) { return "closed " + reason_text(e.reason); },
            [](const ProtocolViolation& e) { return "violation " + e.key + ": " + e.what; },
        },
        event);
}

std::string describe(const pop3::ClientEvent& event) {
    using namespace pop3;
    return std::visit(
        Overloaded{
            [](const NeedData&) { return std::string("need-data"); },
            [](const CommandSent& e) { return "sent \"" + e.line + "\" " + e.key; },
            [](const ReplyReceived& e) {
                return "reply " + status_text(e.status) + " \"" + e.status_line +
                       "\" lines=" + std::to_string(e.body.size()) + " " + e.key;
            },
            [](const StateChanged& e) {
                return "state " + std::string(state_name(e.from)) + " -> " +
                       std::string(state_name(e.to));
            },
            [](const MessageRetrieved& e) {
                return "message " + std::to_string(e.number) + " uid=" + e.uid +
                       " size=" + std::to_string(e.content.size());
            },
            [](const SessionFinished& e) {
                return "finished " + std::to_string(static_cast<int>(e.result)) +
                       " retrieved=" + std::to_string(e.retrieved) +
                       " deleted=" + std::to_string(e.deleted) + " \"" + e.detail + "\"";
            },
            [](const ProtocolViolation& e) { return "violation " + e.key + ": " + e.what; },
        },
        event);
}

void drain(pop3::Pop3Server& server, ServerRun& run) {
    for (;;) {
        auto event = server.next_event();
        if (std::holds_alternative<pop3::NeedData>(event))
            break;
        run.events.push_back(describe(event));
    }
    run.output += server.take_output();
}

ServerRun run_server(store::Store& store, const pop3::ServerConfig& config,
                     const std::vector<std::string>& chunks, bool eof) {
    pop3::Pop3Server server(store, config);
    ServerRun run;
    drain(server, run);
    for (const auto& chunk : chunks) {
        server.receive_data(chunk);
        drain(server, run);
    }
    if (eof) {
        server.receive_eof();
        drain(server, run);
    }
    return run;
}

namespace {

void append_lines(std::string& out, const std::string& prefix, const std::string& bytes) {
    size_t start = 0;
    while (start < bytes.size()) {
        size_t end = bytes.find("\r\n", start);
        if (end == std::string::npos) {
            out += prefix + bytes.substr(start) + "\n";
            break;
        }
        out += prefix + bytes.substr(start, end - start) + "\n";
        start = end + 2;
    }
}

} // namespace

std::string transcript(store::Store& store, const pop3::ServerConfig& config,
                       const std::vector<std::string>& commands) {
    pop3::Pop3Server server(store, config);
    ServerRun run;
    std::string out;
    drain(server, run);
    append_lines(out, "S: ", run.output);
    for (const auto& command : commands) {
        out += "C: " + command + "\n";
        run.output.clear();
        server.receive_data(command + "\r\n");
        drain(server, run);
        append_lines(out, "S: ", run.output);
    }
    return out;
}

PairRun run_pair(pop3::Pop3Server& server, pop3::Pop3Client& client,
                 const std::function<bool(size_t)>& drop_after) {
    PairRun run;
    size_t commands = 0;
    bool dropped = false;
    for (int round = 0; round < 10000; ++round) {
        bool progress = false;
        for (;;) {
            auto event = server.next_event();
            if (std::holds_alternative<pop3::NeedData>(event))
                break;
            run.server_events.push_back(describe(event));
            progress = true;
        }
        const std::string to_client = server.take_output();
        if (!to_client.empty() && !dropped) {
            append_lines(run.transcript, "S: ", to_client);
            client.receive_data(to_client);
            progress = true;
        }
        for (;;) {
            auto event = client.next_event();
            if (std::holds_alternative<pop3::NeedData>(event))
                break;
            run.client_events.push_back(describe(event));
            if (auto* sent = std::get_if<pop3::CommandSent>(&event))
                (void)sent, ++commands;
            if (auto* message = std::get_if<pop3::MessageRetrieved>(&event))
                run.messages.push_back(*message);
            if (auto* done = std::get_if<pop3::SessionFinished>(&event))
                run.finished = *done;
            progress = true;
        }
        const std::string to_server = client.take_output();
        if (!dropped && drop_after && drop_after(commands)) {
            dropped = true;
            server.receive_eof();
            client.receive_eof();
            progress = true;
            continue;
        }
        if (!to_server.empty() && !dropped) {
            append_lines(run.transcript, "C: ", to_server);
            server.receive_data(to_server);
            progress = true;
        }
        if (client.finished() && server.state() == pop3::State::Closed && !progress)
            break;
        if (!progress)
            break;
    }
    run.client_finished = client.finished();
    return run;
}

} // namespace pop3_test
