// The data the UI draws: the state table, the command rules and the explanation keys, which
// must all exist in lessons/i18n/imap.toml in Korean and English.
#include "imap_test_support.h"
#include "sim/proto/imap/imap_client.h"
#include "sim/proto/imap/imap_state.h"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>

using namespace mailsim;
using namespace mailsim::imap;

TEST_CASE("every command has a state rule and the diagram follows RFC 3501 section 3") {
    // RFC 3501's commands but STARTTLS, and IDLE, MOVE, NAMESPACE, ENABLE.
    CHECK(command_rules().size() == 27);

    for (const auto& rule : command_rules())
        CHECK_MESSAGE(command_from_word(command_word(rule.command)) == rule.command,
                      command_word(rule.command));
    CHECK(command_allowed(State::NotAuthenticated, CommandName::Login));
    CHECK_FALSE(command_allowed(State::Authenticated, CommandName::Login));
    CHECK(command_allowed(State::Selected, CommandName::List));
    CHECK_FALSE(command_allowed(State::Authenticated, CommandName::Fetch));
    CHECK_FALSE(command_allowed(State::Logout, CommandName::Noop));
    CHECK(state_after_command(State::NotAuthenticated, CommandName::Login, ResponseStatus::Ok) ==
          State::Authenticated);
    CHECK(state_after_command(State::NotAuthenticated, CommandName::Login, ResponseStatus::No) ==
          State::NotAuthenticated);
    CHECK(state_after_command(State::NotAuthenticated, CommandName::Authenticate,
                              ResponseStatus::Ok) == State::Authenticated);
    CHECK(state_after_command(State::Selected, CommandName::Select, ResponseStatus::No) ==
          State::Authenticated);
    CHECK(state_after_command(State::Authenticated, CommandName::Select, ResponseStatus::No) ==
          State::Authenticated);
    CHECK(state_after_command(State::Selected, CommandName::Close, ResponseStatus::Ok) ==
          State::Authenticated);
    for (State state : {State::NotAuthenticated, State::Authenticated, State::Selected})
        CHECK(state_after_command(state, CommandName::Logout, ResponseStatus::Ok) == State::Logout);
    // Every state but logout can be left, and logout is reachable from all of them.
    for (State state : {State::NotAuthenticated, State::Authenticated, State::Selected})
        CHECK(std::any_of(transitions().begin(), transitions().end(), [&](const Transition& t) {
            return t.from == state && t.to == State::Logout;
        }));
}

TEST_CASE("every explanation key is in lessons/i18n/imap.toml in Korean and English") {
    auto parsed = toml::parse_file(std::string(MAILSIM_SOURCE_DIR) + "/lessons/i18n/imap.toml");
    REQUIRE_MESSAGE(parsed, parsed.error().description());
    const toml::table& table = parsed.table();
    const auto keys = explanation_keys();
    CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size());
    for (const auto& key : keys) {
        INFO(key);
        const auto* entry = table.get_as<toml::table>(key);
        REQUIRE(entry);
        const auto en = (*entry)["en"].value<std::string>();
        const auto ko = (*entry)["ko"].value<std::string>();
        CHECK((en && !en->empty()));
        CHECK((ko && !ko->empty()));
    }
    // And nothing in the file that the engines never use.
    for (const auto& entry : table) {
        const std::string name(entry.first.str()); // clang 14: no structured binding in lambdas
        CHECK_MESSAGE(std::find(keys.begin(), keys.end(), name) != keys.end(), name);
    }
}

TEST_CASE("the keys the engines emit are all listed") {
    const auto keys = explanation_keys();
    auto listed = [&](const std::string& key) {
        return std::find(keys.begin(), keys.end(), key) != keys.end();
    };
    auto store = imap_test::make_store();
    ImapServer server(*store);
    server.receive_data("a LOGIN bob hungry\r\nb SELECT INBOX\r\nc FETCH 1:* (FLAGS BODY[])\r\n"
                        "d STORE 1 +FLAGS (\\Deleted)\r\ne EXPUNGE\r\nf SEARCH ALL\r\n"
                        "g LIST \"\" *\r\nh LSUB \"\" *\r\ni STATUS INBOX (MESSAGES)\r\n"
                        "j CAPABILITY\r\nk APPEND INBOX {1}\r\nx\r\nl FROB\r\nm FETCH 9 UID\r\n"
                        "n COPY 1 Nope\r\no LOGIN x y\r\n" +
                        std::string(10000, 'x') + "\r\np LOGOUT\r\n");
    std::set<std::string> seen;
    for (;;) {
        ServerEvent event = server.next_event();
        if (std::holds_alternative<NeedData>(event) ||
            std::holds_alternative<ConnectionClosed>(event))
            break;
        if (const auto* sent = std::get_if<ResponseSent>(&event))
            seen.insert(sent->key);
        if (const auto* bad = std::get_if<ProtocolViolation>(&event))
            seen.insert(bad->key);
        if (const auto* command = std::get_if<CommandReceived>(&event))
            seen.insert(command->command.explanation_key());
        if (const auto* change = std::get_if<StateChanged>(&event))
            seen.insert(state_key(change->to));
    }
    CHECK(seen.size() > 25);
    for (const auto& key : seen)
        CHECK_MESSAGE(listed(key), key);
    // Response codes seen by a client map to listed keys too.
    for (const char* line : {"a OK [READ-WRITE] x", "* OK [UIDVALIDITY 3] x", "b NO [TRYCREATE] x",
                             "* OK [PERMANENTFLAGS (\\Seen)] x", "+ go"}) {
        auto response = parse_response(line);
        REQUIRE(response);
        CHECK(listed(response->explanation_key()));
        if (!response->code.empty())
            CHECK_MESSAGE(listed(response->code_key()), response->code_key());
    }
}
