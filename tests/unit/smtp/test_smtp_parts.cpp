// The pieces under the engines: reply syntax, command and path parsing, dot-stuffing, the
// state table, and the session/transaction split.
#include "sim/proto/smtp/smtp_data.h"
#include "smtp_test_support.h"

#include <doctest/doctest.h>

#include <set>

using namespace mailsim;
using namespace mailsim::smtp;
using namespace mailsim::smtp::testing;

TEST_CASE("replies go on the wire per RFC 5321 §4.2") {
    CHECK(make_reply(reply::kOk, "OK").to_wire() == "250 OK\r\n");
    CHECK(make_reply(reply::kOk, std::vector<std::string>{"a", "b", "c"}).to_wire() ==
          "250-a\r\n250-b\r\n250 c\r\n");
    CHECK(make_reply(reply::kStartMailInput, "").to_wire() == "354\r\n");
    CHECK(make_reply(reply::kOk, "x").explanation_key() == "smtp.reply.250");
    CHECK(make_reply(reply::kOk, "x", "smtp.reply.250.data").explanation_key() ==
          "smtp.reply.250.data");
    CHECK(reply_class_of(354) == ReplyClass::PositiveIntermediate);
    CHECK(reply_class_of(452) == ReplyClass::TransientNegative);
    CHECK(reply_class_of(199) == ReplyClass::Invalid);
}

TEST_CASE("the reply parser joins continuation lines and rejects malformed ones") {
    ReplyParser parser;
    auto first = parser.feed_line("250-hamburger.edu Hello");
    REQUIRE(first);
    CHECK_FALSE(first->has_value());
    CHECK(parser.in_progress());
    auto last = parser.feed_line("250 PIPELINING");
    REQUIRE(last);
    REQUIRE(last->has_value());
    CHECK((*last)->lines == std::vector<std::string>{"hamburger.edu Hello", "PIPELINING"});
    auto bare = parser.feed_line("354");
    REQUIRE(bare);
    CHECK((*bare)->code == 354);

    for (const char* bad : {"", "25", "abc def", "250x", "650 nope", "170 low", "2a0 x"}) {
        CAPTURE(bad);
        CHECK_FALSE(parser.feed_line(bad));
    }
    REQUIRE(parser.feed_line("250-one"));
    CHECK_FALSE(parser.feed_line("550 two")); // the code changed mid-reply
    CHECK_FALSE(parser.in_progress());
}

TEST_CASE("command lines and paths") {
    const Command mail = parse_command_line("mail FROM:<a@b.c> SIZE=10");
    CHECK(mail.verb == Verb::Mail);
    CHECK(mail.verb_text == "mail");
    CHECK(mail.argument == "FROM:<a@b.c> SIZE=10");
    CHECK(mail.explanation_key() == "smtp.cmd.MAIL");
    CHECK(parse_command_line("XYZZY").verb == Verb::Unknown);
    CHECK(parse_command_line("MAILX FROM:<a@b.c>").verb == Verb::Unknown);

    auto path = parse_path_argument("FROM: <alice@crepes.fr>", "FROM", NullPath::Allowed);
    REQUIRE(path);
    CHECK(path->address == "alice@crepes.fr");
    CHECK(path->space_after_colon);
    auto null = parse_path_argument("FROM:<>", "FROM", NullPath::Allowed);
    REQUIRE(null);
    CHECK(null->null_path);
    CHECK_FALSE(parse_path_argument("TO:<>", "TO", NullPath::Forbidden));
    auto routed =
        parse_path_argument("TO:<@a.example,@b.example:bob@c.example>", "TO", NullPath::Forbidden);
    REQUIRE(routed);
    CHECK(routed->address == "bob@c.example");
    auto bare = parse_path_argument("TO:bob@c.example", "TO", NullPath::Forbidden);
    REQUIRE(bare);
    CHECK(bare->address == "bob@c.example");
    auto params =
        parse_path_argument("FROM:<a@b.c> size=5 body=8BITMIME", "FROM", NullPath::Allowed);
    REQUIRE(params);
    REQUIRE(params->parameters.size() == 2);
    CHECK(params->parameters[0] == std::make_pair(std::string("SIZE"), std::string("5")));
    CHECK(parse_path_argument("TO:<\"john doe\"@c.example>", "TO", NullPath::Forbidden));
    for (const char* bad : {"TO:<a@b", "TO:<a..b@c.d>", "TO:<@route>", "TO:<a@>", "TO:<a@b.c>x",
                            "FROM:<a@b.c>", "TO:", "TO:<a@b.c> =x"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_path_argument(bad, "TO", NullPath::Forbidden));
    }
}

TEST_CASE("dot-stuffing, unstuffing and line-end normalisation") {
    CHECK(normalize_line_endings("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd\r\n");
    CHECK(normalize_line_endings("") == "");
    const Bytes text = ".\r\n..\r\nx.\r\n.y\r\n";
    const Bytes stuffed = dot_stuff(text);
    CHECK(stuffed == "..\r\n...\r\nx.\r\n..y\r\n.\r\n");
    CHECK(dot_unstuff(stuffed) == text);
    CHECK(dot_stuff("") == ".\r\n");
    CHECK(has_eight_bit("caf\xc3\xa9"));
    CHECK_FALSE(has_eight_bit("cafe"));
}

TEST_CASE("line-end normalisation and the 8-bit test agree with octet-by-octet definitions") {
    // The fast versions search with memchr and test eight octets at once; these plain loops
    // say what they must compute, on random text rich in CR, LF and high octets.
    const auto reference_normalize = [](ByteView in) {
        Bytes out;
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (in[i] == '\r' || in[i] == '\n') {
                out += "\r\n";
                if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n')
                    ++i;
            } else {
                out += in[i];
            }
        }
        if (!out.empty() && (out.size() < 2 || out.substr(out.size() - 2) != "\r\n"))
            out += "\r\n";
        return out;
    };
    const auto reference_eight_bit = [](ByteView in) {
        for (char c : in)
            if (static_cast<unsigned char>(c) >= 0x80)
                return true;
        return false;
    };
    std::uint64_t x = 42;
    const char alphabet[] = {'a', 'b', '\r', '\n', '.', ' ', '\xc3', '\xa9'};
    for (int round = 0; round < 3000; ++round) {
        Bytes text;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::size_t size = (x >> 40) % 40;
        const bool ascii_only = (x >> 20) % 2 == 0;
        for (std::size_t i = 0; i < size; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            text += alphabet[(x >> 33) % (ascii_only ? 6 : 8)];
        }
        CAPTURE(text);
        CHECK(normalize_line_endings(text) == reference_normalize(text));
        std::size_t normalized_size = 0;
        CHECK(normalize_and_stuff(text, normalized_size) == dot_stuff(reference_normalize(text)));
        CHECK(normalized_size == reference_normalize(text).size());
        CHECK(has_eight_bit(text) == reference_eight_bit(text));
    }
}

TEST_CASE("the state table is complete and consistent") {
    std::set<State> reached = {State::Greeting};
    for (const auto& row : transition_table()) {
        reached.insert(row.to);
        CHECK(row.from != State::Closed);
        CHECK(row.from != State::Turned);
    }
    for (const auto& info : state_infos())
        CHECK_MESSAGE(reached.count(info.state), state_name(info.state));
    // Inside DATA only the end of the message or the end of the connection can happen.
    for (Trigger trigger : all_triggers()) {
        const bool allowed = is_allowed(State::Data, trigger);
        CHECK(allowed == (trigger == Trigger::EndOfData || trigger == Trigger::Shutdown ||
                          trigger == Trigger::ConnectionLost));
    }
    CHECK(next_state(State::MailGiven, Trigger::Rcpt, Outcome::Failure) == State::MailGiven);
    CHECK(next_state(State::Data, Trigger::EndOfData, Outcome::Failure) == State::Ready);
    CHECK_FALSE(next_state(State::Greeting, Trigger::Mail, Outcome::Success));
    CHECK(trigger_key(Trigger::Mail) == "smtp.cmd.MAIL");
    CHECK(trigger_key(Trigger::EndOfData) == "smtp.trigger.end_of_data");
}

TEST_CASE("RSET and HELO reset the transaction, never the session") {
    StaticPolicy policy = hamburger_policy();
    SessionInfo session;
    session.client_address = "192.0.2.7";
    SmtpServer server(modern_server(), policy, session);
    server.receive_data("EHLO crepes.fr\r\nMAIL FROM:<alice@crepes.fr>\r\n"
                        "RCPT TO:<bob@hamburger.edu>\r\n");
    drain(server);
    CHECK(server.transaction().mail_from == "alice@crepes.fr");
    CHECK(server.transaction().rcpt_to.size() == 1);
    server.receive_data("RSET\r\n");
    drain(server);
    CHECK(server.transaction().mail_from.empty());
    CHECK(server.transaction().rcpt_to.empty());
    CHECK(server.session().client_name == "crepes.fr");
    CHECK(server.session().greeted == Greeted::Ehlo);
    CHECK(server.session().client_address == "192.0.2.7");
    CHECK(server.session().transactions_started == 1);
    CHECK(server.state() == State::Ready);
}

TEST_CASE("after QUIT the server reads nothing more; after TURN it hands over the rest") {
    StaticPolicy policy = hamburger_policy();
    SmtpServer server(modern_server(), policy);
    server.receive_data("QUIT\r\nNOOP\r\n");
    const auto events = drain_described(server);
    CHECK(events.back() == "ConnectionClosed quit");
    server.receive_data("NOOP\r\n");
    CHECK(drain(server).empty());
    CHECK(server.take_output().find("250") == std::string::npos);

    StaticPolicy turning = hamburger_policy();
    turning.set_turn(TurnDecision::Accept);
    ServerConfig config = modern_server();
    config.rfc821 = Rfc821Commands::Implement;
    SmtpServer turned(config, turning);
    turned.receive_data("HELO crepes.fr\r\nTURN\r\n220 crepes.fr ESMTP\r\n");
    const auto turn_events = drain_described(turned);
    CHECK(turn_events.back() == "RoleReversal");
    CHECK(turned.state() == State::Turned);
    CHECK(turned.take_unprocessed() == "220 crepes.fr ESMTP\r\n");
}

TEST_CASE("TURN is refused in the middle of a transaction and by a refusing policy") {
    StaticPolicy policy = hamburger_policy(); // refuses TURN by default
    ServerConfig config = modern_server();
    config.rfc821 = Rfc821Commands::Implement;
    SmtpServer server(config, policy);
    server.receive_data("HELO crepes.fr\r\nTURN\r\nMAIL FROM:<a@b.c>\r\nTURN\r\n");
    drain(server);
    const Bytes out = server.take_output();
    CHECK(out.find("502 5.5.1 TURN not permitted\r\n") != std::string::npos);
    CHECK(out.find("503 5.5.1 TURN only outside a mail transaction\r\n") != std::string::npos);
}

TEST_CASE("the classic style words the error replies the sendmail way") {
    ServerRun run =
        run_server(classic_server(), hamburger_policy(),
                   "MAIL FROM:<a@b.c>\r\nHELO crepes.fr\r\nRCPT TO:<bob@hamburger.edu>\r\n"
                   "MAIL FROM:<alice@crepes.fr>\r\nRCPT TO:<nobody@hamburger.edu>\r\n"
                   "BOGUS\r\nHELP\r\n");
    CHECK(run.output == "220 hamburger.edu\r\n"
                        "503 Send HELO/EHLO first\r\n"
                        "250 Hello crepes.fr, pleased to meet you\r\n"
                        "503 Need MAIL before RCPT\r\n"
                        "250 alice@crepes.fr... Sender ok\r\n"
                        "550 nobody@hamburger.edu... User unknown\r\n"
                        "500 Command unrecognized\r\n"
                        "214-mailsim SMTP server; commands:\r\n"
                        "214-  HELO EHLO MAIL RCPT DATA\r\n"
                        "214-  RSET NOOP QUIT VRFY EXPN\r\n"
                        "214-  HELP\r\n"
                        "214 HELP <command> describes one command\r\n");
}
