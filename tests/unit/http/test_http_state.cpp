// The HTTP engines run on their tables (sim/proto/http/http_state.cpp): driven through every
// exchange they have, the moves they take are exactly the tables' rows, no more and no fewer,
// and a move the table does not have is refused. Every state and edge key has English and
// Korean text in lessons/i18n/http.toml.
#include "sim/proto/http/http_client.h"
#include "sim/proto/http/http_server.h"
#include "sim/proto/http/http_state.h"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <set>
#include <string>
#include <tuple>

using namespace mailsim;

namespace {

using ServerRow = std::tuple<http::ServerState, http::ServerTrigger, http::ServerState>;
using ClientRow = std::tuple<http::ClientState, http::ClientTrigger, http::ClientState>;

const std::string kGet = "GET /inbox?user=bob HTTP/1.1\r\nHost: webmail.test\r\n\r\n";

// Every move the server takes while `drive` runs it: its last step after each call.
struct ServerWatch {
    http::HttpServer server;
    std::set<ServerRow> taken;
    void note() {
        if (const auto& step = server.last_step())
            taken.insert({step->from, step->trigger, step->to});
    }
    void pump() {
        for (auto e = server.next_event(); !needs_data(e); e = server.next_event())
            note();
        note();
    }
    void feed(const std::string& bytes) {
        server.receive_data(bytes);
        pump();
    }
    void respond() {
        server.respond({200, "OK", "text/plain", "ok\r\n"});
        note();
        pump();
    }
    void eof() {
        server.receive_eof();
        pump();
    }
};

} // namespace

TEST_CASE("the HTTP server's moves are exactly its table's rows") {
    std::set<ServerRow> taken;
    {
        ServerWatch w; // GET, answered, another GET, answered, the browser closes
        w.feed(kGet);
        CHECK(w.server.state() == http::ServerState::Answering);
        w.respond();
        CHECK(w.server.state() == http::ServerState::Idle);
        w.feed(kGet);
        w.respond();
        w.eof();
        CHECK(w.server.state() == http::ServerState::Closed);
        taken.insert(w.taken.begin(), w.taken.end());
    }
    {
        ServerWatch w; // a malformed head: the engine answers 400 itself and waits again
        w.feed("NONSENSE\r\n\r\n");
        CHECK(w.server.state() == http::ServerState::Idle);
        CHECK(w.server.take_output().rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
        taken.insert(w.taken.begin(), w.taken.end());
    }
    {
        ServerWatch w; // the browser leaves while the answer is owed
        w.feed(kGet);
        w.eof();
        CHECK(w.server.state() == http::ServerState::Closed);
        taken.insert(w.taken.begin(), w.taken.end());
    }
    std::set<ServerRow> table;
    for (const auto& row : http::server_transitions())
        table.insert({row.from, row.trigger, row.to});
    CHECK(taken == table);

    // No row, no move: an answer nobody asked for is not written; a second request waits for
    // the answer to the first (one request at a time).
    http::HttpServer idle;
    idle.respond({200, "OK", "text/plain", "unasked\r\n"});
    CHECK_FALSE(idle.has_output());
    CHECK(needs_data(idle.next_event()));
    CHECK_FALSE(idle.last_step().has_value());
    idle.receive_data(kGet + kGet);
    CHECK(std::holds_alternative<http::RequestReceived>(idle.next_event()));
    CHECK(needs_data(idle.next_event()));
    idle.respond({200, "OK", "text/plain", "first\r\n"});
    CHECK(std::holds_alternative<http::ResponseSent>(idle.next_event()));
    CHECK(std::holds_alternative<http::RequestReceived>(idle.next_event()));
}

TEST_CASE("the HTTP client's moves are exactly its table's rows") {
    http::Request request;
    request.host = "webmail.test";
    std::set<ClientRow> taken;
    auto note = [&](const http::HttpClient& client) {
        if (const auto& step = client.last_step())
            taken.insert({step->from, step->trigger, step->to});
    };
    {
        http::HttpClient client(request); // the response, whole
        CHECK(client.state() == http::ClientState::Waiting);
        client.receive_data("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
        CHECK(std::holds_alternative<http::ResponseReceived>(client.next_event()));
        note(client);
        CHECK(client.state() == http::ClientState::Done);
        // Done reads no more: the server's FIN after it moves nothing.
        client.receive_eof();
        CHECK(needs_data(client.next_event()));
        CHECK(client.state() == http::ClientState::Done);
    }
    {
        http::HttpClient client(request); // the server leaves first
        client.receive_data("HTTP/1.1 200 OK\r\n");
        CHECK(needs_data(client.next_event()));
        client.receive_eof();
        CHECK(std::holds_alternative<http::ConnectionClosed>(client.next_event()));
        note(client);
        CHECK(client.state() == http::ClientState::Closed);
    }
    std::set<ClientRow> table;
    for (const auto& row : http::client_transitions())
        table.insert({row.from, row.trigger, row.to});
    CHECK(taken == table);
}

TEST_CASE("every HTTP state and edge key has English and Korean text") {
    auto parsed = toml::parse_file(std::string(MAILSIM_SOURCE_DIR) + "/lessons/i18n/http.toml");
    std::set<std::string> keys;
    for (const auto& state : http::server_states())
        keys.insert(std::string(state.key));
    for (const auto& state : http::client_states())
        keys.insert(std::string(state.key));
    for (const auto& row : http::server_transitions())
        keys.insert(std::string(row.key));
    for (const auto& row : http::client_transitions())
        keys.insert(std::string(row.key));
    for (const auto& key : keys) {
        INFO(key);
        const auto* entry = parsed[key].as_table();
        REQUIRE(entry != nullptr);
        CHECK(entry->contains("en"));
        CHECK(entry->contains("ko"));
    }
}
