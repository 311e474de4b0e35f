// The IDLE keepalive (RFC 2177 lets the server send untagged updates while idling): with
// ServerConfig::idle_keepalive the engine asks for a timer when IDLE starts and answers each
// on_timeout() with "* OK Still here" and the next request, until DONE. Without it (the
// lectures' server) nothing is asked for.
#include "imap_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace imap_test;

namespace {

bool has(const Run& run, const std::string& event) {
    return std::find(run.events.begin(), run.events.end(), event) != run.events.end();
}

} // namespace

TEST_CASE("IDLE asks for a keepalive timer and says 'Still here' each time it fires") {
    auto store = make_store();
    imap::ServerConfig config;
    config.extensions = true;
    config.idle_keepalive = 2 * kMinute;
    imap::ImapServer server(*store, config);
    Run run;
    drain(server, run);
    server.receive_data("a LOGIN bob hungry\r\nb SELECT INBOX\r\nc IDLE\r\n");
    drain(server, run);
    CHECK(run.output.ends_with("\r\n+ idling\r\n"));
    CHECK(has(run, "timer 120s"));

    for (int fired = 0; fired < 2; ++fired) {
        Run tick;
        server.on_timeout();
        drain(server, tick);
        CHECK(tick.output == "* OK Still here\r\n");
        CHECK(tick.events == std::vector<std::string>{"sent * OK Still here", "timer 120s"});
    }

    Run done;
    server.receive_data("DONE\r\n");
    drain(server, done);
    CHECK(done.output == "c OK IDLE completed\r\n");
    // A timer that fires after DONE finds nothing due.
    Run late;
    server.on_timeout();
    drain(server, late);
    CHECK(late.output.empty());
    CHECK(late.events.empty());
}

TEST_CASE("without idle_keepalive IDLE asks for no timer") {
    auto store = make_store();
    imap::ServerConfig config;
    config.extensions = true;
    const Run run = run_server(*store, "a LOGIN bob hungry\r\nb SELECT INBOX\r\nc IDLE\r\n", {},
                               Eof::Keep, config);
    CHECK(run.output.ends_with("\r\n+ idling\r\n"));
    for (const auto& event : run.events)
        CHECK(event.rfind("timer", 0) != 0);
}
