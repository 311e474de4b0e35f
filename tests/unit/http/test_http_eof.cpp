// The peer's close at every byte of a request (server) and of a response (client): the engine
// reports the close once, says how much of an unfinished message it dropped, wants the
// connection closed, and never hangs or reports a message it did not get whole.
#include "sim/proto/http/http_client.h"
#include "sim/proto/http/http_server.h"
#include "unit/engine_eof.h"

#include <doctest/doctest.h>

#include <string>
#include <variant>

using namespace mailsim;

namespace {

const std::string kRequest = "POST /send HTTP/1.1\r\nHost: webmail.test\r\nContent-Type: "
                             "application/x-www-form-urlencoded\r\nContent-Length: 12\r\n\r\n"
                             "to=bob%40x&s";
const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                              "12\r\n\r\n1\tAlice\tHi\r\n";

template <typename Event>
std::size_t count_closes(const std::vector<Event>& events) {
    std::size_t closes = 0;
    for (const auto& event : events)
        closes += std::holds_alternative<http::ConnectionClosed>(event) ? 1 : 0;
    return closes;
}

http::Request get_inbox() {
    http::Request request;
    request.target = "/inbox?user=bob";
    request.host = "webmail.test";
    return request;
}

} // namespace

TEST_CASE("server: EOF at every byte of a request is one clear close, the request only if whole") {
    engine_test::eof_at_every_byte(
        kRequest, [] { return http::HttpServer(); },
        [](http::HttpServer& server, std::size_t cut,
           const std::vector<http::ServerEvent>& events) {
            const bool whole = cut == kRequest.size();
            // A request cut short is not reported; the whole one was reported before the EOF
            // and is still owed its answer when the close comes.
            CHECK(server.state() == http::ServerState::Closed);
            REQUIRE(count_closes(events) == 1);
            const auto& closed = std::get<http::ConnectionClosed>(events.back());
            CHECK(closed.cut_short == (whole ? 0 : cut));
            REQUIRE(server.last_step().has_value());
            CHECK(server.last_step()->from ==
                  (whole ? http::ServerState::Answering : http::ServerState::Idle));
            CHECK(server.last_step()->trigger == http::ServerTrigger::PeerClosed);
            // Closed means done: an answer now has no row to take, and writes nothing.
            server.respond({200, "OK", "text/plain", "late\r\n"});
            CHECK_FALSE(server.has_output());
            CHECK(needs_data(server.next_event()));
        });
}

TEST_CASE("server: EOF at every byte after a whole, answered request closes cleanly") {
    // The request, answered, then a second request cut at every byte.
    engine_test::eof_at_every_byte(
        kRequest,
        [] {
            http::HttpServer server;
            server.receive_data(kRequest);
            REQUIRE(std::holds_alternative<http::RequestReceived>(server.next_event()));
            server.respond({204, "No Content", "text/plain", ""});
            REQUIRE(std::holds_alternative<http::ResponseSent>(server.next_event()));
            (void)server.take_output();
            return server;
        },
        [](http::HttpServer& server, std::size_t cut,
           const std::vector<http::ServerEvent>& events) {
            CHECK(server.state() == http::ServerState::Closed);
            REQUIRE(count_closes(events) == 1);
            if (cut < kRequest.size())
                CHECK(std::get<http::ConnectionClosed>(events.back()).cut_short == cut);
        });
}

TEST_CASE("client: EOF at every byte of the response: the response whole, or a clear none") {
    engine_test::eof_at_every_byte(
        kResponse, [] { return http::HttpClient(get_inbox()); },
        [](http::HttpClient& client, std::size_t cut,
           const std::vector<http::ClientEvent>& events) {
            if (cut == kResponse.size()) {
                // The whole response was reported before the EOF; after it the client is done
                // and reads nothing more.
                CHECK(client.state() == http::ClientState::Done);
                CHECK(events.empty());
                return;
            }
            CHECK(client.state() == http::ClientState::Closed);
            REQUIRE(events.size() == 1);
            CHECK(std::get<http::ConnectionClosed>(events.front()).cut_short == cut);
            REQUIRE(client.last_step().has_value());
            CHECK(client.last_step()->trigger == http::ClientTrigger::PeerClosed);
            // Late bytes are not parsed into a response after the close.
            client.receive_data(kResponse);
            CHECK(needs_data(client.next_event()));
        });
}
