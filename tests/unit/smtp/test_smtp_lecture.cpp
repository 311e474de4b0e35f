// The lecture's Alice -> Bob dialogue (crepes.fr -> hamburger.edu), byte for byte, from both
// engines, and robust to any split of the client's bytes.
#include "smtp_test_support.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::smtp;
using namespace mailsim::smtp::testing;

namespace {

const char* const kLecture = "S: 220 hamburger.edu\n"
                             "C: HELO crepes.fr\n"
                             "S: 250 Hello crepes.fr, pleased to meet you\n"
                             "C: MAIL FROM: <alice@crepes.fr>\n"
                             "S: 250 alice@crepes.fr... Sender ok\n"
                             "C: RCPT TO: <bob@hamburger.edu>\n"
                             "S: 250 bob@hamburger.edu ... Recipient ok\n"
                             "C: DATA\n"
                             "S: 354 Enter mail, end with \".\" on a line by itself\n"
                             "C: Do you like ketchup?\n"
                             "C: How about pickles?\n"
                             "C: .\n"
                             "S: 250 Message accepted for delivery\n"
                             "C: QUIT\n"
                             "S: 221 hamburger.edu closing connection\n";

const char* const kClientBytes = "HELO crepes.fr\r\n"
                                 "MAIL FROM: <alice@crepes.fr>\r\n"
                                 "RCPT TO: <bob@hamburger.edu>\r\n"
                                 "DATA\r\n"
                                 "Do you like ketchup?\r\n"
                                 "How about pickles?\r\n"
                                 ".\r\n"
                                 "QUIT\r\n";

const char* const kServerBytes = "220 hamburger.edu\r\n"
                                 "250 Hello crepes.fr, pleased to meet you\r\n"
                                 "250 alice@crepes.fr... Sender ok\r\n"
                                 "250 bob@hamburger.edu ... Recipient ok\r\n"
                                 "354 Enter mail, end with \".\" on a line by itself\r\n"
                                 "250 Message accepted for delivery\r\n"
                                 "221 hamburger.edu closing connection\r\n";

ClientConfig classic_client() {
    ClientConfig config;
    config.hostname = "crepes.fr";
    config.style = ClientStyle::Classic;
    return config;
}

OutgoingMessage ketchup() {
    return {"alice@crepes.fr",
            {"bob@hamburger.edu"},
            "Do you like ketchup?\r\nHow about pickles?\r\n",
            DeliveryMode::Mailbox};
}

} // namespace

TEST_CASE("classic client and classic server reproduce the lecture dialogue byte for byte") {
    StaticPolicy policy = hamburger_policy();
    SmtpServer server(classic_server(), policy);
    SmtpClient client(classic_client(), {ketchup()});
    const LoopbackRun run = run_loopback(client, server);
    CHECK(join_transcript(run.transcript) == kLecture);

    REQUIRE(client.results().size() == 1);
    REQUIRE(client.results()[0].recipients.size() == 1);
    CHECK(client.results()[0].recipients[0].status == RecipientStatus::Accepted);
    CHECK(client.results()[0].recipients[0].reply.code == reply::kOk);
    REQUIRE(policy.mailboxes().count("bob@hamburger.edu"));
    CHECK(policy.mailboxes().at("bob@hamburger.edu").at(0) ==
          "Do you like ketchup?\r\nHow about pickles?\r\n");
    CHECK(client.is_closed());
    CHECK(server.is_closed());
}

TEST_CASE("the server answers the lecture's client bytes exactly, however they are split") {
    const ServerRun whole = run_server(classic_server(), hamburger_policy(), kClientBytes);
    CHECK(whole.output == kServerBytes);
    const std::string input = kClientBytes;

    std::vector<ByteView> bytewise;
    for (std::size_t i = 0; i < input.size(); ++i)
        bytewise.push_back(ByteView(input).substr(i, 1));
    CHECK(run_server_pieces(classic_server(), hamburger_policy(), bytewise) == whole);

    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
        CAPTURE(cut);
        const ByteView view(input);
        const ServerRun split = run_server_pieces(classic_server(), hamburger_policy(),
                                                  {view.substr(0, cut), view.substr(cut)});
        CHECK(split == whole);
    }
}

TEST_CASE("the lecture dialogue yields the expected event sequence") {
    const ServerRun run = run_server(classic_server(), hamburger_policy(), kClientBytes);
    const std::vector<std::string> expected = {
        "TimerRequest command 300s",
        "ReplySent 220 hamburger.edu",
        "CommandReceived HELO crepes.fr",
        "ReplySent 250 Hello crepes.fr, pleased to meet you",
        "StateChanged Greeting -> Ready (HELO)",
        "TimerRequest command 300s",
        "CommandReceived MAIL FROM: <alice@crepes.fr>",
        "ReplySent 250 alice@crepes.fr... Sender ok",
        "StateChanged Ready -> MailGiven (MAIL)",
        "TimerRequest command 300s",
        "CommandReceived RCPT TO: <bob@hamburger.edu>",
        "ReplySent 250 bob@hamburger.edu ... Recipient ok",
        "StateChanged MailGiven -> RcptGiven (RCPT)",
        "TimerRequest command 300s",
        "CommandReceived DATA",
        "ReplySent 354 Enter mail, end with \".\" on a line by itself",
        "StateChanged RcptGiven -> Data (DATA)",
        "TimerRequest data 600s",
        "DataChunk \"Do you like ketchup?\\r\\n\"",
        "DataChunk \"How about pickles?\\r\\n\"",
        "EndOfData from=<alice@crepes.fr> to=<bob@hamburger.edu> mode=mailbox size=42 reply=250",
        "ReplySent 250 Message accepted for delivery",
        "StateChanged Data -> Ready (end of data)",
        "TimerRequest command 300s",
        "CommandReceived QUIT",
        "ReplySent 221 hamburger.edu closing connection",
        "StateChanged Ready -> Closed (QUIT)",
        "ConnectionClosed quit",
    };
    CHECK(run.events == expected);
}

TEST_CASE("the classic client sends the lecture's bytes whatever way the replies are split") {
    const std::string replies = kServerBytes;
    auto client_output = [&](std::vector<ByteView> pieces) {
        SmtpClient client(classic_client(), {ketchup()});
        Bytes sent;
        std::vector<std::string> events;
        for (ByteView piece : pieces) {
            client.receive_data(piece);
            for (auto& e : drain_described(client))
                events.push_back(e);
            sent += client.take_output();
        }
        return std::make_pair(sent, events);
    };
    const auto whole = client_output({replies});
    CHECK(whole.first == kClientBytes);
    for (std::size_t cut = 0; cut <= replies.size(); ++cut) {
        CAPTURE(cut);
        const ByteView view(replies);
        CHECK(client_output({view.substr(0, cut), view.substr(cut)}) == whole);
    }
}
