// The UI's typed actions become the same one-line actions that lessons and scenarios write:
// printed by the one printer, read back by the one parser, with nothing lost on the way
// (Korean text, quotes, newlines, lists).
#include "sim/world/action.h"

#include <doctest/doctest.h>

using namespace mailsim::world;

namespace {

// Printed and parsed back, the action is the same value.
Action round_trip(const TypedAction& typed) {
    const Action action = to_action(typed);
    auto parsed = parse_action(action.to_string());
    REQUIRE(parsed.ok());
    CHECK(parsed->verb == action.verb);
    CHECK(parsed->args == action.args);
    CHECK(parsed->flags == action.flags);
    return *parsed;
}

} // namespace

TEST_CASE("a composed message survives printing: Korean, quotes, newlines and lists") {
    ComposeAction compose;
    compose.from = "alice@crepes.fr";
    compose.to = {"bob@hamburger.edu", "carol@hamburger.edu"};
    compose.subject = "Re: 케첩 \"pickles\" a=b";
    compose.body = "Line 1\nLine 2\twith a tab and a \\ backslash";
    compose.attach = "photo.jpg";
    const Action a = round_trip(compose);
    CHECK(a.verb == "compose");
    CHECK(*a.get("to") == "bob@hamburger.edu, carol@hamburger.edu");
    CHECK(*a.get("subject") == compose.subject);
    CHECK(*a.get("body") == compose.body);
    CHECK(a.get("cc") == nullptr); // empty fields are left out, not sent as ""
    CHECK(a.get("encoding") == nullptr);
}

TEST_CASE(
    "faults, forced replies, aliases, relay changes and telnet lines print as lessons write them") {
    CHECK(to_action(HostFault{"mail.hamburger.edu", Toggle::Down}).to_string() ==
          "fault down host=mail.hamburger.edu");
    CHECK(to_action(LinkFault{"a.test", "b.test", Toggle::Up}).to_string() ==
          "fault up link=a.test-b.test");
    CHECK(to_action(ForceReply{"mail.b.test", "RCPT", 450, 2}).to_string() ==
          "force at=RCPT code=450 count=2 host=mail.b.test");
    CHECK(to_action(SetAlias{"staff@b.test", {"ben@b.test", "bea@b.test"}}).to_string() ==
          "alias address=staff@b.test members=\"ben@b.test, bea@b.test\"");
    CHECK(to_action(RemoveAlias{"staff@b.test"}).to_string() ==
          "alias remove address=staff@b.test");
    CHECK(to_action(SetRelay{"mail.a.test", RelayChange::Allow, "pc.c.test"}).to_string() ==
          "relay allow=pc.c.test host=mail.a.test");
    CHECK(to_action(SetRelay{"mail.a.test", RelayChange::Open, ""}).to_string() ==
          "relay open host=mail.a.test");
    CHECK(to_action(RetrieveAction{"bob@b.test", RetrieveProtocol::Pop3Delete}).to_string() ==
          "retrieve mode=delete proto=pop3 user=bob@b.test");
    CHECK(to_action(RetrieveAction{"bob@b.test", RetrieveProtocol::Imap}).to_string() ==
          "retrieve proto=imap user=bob@b.test");
    round_trip(TelnetLine{"pc.c.test", "mail.a.test", 25, std::string("MAIL FROM:<a@b.test>")});
    CHECK(to_action(TelnetLine{"pc.c.test", "mail.a.test", 110, std::nullopt}).to_string() ==
          "telnet from=pc.c.test host=mail.a.test port=110");
}
