// libFuzzer target: arbitrary bytes into the HTTP engines (sim/proto/http), the webmail's
// server and the browser's client. Besides "no crash, no hang, no sanitizer report" it checks:
//  - the result does not depend on how the bytes were split into reads;
//  - server: every response the engine reports is in its output, whole (one status line and
//    a body of exactly its Content-Length; each request is answered as it is reported, as the
//    webmail answers a GET);
//  - client: at most one response is reported, and then (or after the server's FIN) the
//    client wants the connection closed;
//  - after the FIN (fuzz_eof.h) late bytes are not parsed.
// Input: byte 0 bit 0 picks the role (0: bytes from a browser to the server, 1: bytes from a
// server to the client), the other bits where to split the rest (client: bit 1 a POST); the
// rest is what the peer sends. One target for both roles: one fuzzing slot in the test run.
#include "fuzz_eof.h"
#include "sim/proto/http/http_client.h"
#include "sim/proto/http/http_server.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

using namespace mailsim;

namespace {

struct ServerOutcome {
    std::string output;
    std::size_t requests = 0, responses = 0;
};

void drain_server(http::HttpServer& server, ServerOutcome& outcome) {
    fuzz::drain_settled<http::NeedData>(server, [&](const http::ServerEvent& event) {
        if (auto* request = std::get_if<http::RequestReceived>(&event)) {
            ++outcome.requests;
            server.respond({200, "OK", "text/plain", "you asked for " + request->target});
        } else if (std::holds_alternative<http::ResponseSent>(event)) {
            ++outcome.responses;
        }
    });
    outcome.output += server.take_output();
}

ServerOutcome run_server(std::string_view input, std::size_t cut) {
    http::HttpServer server;
    ServerOutcome outcome;
    drain_server(server, outcome);
    server.receive_data(input.substr(0, cut));
    drain_server(server, outcome);
    server.receive_data(input.substr(cut));
    drain_server(server, outcome);
    server.receive_eof();
    drain_server(server, outcome);
    if (!server.wants_close())
        std::abort(); // the browser closed: so does the server
    return outcome;
}

// Each response in `output`: "HTTP/1.1 " line, headers, a body of exactly Content-Length.
std::size_t count_whole_responses(std::string_view output) {
    std::size_t count = 0;
    while (!output.empty()) {
        if (output.rfind("HTTP/1.1 ", 0) != 0)
            std::abort();
        const std::size_t head_end = output.find("\r\n\r\n");
        const std::size_t length_at = output.find("\r\nContent-Length: ");
        if (head_end == std::string_view::npos || length_at == std::string_view::npos ||
            length_at > head_end)
            std::abort();
        const std::size_t length = std::strtoul(
            std::string(output.substr(length_at + 18, head_end - length_at - 18)).c_str(), nullptr,
            10);
        if (head_end + 4 + length > output.size())
            std::abort();
        output.remove_prefix(head_end + 4 + length);
        ++count;
    }
    return count;
}

struct ClientOutcome {
    std::size_t responses = 0;
    int status = -1;
    std::string body;
};

http::Request request_for(std::uint8_t pick) {
    http::Request request;
    request.host = "webmail.test";
    if (pick & 1) {
        request.method = "POST";
        request.target = "/send";
        request.body = "to=bob%40test&subject=hi";
    } else {
        request.target = "/inbox?user=bob";
    }
    return request;
}

void drain_client(http::HttpClient& client, ClientOutcome& outcome) {
    fuzz::drain_settled<http::NeedData>(client, [&](const http::ClientEvent& event) {
        if (auto* response = std::get_if<http::ResponseReceived>(&event)) {
            ++outcome.responses;
            outcome.status = response->status;
            outcome.body = std::string(response->response.body);
        }
    });
    (void)client.take_output();
}

ClientOutcome run_client(const http::Request& request, std::string_view input, std::size_t cut) {
    http::HttpClient client(request);
    ClientOutcome outcome;
    drain_client(client, outcome);
    client.receive_data(input.substr(0, cut));
    drain_client(client, outcome);
    client.receive_data(input.substr(cut));
    drain_client(client, outcome);
    client.receive_eof();
    drain_client(client, outcome);
    if (outcome.responses > 1 || !client.wants_close())
        std::abort();
    return outcome;
}

void fuzz_server(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t cut = input.empty() ? 0 : (data[0] >> 1) * 7919u % (input.size() + 1);
    const ServerOutcome whole = run_server(input, input.size());
    const ServerOutcome split = run_server(input, cut);
    if (whole.output != split.output || whole.requests != split.requests ||
        whole.responses != split.responses)
        std::abort();
    if (count_whole_responses(whole.output) != whole.responses || whole.responses < whole.requests)
        std::abort();

    http::HttpServer server;
    fuzz::feed_with_eof<http::NeedData>(server, input,
                                        [](auto& engine) { (void)engine.take_output(); });
}

void fuzz_client(const std::uint8_t* data, std::size_t size) {
    const http::Request request = request_for(data[0] >> 1);
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t cut = input.empty() ? 0 : (data[0] >> 2) * 7919u % (input.size() + 1);
    const ClientOutcome whole = run_client(request, input, input.size());
    const ClientOutcome split = run_client(request, input, cut);
    if (whole.responses != split.responses || whole.status != split.status ||
        whole.body != split.body)
        std::abort();

    http::HttpClient client(request);
    fuzz::feed_with_eof<http::NeedData>(client, input,
                                        [](auto& engine) { (void)engine.take_output(); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    if (data[0] & 1)
        fuzz_client(data, size);
    else
        fuzz_server(data, size);
    return 0;
}
