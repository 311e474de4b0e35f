// ServerConfig::max_errors: a client that keeps sending garbage is cut off with 421 (what
// `mailsim serve` uses against real clients), and a limit of 0 never cuts anyone off.
#include "smtp_test_support.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::smtp;
using namespace mailsim::smtp::testing;

TEST_CASE("the third 5xx syntax error closes the connection with 421") {
    ServerConfig config = modern_server();
    config.max_errors = 3;
    const ServerRun run = run_server_pieces(
        config, hamburger_policy(), {"FOO\r\nBAR\r\nRCPT TO:<bob@hamburger.edu>\r\nNOOP\r\n"});
    CHECK(run.output == "220 hamburger.edu ESMTP mailsim ready\r\n"
                        "500 5.5.1 Command unrecognized: \"FOO\"\r\n"
                        "500 5.5.1 Command unrecognized: \"BAR\"\r\n"
                        "503 5.5.1 Send HELO/EHLO first\r\n"
                        "421 4.7.0 hamburger.edu Error: too many errors\r\n");
}

TEST_CASE("without a limit errors never close the connection") {
    std::string garbage;
    for (int i = 0; i < 50; ++i)
        garbage += "XYZZY\r\n";
    garbage += "NOOP\r\n";
    const ServerRun run = run_server_pieces(modern_server(), hamburger_policy(), {garbage});
    CHECK(run.output.find("421") == std::string::npos);
    CHECK(run.output.rfind("\r\n250 ") == run.output.rfind("\r\n", run.output.size() - 3));
}

TEST_CASE("replies other than 500-504 do not count") {
    ServerConfig config = modern_server();
    config.max_errors = 2;
    const ServerRun run = run_server_pieces(
        config, hamburger_policy(),
        {"EHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<nobody@hamburger.edu>\r\n"
         "RCPT TO:<nobody2@hamburger.edu>\r\nRCPT TO:<nobody3@hamburger.edu>\r\nNOOP\r\n"});
    CHECK(run.output.find("421") == std::string::npos);
}

TEST_CASE("reply text is printable ASCII: client bytes echoed as \\xNN; HELO a\\0b refused") {
    using namespace mailsim::smtp;
    StaticPolicy policy;
    ServerConfig config;
    config.hostname = "mail.hamburger.edu";
    SmtpServer server(config, policy);
    (void)server.take_output();
    server.receive_data(std::string("NOOP\0\r\nXYZ\rABC\r\nEHLO \xc3(\r\nHELO a\0b\r\n", 35));
    while (!std::holds_alternative<NeedData>(server.next_event())) {
    }
    const std::string out = server.take_output();
    for (char c : out)
        CHECK((c == '\r' || c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)));
    CHECK(out.find("\\x00") != std::string::npos);
    // Only CRLF ends a reply line: no bare CR reaches the client.
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i] == '\r')
            CHECK(out[i + 1] == '\n');
    CHECK(out.find("Hello") == std::string::npos); // neither EHLO nor HELO was taken
}
