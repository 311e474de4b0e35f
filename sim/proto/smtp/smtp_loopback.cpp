#include "smtp_loopback.h"

namespace mailsim::smtp {

namespace {

template <class Engine>
bool drain(Engine& engine, std::vector<Event>& out) {
    bool any = false;
    for (;;) {
        Event event = engine.next_event();
        if (std::holds_alternative<NeedData>(event))
            return any;
        out.push_back(std::move(event));
        any = true;
    }
}

} // namespace

void append_transcript_lines(std::vector<std::string>& out, std::string_view prefix,
                             ByteView bytes) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t end = bytes.find("\r\n", pos);
        if (end == ByteView::npos) {
            out.push_back(std::string(prefix) + std::string(bytes.substr(pos)));
            return;
        }
        out.push_back(std::string(prefix) + std::string(bytes.substr(pos, end - pos)));
        pos = end + 2;
    }
}

std::string join_transcript(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

LoopbackRun run_loopback(SmtpClient& client, SmtpServer& server) {
    LoopbackRun run;
    bool client_saw_eof = false, server_saw_eof = false;
    for (int round = 0; round < 1'000'000; ++round) {
        bool progress = drain(server, run.server_events);
        if (Bytes out = server.take_output(); !out.empty()) {
            append_transcript_lines(run.transcript, "S: ", out);
            client.receive_data(out);
            progress = true;
        }
        progress = drain(client, run.client_events) || progress;
        if (Bytes out = client.take_output(); !out.empty()) {
            append_transcript_lines(run.transcript, "C: ", out);
            server.receive_data(out);
            progress = true;
        }
        if (server.is_closed() && !server.has_output() && !client_saw_eof) {
            client.receive_eof();
            client_saw_eof = true;
            progress = true;
        }
        if (client.is_closed() && !client.has_output() && !server_saw_eof) {
            server.receive_eof();
            server_saw_eof = true;
            progress = true;
        }
        if (!progress)
            break;
    }
    return run;
}

} // namespace mailsim::smtp
