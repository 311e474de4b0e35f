// `mailsim serve --state DIR` at start-up, against damaged files: a flipped byte in the store
// log loses that record only (reported with its offset, the log moved aside, never cut); a
// garbage log is kept aside byte for byte; a log that cannot be read stops the start and is
// left alone; a bad queue file is reported as file:line: message, without a loop. What was
// restored is in the trace too, so the world's view (a fold over it) shows it.
#include "ui/cli/serve/default_world.h"
#include "ui/cli/serve/state_dir.h"

#include "sim/store/store.h"
#include "sim/world/world.h"
#include "sim/world/world_view.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace mailsim;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<world::World> fresh_world() {
    auto scenario = world::parse_scenario(serve::default_world_text(), "serve-default");
    REQUIRE(scenario);
    serve::add_real_client(*scenario);
    auto created = world::World::create(*scenario);
    REQUIRE(created);
    return std::move(*created);
}

struct TempDir {
    fs::path path;
    TempDir() {
        path =
            fs::temp_directory_path() / ("mailsim-state-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::remove_all(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

void spit(const fs::path& path, const std::string& data) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

const char* kHost = "mail.hamburger.edu";

std::vector<std::string> inbox_subjects(world::World& w) {
    std::vector<std::string> out;
    for (const auto& m : w.store_of(kHost)->mailbox("bob")->inbox().messages())
        out.push_back(m.raw->substr(0, m.raw->find("\r\n")));
    return out;
}

// Opens DIR on a fresh world; the notes it printed go to `notes`.
std::unique_ptr<serve::StateDir> open(const TempDir& dir, world::World& w,
                                      std::vector<std::string>& notes) {
    auto state = serve::StateDir::open(dir.path.string(), w, notes);
    REQUIRE(state);
    return std::move(*state);
}

bool any_note(const std::vector<std::string>& notes, const std::string& part) {
    for (const auto& n : notes)
        if (n.find(part) != std::string::npos)
            return true;
    return false;
}

// Three messages for bob, written and synced.
void three_messages(const TempDir& dir) {
    auto w = fresh_world();
    std::vector<std::string> notes;
    auto state = open(dir, *w, notes);
    for (int i = 1; i <= 3; ++i)
        REQUIRE(w->store_of(kHost)->deliver(
            "bob",
            "Subject: m" + std::to_string(i) + "\r\n\r\n" + std::string(200, 'a' + i) + "\r\n", i));
    std::string error;
    REQUIRE(state->sync(error));
}

} // namespace

TEST_CASE("state dir: a flipped byte in the message text loses that message only") {
    TempDir dir;
    three_messages(dir);
    const fs::path log = dir.path / "mail.hamburger.edu.log";
    std::string bytes = slurp(log);
    const std::size_t in_second = bytes.find(std::string(50, 'c'));
    REQUIRE(in_second != std::string::npos);
    bytes[in_second] = 'X';
    spit(log, bytes);

    auto w = fresh_world();
    std::vector<std::string> notes;
    auto state = open(dir, *w, notes);
    CHECK(inbox_subjects(*w) == std::vector<std::string>{"Subject: m1", "Subject: m3"});
    CHECK(any_note(notes, "bytes skipped (checksum or frame header damaged"));
    CHECK(any_note(notes, "kept as " + log.string() + ".damaged"));
    // Nothing was cut: the log as it was is there byte for byte.
    CHECK(slurp(log.string() + ".damaged") == bytes);
    // The new log is whole, and the server appends to it.
    REQUIRE(w->store_of(kHost)->deliver("bob", "Subject: m4\r\n\r\nx\r\n", 9));
    std::string error;
    REQUIRE(state->sync(error));
    state.reset();
    auto again = fresh_world();
    notes.clear();
    auto reopened = open(dir, *again, notes);
    CHECK(inbox_subjects(*again) ==
          std::vector<std::string>{"Subject: m1", "Subject: m3", "Subject: m4"});
    CHECK_FALSE(any_note(notes, "skipped"));
}

TEST_CASE("state dir: the world's view shows the restored mailboxes before anything happens") {
    // The view is a fold over the trace, and a store filled by replay tells no observer:
    // mailsim-gui --serve --state showed INBOX (0) until a live change came.
    TempDir dir;
    three_messages(dir);
    auto w = fresh_world();
    std::vector<std::string> notes;
    auto state = open(dir, *w, notes);
    const world::WorldView& view = w->view();
    const auto& folders = view.mailboxes.at("bob@hamburger.edu").folders;
    REQUIRE(folders.at("INBOX").size() == 3);
    CHECK(folders.at("INBOX")[0].subject == "m1");
    CHECK(folders.at("INBOX")[2].subject == "m3");
    CHECK(w->trace()[0].reason == "restored");
}

TEST_CASE("state dir: a garbage log or a huge size is kept aside, never cut to nothing") {
    for (const std::string& garbage :
         {std::string("\x7f\x45\x4c\x46 not a log at all\n"),
          std::string("message-added login=bob folder=INBOX id=1 uid=1 date=0 flags= "
                      "reason=delivered copied-from=0 size=18446744073709551615\nabc\n")}) {
        TempDir dir;
        fs::create_directories(dir.path);
        spit(dir.path / "world", "serve-default\n");
        spit(dir.path / "mail.hamburger.edu.log", garbage);
        auto w = fresh_world();
        std::vector<std::string> notes;
        auto state = open(dir, *w, notes);
        CHECK(inbox_subjects(*w).empty());
        CHECK(any_note(notes, "offset 0: " + std::to_string(garbage.size()) + " bytes skipped"));
        CHECK(slurp(dir.path / "mail.hamburger.edu.log.damaged") == garbage);
    }
}

TEST_CASE("state dir: a log that cannot be read stops the start and is left alone") {
    TempDir dir;
    fs::create_directories(dir.path / "mail.hamburger.edu.log"); // a folder: read() fails
    spit(dir.path / "world", "serve-default\n");
    auto w = fresh_world();
    std::vector<std::string> notes;
    auto state = serve::StateDir::open(dir.path.string(), *w, notes);
    REQUIRE_FALSE(state);
    CHECK(state.error().message.find("mail.hamburger.edu.log") != std::string::npos);
    CHECK(state.error().message.find("cannot be read") != std::string::npos);
    CHECK(fs::is_directory(dir.path / "mail.hamburger.edu.log"));
}

TEST_CASE("state dir: a bad queue file is reported as file:line: message") {
    const std::string good = "entry host=mail.hamburger.edu from=a@b.example "
                             "rcpts=bob@hamburger.edu size=5\nHello\n";
    struct Case {
        std::string queue;
        std::string error;
    };
    for (const Case& c : std::vector<Case>{
             {good + "entry host=mail.hamburger.edu from=a rcpts=x size=abc\nx\n",
              "queue:3: size=abc is not a byte count"},
             {"entry host=mail.hamburger.edu from=a rcpts=x size=123456789012345678901\nx\n",
              "queue:1: size=123456789012345678901 is not a byte count"},
             {"entry host=mail%ZZ from=a rcpts=x size=1\nx\n",
              "queue:1: bad %-escape in host= or from="},
             {"entry host=mail.hamburger.edu from=a rcpts=x size=18446744073709551615\nx\n",
              "queue:1: size=18446744073709551615 is not a byte count"},
             // eol + 1 + size + 1 wrapped to a small number once: startup looped, growing.
             {"entry host=mail.hamburger.edu from=a rcpts=x size=9999999999999999999\nx\n",
              "queue:1: the message of 9999999999999999999 bytes is cut short"},
             {good + "entry host=elsewhere.example from=a rcpts=x size=1\nx\n",
              "queue:3: no MTA elsewhere.example in this world"},
         }) {
        TempDir dir;
        fs::create_directories(dir.path);
        spit(dir.path / "world", "serve-default\n");
        spit(dir.path / "queue", c.queue);
        auto w = fresh_world();
        std::vector<std::string> notes;
        auto state = serve::StateDir::open(dir.path.string(), *w, notes);
        REQUIRE_FALSE(state);
        CHECK(state.error().message == (dir.path / c.error).string());
        CHECK(slurp(dir.path / "queue") == c.queue); // left as it was
    }
}
