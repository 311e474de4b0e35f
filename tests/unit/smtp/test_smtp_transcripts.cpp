// Runs every conversation in tests/transcripts/smtp/*.md against the server engine: the
// server must say exactly the S: lines at each point, produce the listed events in order, and
// behave identically when the client's bytes arrive all at once or one byte at a time.
#include "smtp_test_support.h"
#include "transcript_file.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace mailsim;
using namespace mailsim::smtp;
using namespace mailsim::smtp::testing;

namespace {

enum class Feeding { AsWritten, Coalesced, ByteByByte };

// Feeds the transcript's input to `engine` (a server, or a client with role: client) and
// compares what it sends with the expected lines at the end of each group.
template <class Engine>
ServerRun run_engine(Engine& server, const TranscriptFile& file, Feeding feeding,
                     std::vector<std::string>* problems) {
    ServerRun run;
    Bytes expected;
    auto drain_into = [&] {
        for (auto& e : drain_described(server))
            run.events.push_back(e);
        run.output += server.take_output();
    };
    drain_into();
    Bytes pending; // coalesced sends waiting for the next non-send step
    auto flush = [&] {
        if (pending.empty())
            return;
        if (feeding == Feeding::ByteByByte) {
            for (char c : pending) {
                server.receive_data(ByteView(&c, 1));
                drain_into();
            }
        } else {
            server.receive_data(pending);
            drain_into();
        }
        pending.clear();
    };
    for (std::size_t i = 0; i < file.steps.size(); ++i) {
        const TranscriptStep& step = file.steps[i];
        switch (step.kind) {
        case TranscriptStep::Kind::Send:
            pending += step.bytes;
            if (feeding == Feeding::AsWritten)
                flush();
            break;
        case TranscriptStep::Kind::Expect: {
            expected += step.bytes;
            if (feeding != Feeding::AsWritten || !problems)
                break;
            const bool group_end = i + 1 == file.steps.size() ||
                                   file.steps[i + 1].kind != TranscriptStep::Kind::Expect;
            if (group_end && run.output != expected)
                problems->push_back(file.name + ":" + std::to_string(step.line) +
                                    ": the engine said\n" + run.output + "\nexpected\n" + expected);
            break;
        }
        case TranscriptStep::Kind::Eof:
            flush();
            server.receive_eof();
            drain_into();
            break;
        case TranscriptStep::Kind::Timeout:
            flush();
            server.on_timeout();
            drain_into();
            break;
        }
    }
    flush();
    if (problems && run.output != expected)
        problems->push_back(file.name + ": at the end the engine said\n" + run.output +
                            "\nexpected\n" + expected);
    return run;
}

ServerRun run_file(const TranscriptFile& file, Feeding feeding,
                   std::vector<std::string>* problems) {
    if (file.role == TranscriptRole::Client) {
        SmtpClient client(file.client, file.messages);
        return run_engine(client, file, feeding, problems);
    }
    StaticPolicy policy = file.policy;
    SessionInfo session;
    session.client_address = file.client_address;
    SmtpServer server(file.config, policy, session);
    return run_engine(server, file, feeding, problems);
}

std::vector<std::filesystem::path> transcript_paths() {
    std::vector<std::filesystem::path> paths;
    const auto dir = std::filesystem::path(MAILSIM_SOURCE_DIR) / "tests/transcripts/smtp";
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".md")
            paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    return paths;
}

} // namespace

TEST_CASE("SMTP conversations in tests/transcripts/smtp") {
    const auto paths = transcript_paths();
    CHECK(paths.size() >= 10);
    for (const auto& path : paths) {
        const std::string name = path.filename().string();
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        const TranscriptFile file = parse_transcript_file(name, text.str());
        SUBCASE(name.c_str()) {
            INFO(name);
            CHECK(file.errors.empty());
            for (const auto& error : file.errors)
                MESSAGE(error);
            CHECK_FALSE(file.steps.empty());

            std::vector<std::string> problems;
            const ServerRun written = run_file(file, Feeding::AsWritten, &problems);
            for (const auto& problem : problems)
                FAIL_CHECK(problem);

            // Events listed in the file occur in this order.
            std::size_t at = 0;
            bool all_found = true;
            for (const auto& wanted : file.expected_events) {
                const bool prefix = !wanted.empty() && wanted.back() == '*';
                const std::string stem = prefix ? wanted.substr(0, wanted.size() - 1) : wanted;
                while (
                    at < written.events.size() &&
                    !(prefix ? written.events[at].rfind(stem, 0) == 0 : written.events[at] == stem))
                    ++at;
                CHECK_MESSAGE(at < written.events.size(), "event not found in order: " << wanted);
                all_found = all_found && at < written.events.size();
                if (at < written.events.size())
                    ++at;
            }

            if (!all_found) {
                std::string all;
                for (const auto& e : written.events)
                    all += e + "\n";
                MESSAGE("events were:\n" << all);
            }

            // The read boundaries must not matter.
            CHECK(run_file(file, Feeding::Coalesced, nullptr) == written);
            CHECK(run_file(file, Feeding::ByteByByte, nullptr) == written);
        }
    }
}
