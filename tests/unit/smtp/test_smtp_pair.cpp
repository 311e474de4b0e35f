// Client and server engines against each other in memory: every outcome the client records
// must match what the server did.
#include "smtp_test_support.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::smtp;
using namespace mailsim::smtp::testing;

namespace {

ClientConfig modern_client() {
    ClientConfig config;
    config.hostname = "crepes.fr";
    return config;
}

OutgoingMessage message_to(std::vector<std::string> rcpts,
                           Bytes content = "Subject: hi\r\n\r\nhello\r\n") {
    return {"alice@crepes.fr", std::move(rcpts), std::move(content), DeliveryMode::Mailbox};
}

} // namespace

TEST_CASE("modern client pipelines MAIL, RCPT and DATA after EHLO") {
    StaticPolicy policy = hamburger_policy();
    SmtpServer server(modern_server(), policy);
    SmtpClient client(modern_client(), {message_to({"bob@hamburger.edu", "nobody@hamburger.edu",
                                                    "carol@hamburger.edu"})});
    const LoopbackRun run = run_loopback(client, server);
    const std::string expected =
        "S: 220 hamburger.edu ESMTP mailsim ready\n"
        "C: EHLO crepes.fr\n"
        "S: 250-hamburger.edu Hello crepes.fr\n"
        "S: 250-SIZE 10485760\n"
        "S: 250-8BITMIME\n"
        "S: 250-PIPELINING\n"
        "S: 250-ENHANCEDSTATUSCODES\n"
        "S: 250 HELP\n"
        "C: MAIL FROM:<alice@crepes.fr> SIZE=22\n"
        "C: RCPT TO:<bob@hamburger.edu>\n"
        "C: RCPT TO:<nobody@hamburger.edu>\n"
        "C: RCPT TO:<carol@hamburger.edu>\n"
        "C: DATA\n"
        "S: 250 2.1.0 Sender <alice@crepes.fr> OK\n"
        "S: 250 2.1.5 Recipient <bob@hamburger.edu> OK\n"
        "S: 550 5.1.1 <nobody@hamburger.edu>: Recipient address rejected: User unknown\n"
        "S: 250 2.1.5 Recipient <carol@hamburger.edu> OK\n"
        "S: 354 Start mail input; end with <CRLF>.<CRLF>\n"
        "C: Subject: hi\n"
        "C: \n"
        "C: hello\n"
        "C: .\n"
        "S: 250 2.0.0 OK: queued as Q00001\n"
        "C: QUIT\n"
        "S: 221 2.0.0 hamburger.edu closing connection\n";
    CHECK(join_transcript(run.transcript) == expected);
    REQUIRE(client.results().size() == 1);
    const auto& r = client.results()[0].recipients;
    REQUIRE(r.size() == 3);
    CHECK(r[0].status == RecipientStatus::Accepted);
    CHECK(r[1].status == RecipientStatus::PermanentFailure);
    CHECK(r[1].reply.code == reply::kMailboxUnavailable);
    CHECK(r[2].status == RecipientStatus::Accepted);
    CHECK(r[2].reply.code == reply::kOk);
    REQUIRE(policy.deliveries().size() == 1);
    CHECK(policy.deliveries()[0].transaction.rcpt_to ==
          std::vector<std::string>{"bob@hamburger.edu", "carol@hamburger.edu"});
}
