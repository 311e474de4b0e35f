// Runs the POP3 conversations in tests/transcripts/pop3/*.md against the server engine.
//
// Each file has prose for people, a ```pop3 block and an ```events block:
//   ! style: classic|modern   ! host: name   ! apop: <timestamp>   ! fixture: small|lecture
//   ! locked: login            another session holds this maildrop from the start
//   C: text                    one read from the client: text + CRLF ({{x*N}} repeats x N times)
//   C~ text                    one read of exactly text, no CRLF added (\r and \n escapes)
//   S: text                    one line the server must have sent by now
//   ! eof / ! timeout          the client closes / the autologout timer fires, here
// The events block lists every server event except timer requests, in order.
// Each file is also fed whole and byte by byte: the bytes and events must not change.
#include "pop3_test_util.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

using namespace mailsim;
using namespace pop3_test;

namespace {

struct Step {
    enum class Kind { Send, Expect, Eof, Timeout } kind;
    std::string bytes;
    int line = 0;
};

struct Transcript {
    pop3::ServerConfig config;
    std::string fixture = "small";
    std::optional<std::string> locked;
    std::vector<Step> steps;
    std::vector<std::string> events;
    std::vector<std::string> errors;
};

std::string expand(const std::string& text, bool escapes) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "{{") == 0) {
            const size_t star = text.find('*', i);
            const size_t end = text.find("}}", i);
            if (star != std::string::npos && end != std::string::npos && star < end) {
                const std::string unit = text.substr(i + 2, star - i - 2);
                const int count = std::stoi(text.substr(star + 1, end - star - 1));
                for (int n = 0; n < count; ++n)
                    out += unit;
                i = end + 1;
                continue;
            }
        }
        if (escapes && text[i] == '\\' && i + 1 < text.size()) {
            const char next = text[i + 1];
            if (next == 'r' || next == 'n' || next == '\\') {
                out += next == 'r' ? '\r' : next == 'n' ? '\n' : '\\';
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

Transcript parse(const std::string& text) {
    Transcript t;
    t.config.host_name = "pop.someschool.edu";
    std::istringstream in(text);
    std::string line;
    std::string block;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.rfind("```", 0) == 0) {
            block = block.empty() ? line.substr(3) : "";
            continue;
        }
        if (block == "events") {
            if (!line.empty())
                t.events.push_back(line);
            continue;
        }
        if (block != "pop3" || line.empty())
            continue;
        if (line == "! eof") {
            t.steps.push_back({Step::Kind::Eof, "", number});
        } else if (line == "! timeout") {
            t.steps.push_back({Step::Kind::Timeout, "", number});
        } else if (line.rfind("! ", 0) == 0) {
            const size_t colon = line.find(": ");
            const std::string key = line.substr(2, colon - 2);
            const std::string value = colon == std::string::npos ? "" : line.substr(colon + 2);
            if (key == "style" && (value == "classic" || value == "modern"))
                t.config.style =
                    value == "classic" ? pop3::TextStyle::Classic : pop3::TextStyle::Modern;
            else if (key == "host")
                t.config.host_name = value;
            else if (key == "apop")
                t.config.apop_timestamp = value;
            else if (key == "fixture" && (value == "small" || value == "lecture"))
                t.fixture = value;
            else if (key == "locked")
                t.locked = value;
            else
                t.errors.push_back("line " + std::to_string(number) + ": bad directive");
        } else if (line.rfind("C: ", 0) == 0) {
            t.steps.push_back({Step::Kind::Send, expand(line.substr(3), false) + "\r\n", number});
        } else if (line == "C:") {
            t.steps.push_back({Step::Kind::Send, "\r\n", number});
        } else if (line.rfind("C~ ", 0) == 0) {
            t.steps.push_back({Step::Kind::Send, expand(line.substr(3), true), number});
        } else if (line.rfind("S: ", 0) == 0 || line == "S:") {
            t.steps.push_back(
                {Step::Kind::Expect, (line.size() > 3 ? line.substr(3) : "") + "\r\n", number});
        } else {
            t.errors.push_back("line " + std::to_string(number) + ": not C:, S: or !");
        }
    }
    return t;
}

void fill(store::Store& store, const std::string& fixture) {
    if (fixture == "lecture") {
        add_lecture_users(store);
        return;
    }
    REQUIRE(store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}}).ok());
    REQUIRE(store.add_user({"mrose", "tanstaaf", "mrose@dbc.mtview.ca.us", "", {}}).ok());
    REQUIRE(store.deliver("bob", "Subject: one\r\n\r\nHello Bob\r\n", 1).ok());
    REQUIRE(store.deliver("bob", "Subject: dots\r\n\r\n.hidden\r\n..two\r\n.\r\nend\r\n", 2).ok());
    REQUIRE(store.deliver("bob", "Subject: lf\n\nline one\nline two", 3).ok());
    REQUIRE(store.deliver("mrose", "Subject: hi\r\n\r\nHello Marshall\r\n", 4).ok());
}

std::vector<std::string> without_timers(const std::vector<std::string>& events) {
    std::vector<std::string> out;
    for (const auto& event : events)
        if (event.rfind("timer ", 0) != 0)
            out.push_back(event);
    return out;
}

// Runs the steps with the given reads (nullopt: as the file says); returns bytes and events.
ServerRun run(const Transcript& t, const std::vector<std::string>* reads) {
    store::Store store;
    fill(store, t.fixture);
    std::optional<store::MailboxLock> holder;
    if (t.locked) {
        auto lock = store.lock(*t.locked);
        REQUIRE(lock.ok());
        holder.emplace(std::move(lock.value()));
    }
    ServerRun result;
    {
        pop3::Pop3Server server(store, t.config);
        drain(server, result);
        if (reads) {
            for (const auto& read : *reads) {
                server.receive_data(read);
                drain(server, result);
            }
        }
        for (const auto& step : t.steps) {
            if (step.kind == Step::Kind::Send && !reads) {
                server.receive_data(step.bytes);
                drain(server, result);
            } else if (step.kind == Step::Kind::Eof) {
                server.receive_eof();
                drain(server, result);
            } else if (step.kind == Step::Kind::Timeout) {
                server.on_timeout();
                drain(server, result);
            }
        }
    }
    // The session is over (its object is gone): only the other holder, if any, has a lock.
    for (const auto& login : store.logins())
        CHECK(store.is_locked(login) == (t.locked && *t.locked == login));
    return result;
}

} // namespace

TEST_CASE("POP3 transcripts in tests/transcripts/pop3") {
    const std::filesystem::path dir =
        std::filesystem::path(MAILSIM_SOURCE_DIR) / "tests/transcripts/pop3";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".md")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 8);
    for (const auto& file : files) {
        SUBCASE(file.filename().string().c_str()) {
            std::ifstream in(file);
            std::stringstream text;
            text << in.rdbuf();
            const Transcript t = parse(text.str());
            CHECK(t.errors.empty());
            REQUIRE_FALSE(t.steps.empty());
            REQUIRE_FALSE(t.events.empty());

            // Step by step: each S: line must have been sent by the time it is listed.
            const ServerRun stepped = run(t, nullptr);
            {
                // Re-run with expectations interleaved: output so far must match at each S:.
                store::Store store;
                fill(store, t.fixture);
                std::optional<store::MailboxLock> holder;
                if (t.locked)
                    holder.emplace(std::move(store.lock(*t.locked).value()));
                pop3::Pop3Server server(store, t.config);
                ServerRun live;
                drain(server, live);
                size_t consumed = 0;
                for (const auto& step : t.steps) {
                    INFO(file.filename().string() << ":" << step.line);
                    switch (step.kind) {
                    case Step::Kind::Send:
                        server.receive_data(step.bytes);
                        drain(server, live);
                        break;
                    case Step::Kind::Eof:
                        server.receive_eof();
                        drain(server, live);
                        break;
                    case Step::Kind::Timeout:
                        server.on_timeout();
                        drain(server, live);
                        break;
                    case Step::Kind::Expect:
                        CHECK(live.output.substr(consumed, step.bytes.size()) == step.bytes);
                        consumed += step.bytes.size();
                        break;
                    }
                }
                INFO(file.filename().string() << ": unexpected extra output");
                CHECK(live.output.substr(std::min(consumed, live.output.size())) == "");
            }
            CHECK(without_timers(stepped.events) == t.events);

            // Whole and byte by byte (only when no timer fires mid-way).
            const bool timed = std::any_of(t.steps.begin(), t.steps.end(), [](const Step& s) {
                return s.kind == Step::Kind::Timeout;
            });
            if (!timed) {
                std::string all;
                for (const auto& step : t.steps)
                    if (step.kind == Step::Kind::Send)
                        all += step.bytes;
                const std::vector<std::string> whole_reads{all};
                std::vector<std::string> byte_reads;
                for (char c : all)
                    byte_reads.emplace_back(1, c);
                const ServerRun whole = run(t, &whole_reads);
                const ServerRun bytes = run(t, &byte_reads);
                CHECK(whole.output == stepped.output);
                CHECK(bytes.output == stepped.output);
                CHECK(whole.events == stepped.events);
                CHECK(bytes.events == stepped.events);
            }
        }
    }
}
