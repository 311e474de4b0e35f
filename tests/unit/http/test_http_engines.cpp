// The HTTP engines of webmail (sim/proto/http): requests fed whole, byte by byte and split at
// every position give the same events; a malformed head is answered 400 by the server engine
// itself; a client and a server engine talk to each other in memory.
#include "sim/proto/http/http_client.h"
#include "sim/proto/http/http_message.h"
#include "sim/proto/http/http_server.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mailsim;

namespace {

const Bytes kPost = "POST /send HTTP/1.1\r\nHost: webmail.test\r\nContent-Type: "
                    "application/x-www-form-urlencoded\r\nContent-Length: 27\r\n\r\n"
                    "from=bob%40x&subject=Hi+you";

// What the server reports for `input` fed in the given pieces, one line per event.
std::vector<std::string> server_events(const std::vector<Bytes>& pieces) {
    http::HttpServer server;
    std::vector<std::string> out;
    for (const auto& piece : pieces) {
        server.receive_data(piece);
        for (auto e = server.next_event(); !needs_data(e); e = server.next_event()) {
            if (auto* request = std::get_if<http::RequestReceived>(&e))
                out.push_back(request->method + " " + request->target + " ? " + request->query +
                              " | " + request->request.body);
            else if (auto* sent = std::get_if<http::ResponseSent>(&e))
                out.push_back(sent->status_line);
        }
    }
    return out;
}

} // namespace

TEST_CASE("a request gives the same event whole, byte by byte and split anywhere") {
    const auto whole = server_events({kPost});
    REQUIRE(whole.size() == 1);
    CHECK(whole[0] == "POST /send ?  | from=bob%40x&subject=Hi+you");
    std::vector<Bytes> bytes;
    for (char c : kPost)
        bytes.emplace_back(1, c);
    CHECK(server_events(bytes) == whole);
    for (std::size_t at = 1; at < kPost.size(); ++at)
        CHECK(server_events({kPost.substr(0, at), kPost.substr(at)}) == whole);
    CHECK(http::parse_form("from=bob%40x&subject=Hi+you").at("subject") == "Hi you");
    CHECK(http::form_encode({{"user", "bob@x y"}}) == "user=bob@x+y");
}

TEST_CASE("the server engine answers a malformed request line and an endless head with 400") {
    CHECK(server_events({"NONSENSE\r\n\r\n"}) ==
          std::vector<std::string>{"HTTP/1.1 400 Bad Request"});
    http::HttpServer server;
    server.receive_data(Bytes(http::kMaxHead + 10, 'x'));
    auto event = server.next_event();
    REQUIRE(std::holds_alternative<http::ResponseSent>(event));
    CHECK(std::get<http::ResponseSent>(event).status == 400);
    CHECK(server.take_output().rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
}

TEST_CASE("a client and a server engine: GET, a later answer, then the client wants to close") {
    http::Request get;
    get.target = "/inbox?user=bob%40x";
    get.host = "webmail.test";
    http::HttpClient client(get);
    http::HttpServer server;
    CHECK(client.request_line() == "GET /inbox?user=bob%40x HTTP/1.1");
    server.receive_data(client.take_output());
    auto event = server.next_event();
    REQUIRE(std::holds_alternative<http::RequestReceived>(event));
    CHECK(std::get<http::RequestReceived>(event).query == "user=bob%40x");
    CHECK(needs_data(server.next_event()));
    CHECK_FALSE(server.has_output()); // the answer may come later (a POST waits for SMTP)
    server.respond(http::Response{200, "OK", "text/plain", "1\tAlice\tHi\r\n"});
    CHECK(std::holds_alternative<http::ResponseSent>(server.next_event()));
    const Bytes wire = server.take_output();
    CHECK(wire == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\n"
                  "1\tAlice\tHi\r\n");
    client.receive_data(wire.substr(0, 20));
    CHECK(needs_data(client.next_event()));
    CHECK_FALSE(client.wants_close());
    client.receive_data(wire.substr(20));
    auto got = client.next_event();
    REQUIRE(std::holds_alternative<http::ResponseReceived>(got));
    CHECK(std::get<http::ResponseReceived>(got).status == 200);
    CHECK(std::get<http::ResponseReceived>(got).response.body == "1\tAlice\tHi\r\n");
    CHECK(client.wants_close());
    server.receive_eof();
    CHECK(std::holds_alternative<http::ConnectionClosed>(server.next_event()));
    CHECK(server.wants_close());
}
