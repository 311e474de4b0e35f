// Runs the IMAP conversations in tests/transcripts/imap/*.md against the server engine.
//
// Each ```imap block is one session (one connection) on the file's store, so a later block
// sees what an earlier one left on the server. In a block:
//   C: text    the client sends text + CRLF (literal contents are C: lines too)
//   S: text    a line the server must have sent by the time the next C: line goes out
//   C~ text    the client sends text without a line end (a command cut short)
//   ! eof      the client closes its side (FIN): the server must settle, not spin
// The store is imap_test_support.h's fixture: bob/hungry with three messages in INBOX. Every
// block is also fed whole and byte by byte: the bytes must not change.
#include "imap_test_support.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace mailsim;
using namespace imap_test;

namespace {

struct Block {
    int line = 0;
    // Alternating: what the client sends, then what the server must have answered.
    std::vector<std::pair<std::string, std::string>> exchanges;
    bool eof = false; // the block ends with the client's FIN
};

std::vector<Block> read_blocks(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<Block> blocks;
    std::string line;
    bool inside = false;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!inside && line == "```imap") {
            inside = true;
            blocks.push_back(Block{number, {{"", ""}}});
            continue;
        }
        if (inside && line == "```") {
            inside = false;
            continue;
        }
        if (!inside)
            continue;
        auto& exchanges = blocks.back().exchanges;
        if (line.starts_with("C: ") || line == "C:") {
            // A C: line after server lines starts the next exchange; consecutive C: lines
            // (a literal's contents) go out together.
            if (!exchanges.back().second.empty())
                exchanges.emplace_back("", "");
            exchanges.back().first += line.substr(std::min<size_t>(3, line.size())) + "\r\n";
        } else if (line.starts_with("C~ ")) {
            if (!exchanges.back().second.empty())
                exchanges.emplace_back("", "");
            exchanges.back().first += line.substr(3);
        } else if (line == "! eof") {
            blocks.back().eof = true;
        } else if (line.starts_with("S: ") || line == "S:") {
            exchanges.back().second += line.substr(std::min<size_t>(3, line.size())) + "\r\n";
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
    out += server.data_to_send();
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
            imap::ImapServer server(*store);
            std::string input, expected, got;
            drain_output(server, got);
            for (const auto& [send, answer] : block.exchanges) {
                if (!send.empty()) {
                    server.receive_data(send);
                    drain_output(server, got);
                }
                input += send;
                expected += answer;
                CHECK(got == expected);
                if (got != expected)
                    break;
            }
            if (block.eof) {
                server.receive_eof();
                drain_output(server, got);
                CHECK(got == expected);
                CHECK(std::holds_alternative<imap::NeedData>(server.next_event()));
            }
            const Eof eof = block.eof ? Eof::Send : Eof::Keep;
            CHECK(!expected.empty());
            CHECK(run_whole(*twin, input, eof).output == got);
            std::vector<size_t> every;
            for (size_t i = 1; i < input.size(); ++i)
                every.push_back(i);
            CHECK(run_server(*triplet, input, every, eof).output == got);
        }
    }
}
