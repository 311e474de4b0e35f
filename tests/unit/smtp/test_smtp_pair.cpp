// Client and server engines against each other in memory, including every failure the server
// can give: what the client records per recipient must match what the server did.
#include "smtp_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

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

struct Pair {
    ServerConfig server_config = modern_server();
    StaticPolicy policy = hamburger_policy();
    ClientConfig client_config = modern_client();
    std::vector<OutgoingMessage> messages;

    LoopbackRun run;
    std::vector<TransactionResult> results;

    Pair& go() {
        SmtpServer server(server_config, policy);
        SmtpClient client(client_config, messages);
        run = run_loopback(client, server);
        results = client.results();
        CHECK(client.is_closed());
        return *this;
    }
    std::string transcript() const { return join_transcript(run.transcript); }
    const RecipientResult& rcpt(std::size_t message, std::size_t index) const {
        REQUIRE(message < results.size());
        REQUIRE(index < results[message].recipients.size());
        return results[message].recipients[index];
    }
    bool said(const std::string& line) const {
        return std::find(run.transcript.begin(), run.transcript.end(), line) !=
               run.transcript.end();
    }
};

RecipientStatus expected_status(int code) {
    if (code < 400)
        return RecipientStatus::Accepted;
    return code < 500 ? RecipientStatus::TransientFailure : RecipientStatus::PermanentFailure;
}

} // namespace

TEST_CASE("modern client pipelines MAIL, RCPT and DATA after EHLO") {
    Pair pair;
    pair.messages = {
        message_to({"bob@hamburger.edu", "nobody@hamburger.edu", "carol@hamburger.edu"})};
    pair.go();
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
    CHECK(pair.transcript() == expected);
    CHECK(pair.rcpt(0, 0).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(0, 1).status == RecipientStatus::PermanentFailure);
    CHECK(pair.rcpt(0, 1).reply.code == reply::kMailboxUnavailable);
    CHECK(pair.rcpt(0, 2).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(0, 2).reply.code == reply::kOk);
    // The client knows what each 250 answered, so the UI can explain it.
    std::vector<std::string> keys;
    for (const auto& event : pair.run.client_events)
        if (auto* received = std::get_if<ReplyReceived>(&event))
            keys.push_back(received->reply.explanation_key());
    CHECK(keys ==
          std::vector<std::string>{"smtp.reply.220", "smtp.reply.250.ehlo", "smtp.reply.250.mail",
                                   "smtp.reply.250.rcpt", "smtp.reply.550", "smtp.reply.250.rcpt",
                                   "smtp.reply.354", "smtp.reply.250.data", "smtp.reply.221"});
    REQUIRE(pair.policy.deliveries().size() == 1);
    CHECK(pair.policy.deliveries()[0].transaction.rcpt_to ==
          std::vector<std::string>{"bob@hamburger.edu", "carol@hamburger.edu"});
}

TEST_CASE("without PIPELINING the client waits for each reply") {
    Pair pair;
    pair.server_config.extensions = kExtSize | kExtEightBitMime;
    pair.messages = {message_to({"bob@hamburger.edu", "carol@hamburger.edu"})};
    pair.go();
    CHECK(pair.transcript().find("C: MAIL FROM:<alice@crepes.fr> SIZE=22\n"
                                 "S: 250 2.1.0 Sender <alice@crepes.fr> OK\n"
                                 "C: RCPT TO:<bob@hamburger.edu>\n"
                                 "S: 250 2.1.5 Recipient <bob@hamburger.edu> OK\n"
                                 "C: RCPT TO:<carol@hamburger.edu>\n") != std::string::npos);
    CHECK(pair.rcpt(0, 0).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(0, 1).status == RecipientStatus::Accepted);
}

TEST_CASE("EHLO refused with 500 or 502: the client falls back to HELO") {
    for (int code : {reply::kSyntaxError, reply::kNotImplemented}) {
        CAPTURE(code);
        Pair pair;
        pair.policy.force_reply(FaultPoint::Kind::Command, Verb::Ehlo, code);
        pair.messages = {message_to({"bob@hamburger.edu"})};
        pair.go();
        CHECK(pair.said("C: EHLO crepes.fr"));
        CHECK(pair.said("C: HELO crepes.fr"));
        // After HELO: no extensions, so no SIZE parameter and no pipelining.
        CHECK(pair.said("C: MAIL FROM:<alice@crepes.fr>"));
        CHECK(pair.rcpt(0, 0).status == RecipientStatus::Accepted);
        CHECK(pair.policy.deliveries().size() == 1);
    }
}

TEST_CASE("every failure the server can force, at every point, reaches the client's record") {
    struct Point {
        FaultPoint::Kind kind;
        Verb verb;
    };
    const Point points[] = {{FaultPoint::Kind::Command, Verb::Mail},
                            {FaultPoint::Kind::Command, Verb::Rcpt},
                            {FaultPoint::Kind::Command, Verb::Data},
                            {FaultPoint::Kind::EndOfData, Verb::Data}};
    const int codes[] = {421, 450, 451, 452, 550, 552, 554};
    for (auto pipelining : {PipeliningUse::WhenOffered, PipeliningUse::Never}) {
        for (const Point& point : points) {
            for (int code : codes) {
                CAPTURE(static_cast<int>(pipelining));
                CAPTURE(verb_name(point.verb));
                CAPTURE(static_cast<int>(point.kind));
                CAPTURE(code);
                Pair pair;
                pair.client_config.pipelining = pipelining;
                pair.policy.force_reply(point.kind, point.verb, code, 1);
                pair.messages = {message_to({"bob@hamburger.edu", "carol@hamburger.edu"}),
                                 message_to({"bob@hamburger.edu"}, "second\r\n")};
                pair.go();
                REQUIRE(pair.results.size() == 2);
                // RCPT faults hit the first recipient only; the rest hit the whole message.
                const auto& first = pair.rcpt(0, 0);
                CHECK(first.status == expected_status(code));
                CHECK(first.reply.code == code);
                if (point.verb == Verb::Rcpt && point.kind == FaultPoint::Kind::Command &&
                    code != 421) {
                    CHECK(pair.rcpt(0, 1).status == RecipientStatus::Accepted);
                } else {
                    CHECK(pair.rcpt(0, 1).status == expected_status(code));
                    CHECK(pair.rcpt(0, 1).reply.code == code);
                }
                // 421 closes the session: the second message stays queued (transient) with
                // that reply; otherwise the session goes on and the second message arrives.
                if (code == 421) {
                    CHECK(pair.rcpt(1, 0).status == RecipientStatus::TransientFailure);
                    CHECK(pair.rcpt(1, 0).reply.code == 421);
                    CHECK_FALSE(pair.said("C: QUIT"));
                } else {
                    CHECK(pair.rcpt(1, 0).status == RecipientStatus::Accepted);
                    CHECK(pair.said("S: 221 2.0.0 hamburger.edu closing connection"));
                }
                // What the server stored agrees with what the client believes.
                std::size_t accepted = 0;
                for (const auto& result : pair.results)
                    for (const auto& r : result.recipients)
                        accepted += r.status == RecipientStatus::Accepted;
                std::size_t delivered = 0;
                for (const auto& d : pair.policy.deliveries())
                    delivered += d.transaction.rcpt_to.size();
                CHECK(accepted == delivered);
            }
        }
    }
}

TEST_CASE("recipient replies: 251 accepted, 450/452 transient, 550/551/553 permanent") {
    Pair pair;
    pair.policy.add_forward("old@hamburger.edu", "new@burger.example", ForwardKind::ServerForwards);
    pair.policy.add_forward("moved@hamburger.edu", "moved@fries.example",
                            ForwardKind::ClientMustRetry);
    pair.policy.force_reply(FaultPoint::Kind::Command, Verb::Rcpt, 450, 1);
    pair.messages = {
        message_to({"carol@hamburger.edu", "old@hamburger.edu", "moved@hamburger.edu",
                    "nobody@hamburger.edu", "x@elsewhere.example", "bob@hamburger.edu"})};
    pair.go();
    CHECK(pair.rcpt(0, 0).status == RecipientStatus::TransientFailure); // forced 450
    CHECK(pair.rcpt(0, 1).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(0, 1).reply.code == reply::kOk); // final reply after DATA
    CHECK(pair.rcpt(0, 2).status == RecipientStatus::PermanentFailure);
    CHECK(pair.rcpt(0, 2).reply.code == reply::kUserNotLocal);
    CHECK(pair.rcpt(0, 3).reply.code == reply::kMailboxUnavailable);
    CHECK(pair.rcpt(0, 4).reply.code == reply::kMailboxUnavailable); // relay denied
    CHECK(pair.rcpt(0, 4).reply.text().find("Relay access denied") != std::string::npos);
    CHECK(pair.rcpt(0, 5).status == RecipientStatus::Accepted);
}

TEST_CASE("101 recipients: 100 delivered, the 101st transient with 452") {
    Pair pair;
    pair.policy.set_relaying(Relaying::Open);
    std::vector<std::string> rcpts;
    for (int i = 1; i <= 101; ++i)
        rcpts.push_back("user" + std::to_string(i) + "@elsewhere.example");
    pair.messages = {message_to(rcpts)};
    pair.go();
    for (std::size_t i = 0; i < 100; ++i)
        CHECK(pair.rcpt(0, i).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(0, 100).status == RecipientStatus::TransientFailure);
    CHECK(pair.rcpt(0, 100).reply.code == reply::kInsufficientStorage);
    REQUIRE(pair.policy.deliveries().size() == 1);
    CHECK(pair.policy.deliveries()[0].transaction.rcpt_to.size() == 100);
}

TEST_CASE("all recipients refused: DATA gets 554 (pipelined) and the client resets") {
    for (auto pipelining : {PipeliningUse::WhenOffered, PipeliningUse::Never}) {
        Pair pair;
        pair.client_config.pipelining = pipelining;
        pair.messages = {message_to({"nobody@hamburger.edu", "ghost@hamburger.edu"}),
                         message_to({"bob@hamburger.edu"})};
        pair.go();
        CHECK(pair.rcpt(0, 0).reply.code == reply::kMailboxUnavailable);
        CHECK(pair.rcpt(0, 1).reply.code == reply::kMailboxUnavailable);
        CHECK(pair.said("C: RSET"));
        CHECK(pair.said("S: 554 5.5.1 No valid recipients") ==
              (pipelining == PipeliningUse::WhenOffered));
        CHECK(pair.rcpt(1, 0).status == RecipientStatus::Accepted);
        CHECK(pair.policy.deliveries().size() == 1);
    }
}

TEST_CASE("greeting 421 and 554: nothing is sent; 554 still gets a polite QUIT") {
    Pair busy;
    busy.policy.force_reply(FaultPoint::Kind::Connect, Verb::Unknown, 421);
    busy.messages = {message_to({"bob@hamburger.edu"})};
    busy.go();
    CHECK(busy.rcpt(0, 0).status == RecipientStatus::TransientFailure);
    CHECK(busy.run.transcript.size() == 1);

    Pair refused;
    refused.policy.force_reply(FaultPoint::Kind::Connect, Verb::Unknown, 554);
    refused.messages = {message_to({"bob@hamburger.edu"})};
    refused.go();
    CHECK(refused.rcpt(0, 0).status == RecipientStatus::PermanentFailure);
    CHECK(refused.transcript() == "S: 554 5.3.2 hamburger.edu No SMTP service here\n"
                                  "C: QUIT\n"
                                  "S: 221 2.0.0 hamburger.edu closing connection\n");
}

TEST_CASE("message too big: refused locally when SIZE is announced, by the server otherwise") {
    const Bytes big(300, 'x');
    Pair announced;
    announced.server_config.max_message_size = 100;
    announced.messages = {message_to({"bob@hamburger.edu"}, big)};
    announced.go();
    CHECK(announced.rcpt(0, 0).status == RecipientStatus::PermanentFailure);
    CHECK(announced.rcpt(0, 0).reply.key == "smtp.client.too_big");
    CHECK_FALSE(announced.said("C: DATA"));

    Pair silent;
    silent.server_config.max_message_size = 100;
    silent.server_config.extensions = kExtPipelining;
    silent.messages = {message_to({"bob@hamburger.edu"}, big)};
    silent.go();
    CHECK(silent.rcpt(0, 0).status == RecipientStatus::PermanentFailure);
    CHECK(silent.rcpt(0, 0).reply.code == reply::kExceededStorage);
    CHECK(silent.policy.deliveries().empty());
}

TEST_CASE("a full mailbox gives 552 after the dot") {
    Pair pair;
    pair.policy.set_quota(30);
    pair.messages = {message_to({"bob@hamburger.edu"}), message_to({"bob@hamburger.edu"})};
    pair.go();
    CHECK(pair.rcpt(0, 0).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(1, 0).status == RecipientStatus::PermanentFailure);
    CHECK(pair.rcpt(1, 0).reply.code == reply::kExceededStorage);
}

TEST_CASE("dot-stuffing and CRLF normalisation survive the round trip") {
    Pair pair;
    const Bytes content = "Subject: dots\n\n.\n..\n.hidden\nbare CR\rline\nlast line no newline";
    pair.messages = {message_to({"bob@hamburger.edu"}, content)};
    pair.go();
    CHECK(pair.said("C: .."));
    CHECK(pair.said("C: ..."));
    CHECK(pair.said("C: ..hidden"));
    REQUIRE(pair.policy.deliveries().size() == 1);
    CHECK(pair.policy.deliveries()[0].message ==
          "Subject: dots\r\n\r\n.\r\n..\r\n.hidden\r\nbare CR\r\nline\r\nlast line no newline\r\n");
}

TEST_CASE("8-bit content: BODY=8BITMIME when offered; refused by policy when not") {
    const Bytes content = "Subject: caf\xc3\xa9\r\n\r\n\xec\x95\x88\xeb\x85\x95\r\n";
    Pair offered;
    offered.messages = {message_to({"bob@hamburger.edu"}, content)};
    offered.go();
    CHECK(offered.said("C: MAIL FROM:<alice@crepes.fr> SIZE=26 BODY=8BITMIME"));
    REQUIRE(offered.policy.deliveries().size() == 1);
    CHECK(offered.policy.deliveries()[0].transaction.body == BodyType::EightBitMime);

    Pair refused;
    refused.server_config.extensions = kExtSize | kExtPipelining;
    refused.client_config.eight_bit = EightBitPolicy::Refuse;
    refused.messages = {message_to({"bob@hamburger.edu"}, content),
                        message_to({"carol@hamburger.edu"})};
    refused.go();
    CHECK(refused.rcpt(0, 0).status == RecipientStatus::PermanentFailure);
    CHECK(refused.rcpt(0, 0).reply.key == "smtp.client.eight_bit_refused");
    CHECK(refused.rcpt(1, 0).status == RecipientStatus::Accepted);
    CHECK(refused.policy.deliveries().size() == 1);
}

TEST_CASE("SEND, SOML and SAML from the client reach terminals and mailboxes") {
    Pair pair;
    pair.server_config.rfc821 = Rfc821Commands::Implement;
    pair.policy.set_logged_in("bob@hamburger.edu");
    auto send = message_to({"bob@hamburger.edu", "carol@hamburger.edu"}, "send\r\n");
    send.mode = DeliveryMode::Terminal;
    auto soml = message_to({"bob@hamburger.edu", "carol@hamburger.edu"}, "soml\r\n");
    soml.mode = DeliveryMode::TerminalOrMailbox;
    auto saml = message_to({"bob@hamburger.edu"}, "saml\r\n");
    saml.mode = DeliveryMode::TerminalAndMailbox;
    pair.messages = {send, soml, saml};
    pair.go();
    CHECK(pair.said("C: SEND FROM:<alice@crepes.fr> SIZE=6"));
    CHECK(pair.rcpt(0, 0).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(0, 1).status == RecipientStatus::TransientFailure); // not at a terminal
    CHECK(pair.rcpt(0, 1).reply.code == reply::kMailboxBusy);
    const auto& writes = pair.policy.terminal_writes();
    REQUIRE(writes.size() == 3);
    CHECK(writes[0].user == "bob@hamburger.edu");
    CHECK(writes[0].message == "send\r\n");
    CHECK(writes[1].message == "soml\r\n");
    CHECK(writes[2].message == "saml\r\n");
    const auto& boxes = pair.policy.mailboxes();
    CHECK(boxes.at("carol@hamburger.edu") == std::vector<Bytes>{"soml\r\n"});
    CHECK(boxes.at("bob@hamburger.edu") == std::vector<Bytes>{"saml\r\n"});
}

TEST_CASE("TURN: roles swap and the old server delivers mail back on the same connection") {
    StaticPolicy crepes_policy;
    crepes_policy.add_user("alice@crepes.fr", "Alice");
    StaticPolicy hamburger = hamburger_policy();
    hamburger.set_turn(TurnDecision::Accept);
    ServerConfig server_config = modern_server();
    server_config.rfc821 = Rfc821Commands::Implement;
    SmtpServer server(server_config, hamburger);
    ClientConfig client_config = modern_client();
    client_config.end = SessionEnd::Turn;
    SmtpClient client(client_config, {message_to({"bob@hamburger.edu"})});
    const LoopbackRun first = run_loopback(client, server);
    CHECK(first.transcript.back() == "S: 250 2.0.0 OK, turning around");
    auto reversal = [](const Event& e) { return std::holds_alternative<RoleReversal>(e); };
    CHECK(std::any_of(first.client_events.begin(), first.client_events.end(), reversal));
    CHECK(std::any_of(first.server_events.begin(), first.server_events.end(), reversal));
    CHECK(server.state() == State::Turned);

    // Now crepes.fr is the server and hamburger.edu the client, on the same connection.
    ServerConfig crepes_config;
    crepes_config.hostname = "crepes.fr";
    SmtpServer reversed_server(crepes_config, crepes_policy);
    ClientConfig reply_config;
    reply_config.hostname = "hamburger.edu";
    SmtpClient reversed_client(reply_config,
                               {{"bob@hamburger.edu", {"alice@crepes.fr"}, "Re: ketchup\r\n"}});
    const LoopbackRun second = run_loopback(reversed_client, reversed_server);
    CHECK(second.transcript.front() == "S: 220 crepes.fr ESMTP mailsim ready");
    CHECK(reversed_client.results().at(0).recipients.at(0).status == RecipientStatus::Accepted);
    CHECK(crepes_policy.mailboxes().at("alice@crepes.fr").at(0) == "Re: ketchup\r\n");
}

TEST_CASE("TURN refused: the client quits normally") {
    Pair pair;
    pair.client_config.end = SessionEnd::Turn;
    pair.messages = {message_to({"bob@hamburger.edu"})};
    pair.go();
    CHECK(pair.said("S: 502 5.5.1 TURN command not implemented"));
    CHECK(pair.said("S: 221 2.0.0 hamburger.edu closing connection"));
}

TEST_CASE("connection lost or timed out: pending recipients are transient") {
    SmtpClient client(modern_client(), {message_to({"bob@hamburger.edu"})});
    client.receive_data("220 hamburger.edu ESMTP\r\n");
    drain(client);
    CHECK(client.take_output() == "EHLO crepes.fr\r\n");
    client.receive_eof();
    const auto events = drain_described(client);
    CHECK(events.back() == "ConnectionClosed peer-closed");
    REQUIRE(client.results().size() == 1);
    CHECK(client.results()[0].recipients[0].status == RecipientStatus::TransientFailure);
    CHECK(client.results()[0].recipients[0].reply.key == "smtp.client.lost");

    SmtpClient slow(modern_client(), {message_to({"bob@hamburger.edu"})});
    slow.on_timeout();
    CHECK(drain_described(slow).back() == "ConnectionClosed timeout");
    CHECK(slow.results().at(0).recipients.at(0).reply.key == "smtp.client.timeout");
}

TEST_CASE("a malformed reply is a violation and leaves the mail queued") {
    SmtpClient client(modern_client(), {message_to({"bob@hamburger.edu"})});
    client.receive_data("220 hamburger.edu ESMTP\r\n");
    drain(client);
    client.receive_data("HTTP/1.1 400 Bad Request\r\n");
    const auto events = drain_described(client);
    CHECK(std::find_if(events.begin(), events.end(), [](const std::string& e) {
              return e.rfind("ProtocolViolation malformed_reply", 0) == 0;
          }) != events.end());
    CHECK(client.is_closed());
    CHECK(client.results().at(0).recipients.at(0).status == RecipientStatus::TransientFailure);
}

TEST_CASE("several messages in one session, each with its own outcome") {
    Pair pair;
    pair.messages = {message_to({"bob@hamburger.edu"}, "one\r\n"),
                     message_to({"nobody@hamburger.edu"}, "two\r\n"),
                     message_to({"carol@hamburger.edu"}, "three\r\n")};
    pair.go();
    REQUIRE(pair.results.size() == 3);
    CHECK(pair.rcpt(0, 0).status == RecipientStatus::Accepted);
    CHECK(pair.rcpt(1, 0).status == RecipientStatus::PermanentFailure);
    CHECK(pair.rcpt(2, 0).status == RecipientStatus::Accepted);
    CHECK(pair.policy.deliveries().size() == 2);
    CHECK(std::count(pair.run.transcript.begin(), pair.run.transcript.end(), "C: EHLO crepes.fr") ==
          1);
}
