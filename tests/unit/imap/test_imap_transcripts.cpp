// Runs the IMAP conversations in tests/transcripts/imap/*.md against the server engine.
//
// Each ```imap block is one session (one connection) on the file's store, so a later block
// sees what an earlier one left on the server. In a block:
//   C: text    the client sends text + CRLF (literal contents are C: lines too)
//   S: text    a line the server must have sent by the time the next C: line goes out
//   C~ text    the client sends text without a line end (a command cut short)
//   ! eof      the client closes its side (FIN): the server must settle, not spin
//   C2: S2: C2~  the same for a second connection open at the same time (same store): after
//              every C line both sessions must have sent what the S and S2 lines above say,
//              so a transcript shows what one session sees of the other's work, and when.
// A block fenced ```imap extended runs the server as `mailsim serve` does for real clients
// (ServerConfig::extensions: UIDPLUS, MOVE, IDLE, ...); plain ```imap is the RFC 3501 server
// of the lectures. The store is imap_test_support.h's fixture: bob/hungry with three messages
// in INBOX. Every block is also fed whole and byte by byte: the bytes must not change.
#include "imap_test_support.h"

#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

using namespace mailsim;
using namespace imap_test;

namespace {

constexpr std::size_t kSessions = 2;

struct Exchange {
    std::size_t session = 0;                    // who sends `send`
    std::string send;                           // what that client sends
    std::array<std::string, kSessions> answers; // what each server must have written after it
};

struct Block {
    int line = 0;
    bool extended = false;           // ServerConfig::extensions on
    std::vector<Exchange> exchanges; // the first one sends nothing: the greetings
    bool eof = false;                // the block ends with the first client's FIN
    std::size_t sessions = 1;

    imap::ServerConfig config() const {
        imap::ServerConfig config;
        config.extensions = extended;
        return config;
    }
};

// "C2: " -> session 1 (0-based), "C: " -> session 0; the prefix length through the space.
bool prefix(const std::string& line, char kind, std::size_t& session, std::size_t& skip,
            char separator = ':') {
    if (line.size() < 2 || line[0] != kind)
        return false;
    std::size_t at = 1;
    session = 0;
    if (line[at] == '2') {
        session = 1;
        ++at;
    }
    if (at >= line.size() || line[at] != separator)
        return false;
    if (at + 1 == line.size()) {
        skip = at + 1;
        return separator == ':'; // "C:" / "S:" alone: an empty line
    }
    if (line[at + 1] != ' ')
        return false;
    skip = at + 2;
    return true;
}

std::vector<Block> read_blocks(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<Block> blocks;
    std::string line;
    bool inside = false;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!inside && (line == "```imap" || line == "```imap extended")) {
            inside = true;
            blocks.push_back(Block{number, line == "```imap extended", {Exchange{}}});
            continue;
        }
        if (inside && line == "```") {
            inside = false;
            continue;
        }
        if (!inside)
            continue;
        Block& block = blocks.back();
        auto& exchanges = block.exchanges;
        std::size_t session = 0, skip = 0;
        // A C line after server lines, or from the other client, starts the next exchange;
        // consecutive C lines of one client (a literal's contents) go out together.
        auto next_exchange = [&](std::size_t who) {
            const Exchange& last = exchanges.back();
            const bool answered = std::any_of(last.answers.begin(), last.answers.end(),
                                              [](const std::string& a) { return !a.empty(); });
            if (answered || last.session != who || exchanges.size() == 1)
                exchanges.push_back(Exchange{who, "", {}});
            block.sessions = std::max(block.sessions, who + 1);
        };
        if (prefix(line, 'C', session, skip)) {
            next_exchange(session);
            exchanges.back().send += line.substr(skip) + "\r\n";
        } else if (prefix(line, 'C', session, skip, '~')) {
            next_exchange(session);
            exchanges.back().send += line.substr(skip);
        } else if (line == "! eof") {
            block.eof = true;
        } else if (prefix(line, 'S', session, skip)) {
            exchanges.back().answers[session] += line.substr(skip) + "\r\n";
            block.sessions = std::max(block.sessions, session + 1);
        }
    }
    return blocks;
}

// Bounded: an engine that never settles on NeedData (a livelock at EOF) fails the test
// instead of hanging it.
void drain_output(imap::ImapServer& server, std::string& out) {
    int events = 0;
    while (!std::holds_alternative<imap::NeedData>(server.next_event()))
        if (++events > 100000) {
            FAIL("the server never asks for more data");
            break;
        }
    out += server.take_output();
}

enum class Split { Whole, ByteByByte };

// Plays a block's exchanges in their order, each client's input whole or a byte at a time;
// returns what each server wrote. With `check`, compares after every exchange.
std::array<std::string, kSessions> play(const Block& block, store::Store& store, Split split,
                                        bool check) {
    std::vector<std::unique_ptr<imap::ImapServer>> servers;
    std::array<std::string, kSessions> got, expected;
    for (std::size_t i = 0; i < block.sessions; ++i)
        servers.push_back(std::make_unique<imap::ImapServer>(store, block.config()));
    // Until all are quiet: one session's command (run inside its next_event()) may give an
    // idling session something to push, as the world's ImapSession pumps on a store change.
    auto drain_all = [&] {
        for (bool more = true; more;) {
            more = false;
            for (std::size_t i = 0; i < servers.size(); ++i) {
                const std::size_t before = got[i].size();
                drain_output(*servers[i], got[i]);
                more = more || got[i].size() != before;
            }
        }
    };
    drain_all();
    for (const Exchange& exchange : block.exchanges) {
        imap::ImapServer& server = *servers[exchange.session];
        if (split == Split::Whole && !exchange.send.empty()) {
            server.receive_data(exchange.send);
            drain_all();
        } else {
            for (char c : exchange.send) {
                server.receive_data(std::string(1, c));
                drain_all();
            }
        }
        for (std::size_t i = 0; i < kSessions; ++i)
            expected[i] += exchange.answers[i];
        if (!check)
            continue;
        bool same = true;
        for (std::size_t i = 0; i < kSessions; ++i) {
            INFO("session " << i + 1);
            CHECK(got[i] == expected[i]);
            same = same && got[i] == expected[i];
        }
        if (!same)
            break;
    }
    if (block.eof) {
        servers[0]->receive_eof();
        drain_all();
        if (check) {
            CHECK(got[0] == expected[0]);
            CHECK(std::holds_alternative<imap::NeedData>(servers[0]->next_event()));
        }
    }
    if (check)
        CHECK(!expected[0].empty());
    return got;
}

} // namespace

TEST_CASE("IMAP transcripts in tests/transcripts/imap") {
    const auto folder = std::filesystem::path(MAILSIM_SOURCE_DIR) / "tests/transcripts/imap";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.path().extension() == ".md")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 2);
    for (const auto& file : files) {
        auto store = make_store();
        auto twin = make_store(); // the same sessions fed whole and byte by byte
        auto triplet = make_store();
        for (const Block& block : read_blocks(file)) {
            INFO(file.filename().string() << " block at line " << block.line);
            const auto got = play(block, *store, Split::Whole, true);
            if (block.sessions > 1) {
                // Two clients: the order of their exchanges is the story; each one's bytes
                // go in a byte at a time.
                CHECK(play(block, *twin, Split::ByteByByte, false) == got);
                (void)play(block, *triplet, Split::Whole, false); // keep the stores alike
                continue;
            }
            std::string input;
            for (const auto& exchange : block.exchanges)
                input += exchange.send;
            const Eof eof = block.eof ? Eof::Send : Eof::Keep;
            CHECK(run_server(*twin, input, {}, eof, block.config()).output == got[0]);
            std::vector<size_t> every;
            for (size_t i = 1; i < input.size(); ++i)
                every.push_back(i);
            CHECK(run_server(*triplet, input, every, eof, block.config()).output == got[0]);
        }
    }
}
