// Runs the HTTP conversations in tests/transcripts/http/*.md against the webmail's server
// engine, as the SMTP, POP3 and IMAP engines run theirs.
//
// Each file has prose for people, an ```http block and an ```events block:
//   C: text                  a line from the browser: text + CRLF ("C:" alone: the blank line)
//   C~ text                  bytes from the browser, no CRLF added (\r, \n, \t, \\ escapes)
//   ! respond: CODE REASON | CONTENT-TYPE | BODY   the webmail answers (BODY with escapes)
//   ! eof                    the browser closes its side
//   S: text / S~ text        what the server must have sent, in order (the same way)
// The browser's bytes up to each `!` line are one read; every file is also run with every
// byte a read of its own, and with the whole run split in two at every position: the bytes
// sent and the events block must not change.
#include "sim/proto/http/http_server.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace mailsim;

namespace {

namespace fs = std::filesystem;

struct Step {
    enum class Kind { Send, Respond, Eof } kind;
    std::string bytes;       // Send
    http::Response response; // Respond
};

struct Transcript {
    std::vector<Step> steps;
    std::string expected_output;
    std::vector<std::string> events;
};

std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char next = text[++i];
            out += next == 'r' ? '\r' : next == 'n' ? '\n' : next == 't' ? '\t' : next;
            continue;
        }
        out += text[i];
    }
    return out;
}

std::string trimmed(std::string text) {
    const auto first = text.find_first_not_of(' ');
    const auto last = text.find_last_not_of(' ');
    return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

Transcript read_transcript(const fs::path& path) {
    std::ifstream in(path);
    Transcript t;
    std::string line, block;
    while (std::getline(in, line)) {
        if (line.rfind("```", 0) == 0) {
            block = block.empty() ? line.substr(3) : "";
            continue;
        }
        if (block == "events") {
            t.events.push_back(line);
            continue;
        }
        if (block != "http")
            continue;
        const std::string text = line.size() > 3 ? line.substr(3) : "";
        if (line.rfind("C:", 0) == 0 || line.rfind("C~", 0) == 0) {
            const std::string bytes = line[1] == ':' ? text + "\r\n" : unescape(text);
            if (t.steps.empty() || t.steps.back().kind != Step::Kind::Send)
                t.steps.push_back(Step{Step::Kind::Send, "", {}});
            t.steps.back().bytes += bytes;
        } else if (line.rfind("S:", 0) == 0 || line.rfind("S~", 0) == 0) {
            t.expected_output += line[1] == ':' ? text + "\r\n" : unescape(text);
        } else if (line.rfind("! respond:", 0) == 0) {
            std::stringstream fields(line.substr(10));
            std::string status, type, body;
            std::getline(fields, status, '|');
            std::getline(fields, type, '|');
            std::getline(fields, body);
            status = trimmed(status);
            http::Response response;
            response.status = std::stoi(status.substr(0, status.find(' ')));
            response.reason = status.substr(status.find(' ') + 1);
            response.content_type = trimmed(type);
            response.body = unescape(trimmed(body));
            t.steps.push_back(Step{Step::Kind::Respond, "", response});
        } else if (line == "! eof") {
            t.steps.push_back(Step{Step::Kind::Eof, "", {}});
        }
    }
    return t;
}

std::string describe(const http::ServerEvent& event) {
    if (const auto* request = std::get_if<http::RequestReceived>(&event)) {
        std::string out = "RequestReceived " + request->method + " " + request->target;
        if (!request->query.empty())
            out += " ? " + request->query;
        if (!request->request.body.empty())
            out += " | " + request->request.body;
        return out;
    }
    if (const auto* sent = std::get_if<http::ResponseSent>(&event))
        return "ResponseSent " + sent->status_line + " (" + std::to_string(sent->body_size) +
               " bytes)";
    if (const auto* closed = std::get_if<http::ConnectionClosed>(&event))
        return "ConnectionClosed (" + std::to_string(closed->cut_short) + " bytes cut short)";
    return "?";
}

struct Run {
    std::string output;
    std::vector<std::string> events;
};

// Plays the transcript; `reads` cuts each run of browser bytes into the reads it arrives in.
template <typename Reads>
Run play(const Transcript& t, Reads reads) {
    http::HttpServer server;
    Run run;
    const auto drain = [&] {
        for (auto e = server.next_event(); !needs_data(e); e = server.next_event())
            run.events.push_back(describe(e));
        run.output += server.take_output();
    };
    for (const auto& step : t.steps) {
        switch (step.kind) {
        case Step::Kind::Send:
            for (const auto& piece : reads(step.bytes)) {
                server.receive_data(piece);
                drain();
            }
            break;
        case Step::Kind::Respond:
            server.respond(step.response);
            drain();
            break;
        case Step::Kind::Eof:
            server.receive_eof();
            drain();
            break;
        }
    }
    return run;
}

} // namespace

TEST_CASE("HTTP transcripts: whole, byte by byte and split anywhere, the same bytes and events") {
    const fs::path dir = fs::path(MAILSIM_SOURCE_DIR) / "tests" / "transcripts" / "http";
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".md")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 4);
    for (const auto& file : files) {
        CAPTURE(file.filename().string());
        const Transcript t = read_transcript(file);
        REQUIRE(!t.steps.empty());
        const Run whole = play(t, [](const std::string& b) { return std::vector<Bytes>{b}; });
        CHECK(whole.output == t.expected_output);
        CHECK(whole.events == t.events);
        const Run bytes = play(t, [](const std::string& b) {
            std::vector<Bytes> out;
            for (char c : b)
                out.emplace_back(1, c);
            return out;
        });
        CHECK(bytes.output == whole.output);
        CHECK(bytes.events == whole.events);
        for (std::size_t at = 1; at < 80; ++at) {
            const Run split = play(t, [at](const std::string& b) {
                if (at >= b.size())
                    return std::vector<Bytes>{b};
                return std::vector<Bytes>{b.substr(0, at), b.substr(at)};
            });
            CHECK(split.output == whole.output);
            CHECK(split.events == whole.events);
        }
    }
}
