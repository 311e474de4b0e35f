// The SMTP client's state table (smtp_client_state.h) against the client engine itself: a
// scripted server answers every command with a reply drawn from what real servers say, over
// thousands of seeded sessions, and every move the engine makes must be a row of the table,
// every row must be taken at least once, and a tracker that only sees the commands and replies
// (as the UI sees a trace) must agree with the engine after every reply.
#include "smtp_test_support.h"

#include "sim/core/rng.h"
#include "sim/proto/smtp/smtp_client_state.h"

#include <doctest/doctest.h>

#include <deque>
#include <set>
#include <string>
#include <vector>

namespace mailsim::smtp {
namespace {

struct Session {
    Rng rng;
    SmtpClient client;
    ClientStateTracker tracker;
    std::deque<std::string> owed{"GREETING"}; // commands the scripted server has to answer
    Bytes partial;                            // client output not yet a whole line
    bool in_body = false;

    Session(std::uint64_t seed, ClientConfig config, std::vector<OutgoingMessage> messages)
        : rng(seed, 11), client(std::move(config), std::move(messages)) {}

    int pick(std::initializer_list<int> codes) {
        const auto i = rng.uniform_int(0, static_cast<std::int64_t>(codes.size()) - 1);
        return *(codes.begin() + i);
    }

    // Drains the engine, feeding the tracker what a trace would show, and reads the commands.
    void pump() {
        for (auto& event : testing::drain(client)) {
            if (auto* sent = std::get_if<CommandSent>(&event))
                tracker.command_sent(sent->command.verb);
            else if (auto* reply = std::get_if<ReplyReceived>(&event))
                tracker.reply_received(reply->reply.code);
            else if (std::holds_alternative<ConnectionClosed>(event))
                tracker.connection_ended();
        }
        partial += client.take_output();
        for (std::size_t end; (end = partial.find("\r\n")) != Bytes::npos;) {
            const std::string line = partial.substr(0, end);
            partial.erase(0, end + 2);
            if (in_body) {
                if (line == ".") {
                    in_body = false;
                    owed.push_back(".");
                }
                continue;
            }
            owed.push_back(to_upper_ascii(line.substr(0, line.find(' '))));
        }
    }

    // A reply a real server might give to the command, as wire bytes.
    Bytes reply_to(const std::string& command, int& code) {
        if (command == "GREETING")
            code = pick({220, 220, 220, 220, 554, 421});
        else if (command == "EHLO")
            code = pick({250, 250, 250, 250, 500, 502, 550, 451, 421});
        else if (command == "HELO")
            code = pick({250, 250, 250, 501, 421});
        else if (command == "MAIL" || command == "SEND" || command == "SOML" || command == "SAML")
            code = pick({250, 250, 250, 550, 451, 421});
        else if (command == "RCPT")
            code = pick({250, 250, 550, 451, 421});
        else if (command == "DATA")
            code = pick({354, 354, 354, 554, 451, 250, 421});
        else if (command == ".")
            code = pick({250, 250, 554, 451, 421});
        else if (command == "QUIT")
            code = pick({221, 221, 500, 421});
        else
            code = pick({250, 250, 502, 421}); // RSET, TURN
        if (command == "DATA" && code == 354)
            in_body = true;
        if (command == "EHLO" && code == 250) {
            Bytes out = "250-mx.example\r\n";
            if (rng.chance(0.5))
                out += "250-PIPELINING\r\n";
            if (rng.chance(0.3))
                out += "250-SIZE 100\r\n";
            if (rng.chance(0.5))
                out += "250-8BITMIME\r\n";
            return out + "250 HELP\r\n";
        }
        return std::to_string(code) + " reply\r\n";
    }
};

OutgoingMessage random_message(Rng& rng) {
    OutgoingMessage message;
    message.mail_from = "alice@crepes.fr";
    const auto recipients = rng.uniform_int(0, 3);
    for (std::int64_t i = 0; i < recipients; ++i)
        message.rcpt_to.push_back("user" + std::to_string(i) + "@hamburger.edu");
    message.content = "Subject: hi\r\n\r\nhello\r\n";
    if (rng.chance(0.2))
        message.content += std::string(200, 'x') + "\r\n"; // past a SIZE 100 limit
    if (rng.chance(0.2))
        message.content += "caf\xc3\xa9\r\n"; // 8-bit: converted or refused locally
    return message;
}

TEST_CASE("the client engine moves only along its state table, and takes every row") {
    const auto table = client_transitions();
    std::vector<bool> taken(table.size(), false);
    for (std::uint64_t seed = 1; seed <= 4000; ++seed) {
        Rng setup(seed, 3);
        ClientConfig config;
        config.style = setup.chance(0.3) ? ClientStyle::Classic : ClientStyle::Modern;
        config.pipelining = setup.chance(0.3) ? PipeliningUse::Never : PipeliningUse::WhenOffered;
        config.end = setup.chance(0.3) ? SessionEnd::Turn : SessionEnd::Quit;
        config.eight_bit =
            setup.chance(0.5) ? EightBitPolicy::Refuse : EightBitPolicy::ConvertQuotedPrintable;
        std::vector<OutgoingMessage> messages;
        const auto count = setup.uniform_int(0, 3);
        for (std::int64_t i = 0; i < count; ++i)
            messages.push_back(random_message(setup));
        Session session(seed, config, std::move(messages));
        session.pump();
        REQUIRE(session.client.client_state() == ClientState::Greeting);
        for (int step = 0; step < 60 && !session.client.is_closed(); ++step) {
            const ClientState before = session.client.client_state();
            ClientTrigger trigger = ClientTrigger::ConnectionEnd;
            const double roll = session.rng.uniform01();
            if (roll < 0.01) {
                session.client.receive_eof();
            } else if (roll < 0.02) {
                session.client.on_timeout();
            } else if (roll < 0.025) {
                session.client.receive_data("garbage\r\n"); // not a reply: the client hangs up
            } else {
                REQUIRE_FALSE(session.owed.empty());
                const std::string command = session.owed.front();
                session.owed.pop_front();
                int code = 0;
                session.client.receive_data(session.reply_to(command, code));
                trigger = client_trigger_for(before, code);
            }
            session.pump();
            const ClientState after = session.client.client_state();
            INFO("seed " << seed << " step " << step << ": " << client_state_name(before) << " -"
                         << client_trigger_name(trigger) << "-> " << client_state_name(after));
            bool found = false;
            for (std::size_t i = 0; i < table.size(); ++i)
                if (table[i].from == before && table[i].trigger == trigger &&
                    table[i].to == after) {
                    taken[i] = found = true;
                }
            CHECK(found);
            // The engine names the row it took itself: it runs on the table.
            const auto& taken_row = session.client.last_client_step();
            REQUIRE(taken_row.has_value());
            CHECK(taken_row->from == before);
            CHECK(taken_row->trigger == trigger);
            CHECK(taken_row->to == after);
            CHECK(session.tracker.state() == after);
            if (!found || session.tracker.state() != after)
                break;
        }
        REQUIRE(session.client.is_closed());
    }
    for (std::size_t i = 0; i < table.size(); ++i) {
        INFO("row never taken: " << client_state_name(table[i].from) << " -"
                                 << client_trigger_name(table[i].trigger) << "-> "
                                 << client_state_name(table[i].to));
        CHECK(taken[i]);
    }
}

TEST_CASE("the tracker holds the state between a reply and the next command") {
    ClientStateTracker tracker;
    CHECK(tracker.state() == ClientState::Greeting);
    CHECK_FALSE(tracker.last_step());
    tracker.reply_received(220);
    CHECK(tracker.state() == ClientState::Greeting); // EHLO not sent yet
    tracker.command_sent(Verb::Ehlo);
    CHECK(tracker.state() == ClientState::Ehlo);
    REQUIRE(tracker.last_step());
    CHECK(tracker.last_step()->from == ClientState::Greeting);
    CHECK(tracker.last_step()->trigger == ClientTrigger::Accepted);
    // Pipelined MAIL, RCPT, DATA: each reply moves to the next command already sent.
    tracker.reply_received(250);
    tracker.command_sent(Verb::Mail);
    tracker.command_sent(Verb::Rcpt);
    tracker.command_sent(Verb::Data);
    CHECK(tracker.state() == ClientState::Mail);
    tracker.reply_received(250);
    CHECK(tracker.state() == ClientState::Rcpt);
    tracker.reply_received(550);
    CHECK(tracker.state() == ClientState::Data);
    CHECK(tracker.last_step()->trigger == ClientTrigger::Refused);
    tracker.reply_received(354);
    CHECK(tracker.state() == ClientState::Body);
    tracker.reply_received(250);
    tracker.command_sent(Verb::Noop); // typed by hand: its reply moves nothing
    tracker.command_sent(Verb::Quit);
    CHECK(tracker.state() == ClientState::Body);
    tracker.reply_received(250); // NOOP's: now QUIT is the reply waited for
    CHECK(tracker.state() == ClientState::Quit);
    tracker.reply_received(221);
    CHECK(tracker.state() == ClientState::Closed);
    tracker.connection_ended();
    CHECK(tracker.last_step()->trigger == ClientTrigger::Accepted);
}

} // namespace
} // namespace mailsim::smtp
