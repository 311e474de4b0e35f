// The transition table is data the UI draws; every explanation key the engines use has an
// English and a Korean text in lessons/i18n/pop3.toml.
#include "sim/proto/pop3/pop3_state.h"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace mailsim;
using namespace mailsim::pop3;

namespace {

constexpr State kStates[] = {State::Authorization, State::Transaction, State::Update,
                             State::Closed};
constexpr Command kWireCommands[] = {Command::User, Command::Pass, Command::Apop, Command::Stat,
                                     Command::List, Command::Retr, Command::Dele, Command::Noop,
                                     Command::Rset, Command::Top,  Command::Uidl, Command::Capa,
                                     Command::Quit};

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("transition table: RFC 1939's commands per state, one row per (state, command)") {
    std::set<std::pair<int, int>> seen;
    for (const auto& row : transition_table()) {
        INFO(state_name(row.from) << " " << command_name(row.command));
        CHECK(seen.insert({static_cast<int>(row.from), static_cast<int>(row.command)}).second);
        CHECK(row.from != State::Closed); // nothing leaves CLOSED
        CHECK(row.key == command_key(row.command));
    }
    auto allowed = [](State state) {
        std::set<std::string_view> names;
        for (auto command : kWireCommands)
            if (find_transition(state, command))
                names.insert(command_name(command));
        return names;
    };
    CHECK(allowed(State::Authorization) ==
          std::set<std::string_view>{"USER", "PASS", "APOP", "CAPA", "QUIT"});
    CHECK(allowed(State::Transaction) == std::set<std::string_view>{"STAT", "LIST", "RETR", "DELE",
                                                                    "NOOP", "RSET", "TOP", "UIDL",
                                                                    "CAPA", "QUIT"});
    CHECK(allowed(State::Update).empty());
    CHECK(find_transition(State::Authorization, Command::Pass)->on_ok == State::Transaction);
    CHECK(find_transition(State::Authorization, Command::Pass)->on_err == State::Authorization);
    CHECK(find_transition(State::Authorization, Command::Quit)->on_ok == State::Closed);
    CHECK(find_transition(State::Transaction, Command::Quit)->on_ok == State::Update);
    CHECK(find_transition(State::Update, Command::UpdateFinished)->on_ok == State::Closed);
    CHECK(find_transition(State::Transaction, Command::ConnectionLost)->on_ok == State::Closed);
    CHECK_FALSE(find_transition(State::Update, Command::ConnectionLost)); // UPDATE never waits
}

TEST_CASE("command keywords parse case-insensitively; pseudo commands never come off the wire") {
    CHECK(parse_command("retr") == Command::Retr);
    CHECK(parse_command("ReTr") == Command::Retr);
    CHECK(parse_command("RETRX") == Command::Unknown);
    CHECK(parse_command("(update done)") == Command::Unknown);
    CHECK(parse_command("?") == Command::Unknown);
    CHECK(parse_command("") == Command::Unknown);
    CHECK(is_multiline(Command::List, false));
    CHECK_FALSE(is_multiline(Command::List, true));
    CHECK(is_multiline(Command::Top, true));
    CHECK_FALSE(is_multiline(Command::Stat, false));
}

TEST_CASE("every POP3 explanation key has English and Korean text") {
    const std::filesystem::path root(MAILSIM_SOURCE_DIR);
    auto parsed = toml::parse_file((root / "lessons/i18n/pop3.toml").string());
    REQUIRE_MESSAGE(parsed.succeeded(), parsed.error().description());
    const toml::table& table = parsed.table();

    std::set<std::string> keys;
    for (auto state : kStates)
        keys.insert(std::string(state_key(state)));
    for (const auto& row : transition_table())
        keys.insert(std::string(row.key));
    keys.insert(std::string(command_key(Command::Unknown)));
    // Client replies: "pop3.ok." + the command it sent.
    for (auto command : {Command::Capa, Command::User, Command::Pass, Command::Apop, Command::Uidl,
                         Command::List, Command::Retr, Command::Dele, Command::Quit})
        keys.insert("pop3.ok." + std::string(command_name(command)));
    // Every complete key literal in the engines' sources.
    const std::regex literal("\"(pop3\\.[A-Za-z_]+\\.[A-Za-z_]+)\"");
    for (const auto& entry : std::filesystem::directory_iterator(root / "sim/proto/pop3")) {
        const std::string source = read_text(entry.path());
        for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it)
            keys.insert((*it)[1].str());
    }
    CHECK(keys.size() > 40);
    for (const auto& key : keys) {
        INFO("key " << key);
        const toml::node* node = table.get(key);
        REQUIRE(node);
        const toml::table* texts = node->as_table();
        REQUIRE(texts);
        const auto en = (*texts)["en"].value<std::string>();
        const auto ko = (*texts)["ko"].value<std::string>();
        REQUIRE(en);
        REQUIRE(ko);
        CHECK_FALSE(en->empty());
        CHECK_FALSE(ko->empty());
    }
}
