// Nothing on screen belongs to a world that is gone, and what is shown reads as people read it:
// switching scenario forgets the old world's message and its Received path, mailbox rows show
// decoded subjects, and reply lines are coloured by their class.
#include "headless_app.h"

#include "ui/style/theme.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/message_row.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

nlohmann::json inspector(HeadlessApp& headless) {
    return nlohmann::json::parse(headless.app.state_json())["inspector"];
}

// How far apart two colours are (sum of the RGB channel differences).
int colour_distance(ImU32 a, ImU32 b) {
    int total = 0;
    for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT})
        total +=
            std::abs(static_cast<int>((a >> shift) & 0xFF) - static_cast<int>((b >> shift) & 0xFF));
    return total;
}

world::Event reply(world::Proto proto, int code, std::string text) {
    world::Event e;
    e.kind = world::EventKind::Reply;
    e.proto = proto;
    e.code = code;
    e.text = std::move(text);
    return e;
}

} // namespace

TEST_CASE("switching scenario forgets the inspected message and its Received path") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "relay-chain", "", "", "inspector");
    headless.app.session().seek_end();
    Selection& selection = headless.app.state().selection;
    selection.mailbox = "bob@hamburger.edu/INBOX";
    selection.uid = 1;
    headless.frames(2);
    REQUIRE(inspector(headless)["received_path"].size() == 3);

    // The menu's File > Scenario does exactly this.
    REQUIRE(headless.app.load_scenario("alice-bob"));
    // Gone at once, not when the inspector next draws: the topology draws the path too, and
    // the inspector may be closed.
    CHECK(headless.app.state().inspected.path.empty());
    CHECK(headless.app.state().inspected.raw.empty());
    headless.frames(2);
    CHECK(inspector(headless).empty());

    // The same mailbox and UID in the new world is the new world's message, read afresh.
    headless.app.session().seek_end();
    selection.mailbox = "bob@hamburger.edu/INBOX";
    selection.uid = 1;
    headless.frames(2);
    const auto now = inspector(headless);
    REQUIRE(now.contains("received_path"));
    CHECK(now["raw_bytes"] == 42); // the lecture's two bare lines, with no Received field
    CHECK(now["received_path"].empty());
}

TEST_CASE("a mailbox row shows the decoded subject, as the inspector does") {
    HeadlessApp headless("ko", HeadlessApp::Panels::Only, "mime-photo", "", "", "mailboxes");
    headless.app.session().seek_end();
    headless.frames(3);
    const auto& mailboxes = headless.app.session().view().mailboxes;
    auto bob = mailboxes.find("bob@hamburger.edu");
    REQUIRE(bob != mailboxes.end());
    const auto& inbox = bob->second.folders.at("INBOX");
    REQUIRE(!inbox.empty());
    const world::MessageView& message = inbox.front();
    CHECK(message.subject.rfind("=?", 0) == 0); // stored as it crossed the wire
    const std::string row = message_row_text(message, "(no subject)");
    CHECK(row.find("\xec\x82\xac\xec\xa7\x84") != std::string::npos); // 사진
    CHECK(row.find("=?") == std::string::npos);
    // The panel drew that row.
    CHECK(headless.app.item_rect_json("mailboxes.message.bob@hamburger.edu/INBOX/" +
                                      std::to_string(message.uid)) != "null");
}

TEST_CASE("replies are coloured by class, commands by their protocol, and 354 is not a command") {
    const Palette& p = palette();
    world::Event command;
    command.kind = world::EventKind::Command;
    command.proto = world::Proto::Smtp;
    command.text = "DATA";
    CHECK(event_colour(command) == p.smtp);
    const world::Event go_ahead =
        reply(world::Proto::Smtp, 354, "354 End data with <CR><LF>.<CR><LF>");
    CHECK(event_colour(go_ahead) == p.reply_3yz);
    // Told apart at a glance, on a projector: not a shade of the command colour.
    CHECK(colour_distance(event_colour(go_ahead), event_colour(command)) > 120);
    CHECK(event_colour(reply(world::Proto::Smtp, 250, "250 OK")) == p.reply_2yz);
    CHECK(event_colour(reply(world::Proto::Smtp, 450, "450 busy")) == p.reply_4yz);
    CHECK(event_colour(reply(world::Proto::Smtp, 550, "550 no")) == p.reply_5yz);
    CHECK(event_colour(reply(world::Proto::Pop3, 0, "+OK 2 messages")) == p.reply_2yz);
    CHECK(event_colour(reply(world::Proto::Pop3, 0, "-ERR no such message")) == p.reply_5yz);
    CHECK(event_colour(reply(world::Proto::Imap, 0, "a1 OK done")) == p.reply_2yz);
    CHECK(event_colour(reply(world::Proto::Imap, 0, "a2 NO [TRYCREATE]")) == p.reply_4yz);
    CHECK(event_colour(reply(world::Proto::Imap, 0, "a3 BAD syntax")) == p.reply_5yz);
}
