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
