// The world editor's model: every edit kind changes the design, undo gives the design before
// it and redo the edited one again; a refused edit names its field and changes nothing; and
// the edits the running world can take live become `alias`, `relay` and `dns` actions; a
// structural edit's new world replays the earlier actions that still apply.
#include "sim/world/scenario_writer.h"
#include "sim/world/world.h"
#include "sim/world/world_edit.h"
#include "sim/world/world_edit_live.h"
#include "sim/world/world_edit_replay.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::world;

namespace {

// Two domains, as the browser test builds them by hand.
WorldEditor two_domains() {
    WorldEditor editor;
    const std::vector<WorldEdit> steps = {
        AddHost{HostKind::Mta, "mail.a.test", "a.test", 0.3, 0.3},
        AddHost{HostKind::Mta, "mail.b.test", "b.test", 0.7, 0.3},
        AddHost{HostKind::Client, "pc-a", "", 0.2, 0.8},
        AddHost{HostKind::Client, "pc-b", "", 0.8, 0.8},
        Connect{"pc-a", "mail.a.test"},
        Connect{"mail.a.test", "mail.b.test", 40 * kMillisecond},
        Connect{"pc-b", "mail.b.test"},
        AddUser{"ann@a.test", "Ann", "", ""},
        AddUser{"ben@b.test", "Ben", "", ""},
        SetUserAgent{"ann@a.test", "pc-a", "mail.a.test"},
        SetUserAgent{"ben@b.test", "pc-b", "mail.b.test"},
    };
    for (const auto& step : steps) {
        const EditResult result = editor.apply(step);
        INFO((result ? result->message : std::string()));
        REQUIRE(!result);
    }
    return editor;
}

// Edit, undo, redo: the three designs a test of one edit kind compares.
void check_undo_redo(WorldEditor& editor, const WorldEdit& edit) {
    const Scenario before = editor.scenario();
    const EditResult result = editor.apply(edit);
    INFO((result ? result->message : std::string()));
    REQUIRE(!result);
    const Scenario edited = editor.scenario();
    CHECK_FALSE(same_world(edited, before));
    REQUIRE(editor.undo());
    CHECK(same_world(editor.scenario(), before));
    REQUIRE(editor.redo());
    CHECK(same_world(editor.scenario(), edited));
}

} // namespace

TEST_CASE("an empty world grows into two domains that deliver mail") {
    WorldEditor editor = two_domains();
    auto world = World::create(editor.scenario());
    REQUIRE(world.ok());
    REQUIRE((*world)->perform("compose from=ann@a.test to=ben@b.test subject=Hi body=Hello").ok());
    (*world)->run_until_idle(10 * kMinute);
    const auto& view = (*world)->view();
    REQUIRE(view.mailboxes.count("ben@b.test"));
    CHECK(view.mailboxes.at("ben@b.test").folders.at("INBOX").size() == 1);
}

TEST_CASE("every edit kind: undo gives the design before, redo the edited one") {
    WorldEditor editor = two_domains();
    SUBCASE("add host, every kind") {
        for (HostKind kind : kHostKinds) {
            CAPTURE(host_kind_id(kind));
            check_undo_redo(editor, AddHost{kind, "", "lab.test", 0.5, 0.5});
        }
    }
    SUBCASE("move") {
        check_undo_redo(editor, MoveHost{"pc-a", 0.1, 0.9});
    }
    SUBCASE("rename follows every reference") {
        check_undo_redo(editor, RenameHost{"mail.a.test", "mx.a.test"});
        const Scenario& s = editor.scenario();
        CHECK(s.host("mx.a.test"));
        CHECK(s.user("ann@a.test")->host == "mx.a.test");
        CHECK(s.uas[0].server == "mx.a.test");
        CHECK(s.links[0].b == "mx.a.test");
    }
    SUBCASE("remove takes its links, users and agents") {
        check_undo_redo(editor, RemoveHost{"mail.b.test"});
        const Scenario& s = editor.scenario();
        CHECK_FALSE(s.host("mail.b.test"));
        CHECK(s.links.size() == 1);
        CHECK_FALSE(s.user("ben@b.test"));
        CHECK(s.uas.size() == 1);
    }
    SUBCASE("address") {
        check_undo_redo(editor, SetHostIp{"pc-a", "10.0.9.9"});
    }
    SUBCASE("connect") {
        check_undo_redo(editor, Connect{"pc-a", "pc-b", kMillisecond, 0.1});
    }
    SUBCASE("disconnect") {
        check_undo_redo(editor, Disconnect{"mail.b.test", "mail.a.test"});
    }
    SUBCASE("link latency and loss") {
        check_undo_redo(editor, SetLinkQuality{"pc-a", "mail.a.test", kSecond, 0.2});
    }
    SUBCASE("domains") {
        check_undo_redo(editor, SetDomains{"mail.a.test", {"a.test", "other.test"}});
    }
    SUBCASE("user") {
        check_undo_redo(editor, AddUser{"amy@a.test", "Amy", "pw", ""});
    }
    SUBCASE("remove user") {
        check_undo_redo(editor, RemoveUser{"ben@b.test"});
    }
    SUBCASE("user agent servers") {
        check_undo_redo(editor,
                        SetUserAgent{"ann@a.test", "pc-a", "mail.b.test", Submission::Smtp, 587});
    }
    SUBCASE("remove user agent") {
        check_undo_redo(editor, RemoveUserAgent{"ben@b.test"});
    }
    SUBCASE("alias") {
        check_undo_redo(editor, SetAliasMembers{"staff@a.test", {"ann@a.test", "ben@b.test"}});
        check_undo_redo(editor, SetAliasMembers{"staff@a.test", {}});
    }
    SUBCASE("relay policy") {
        check_undo_redo(editor, SetRelayPolicy{"mail.a.test", false, {"pc-b"}});
        check_undo_redo(editor, SetRelayPolicy{"mail.a.test", true, {}});
    }
    SUBCASE("queue") {
        check_undo_redo(editor,
                        SetQueue{"mail.a.test", 5 * kSecond, {kMinute, 10 * kMinute}, kHour});
    }
    SUBCASE("MX records") {
        check_undo_redo(editor,
                        SetMx{"b.test", {{"", "mail.b.test", 10}, {"", "mail.a.test", 20}}});
    }
    SUBCASE("DNS server") {
        REQUIRE(!editor.apply(AddHost{HostKind::Client, "ns", "", {}, {}}));
        check_undo_redo(editor, SetDnsServer{"ns"});
    }
    SUBCASE("link bandwidth") {
        check_undo_redo(editor, SetLinkQuality{"pc-a", "mail.a.test", kSecond, 0, 56e3});
        CHECK(editor.scenario().links[0].bandwidth_bps == 56e3);
    }
    SUBCASE("user agent webmail") {
        REQUIRE(!editor.apply(AddHost{HostKind::Webmail, "web", "", {}, {}}));
        REQUIRE(!editor.apply(Connect{"web", "mail.a.test"}));
        check_undo_redo(editor, SetUserAgent{"ann@a.test", "pc-a", "mail.a.test", Submission::Smtp,
                                             25, std::string("web")});
        CHECK(editor.scenario().uas[0].webmail == "web");
        // Unset keeps it; "" removes it.
        REQUIRE(!editor.apply(SetUserAgent{"ann@a.test", "pc-a", "mail.b.test"}));
        CHECK(editor.scenario().uas[0].webmail == "web");
        check_undo_redo(editor, SetUserAgent{"ann@a.test", "pc-a", "mail.a.test", Submission::Smtp,
                                             25, std::string()});
        CHECK(editor.scenario().uas[0].webmail.empty());
    }
    SUBCASE("gateway: domain, site and line") {
        REQUIRE(!editor.apply(AddHost{HostKind::Gateway, "gw", "lab.b.test", 0.9, 0.1}));
        check_undo_redo(editor, SetGateway{"gw", "lab2.b.test", "site1", 2 * kMinute});
        const HostSpec* gw = editor.scenario().host("gw");
        CHECK(gw->uucp_domain == "lab2.b.test");
        CHECK(gw->uucp_interval == 2 * kMinute);
        CHECK(editor.scenario().host("site1")->domains == std::vector<std::string>{"lab2.b.test"});
    }
    SUBCASE("MTA options") {
        check_undo_redo(editor, SetMtaOptions{"mail.a.test", "mail.b.test", 5, kHour, false, true});
        const HostSpec* h = editor.scenario().host("mail.a.test");
        CHECK(h->smarthost == "mail.b.test");
        CHECK(h->max_received == 5);
        CHECK(h->expn);
    }
    SUBCASE("user details") {
        check_undo_redo(editor, SetUserDetails{"ann@a.test", "Ann Lee", "s3cret"});
        CHECK(editor.scenario().user("ann@a.test")->password == "s3cret");
    }
    SUBCASE("reply overrides") {
        check_undo_redo(
            editor, SetReplyOverrides{"mail.b.test", {{"rcpt", 450, 2}, {"DATA_END", 552, {}}}});
        const auto overrides = reply_overrides(editor.scenario(), "mail.b.test");
        REQUIRE(overrides.size() == 2);
        CHECK(overrides[0] == ReplyOverride{"RCPT", 450, 2});
        CHECK(editor.scenario().actions[0].action.to_string() ==
              "force at=RCPT code=450 count=2 host=mail.b.test");
        check_undo_redo(editor, SetReplyOverrides{"mail.b.test", {}});
        CHECK(editor.scenario().actions.empty());
    }
    SUBCASE("A records") {
        check_undo_redo(editor, SetAddressRecords{"www.a.test", {0x0a000105, 0x0a000106}});
        CHECK(editor.scenario().a_records.size() == 2);
        check_undo_redo(editor, SetAddressRecords{"www.a.test", {}});
    }
    SUBCASE("world options") {
        check_undo_redo(editor, SetWorldOptions{"Two domains", "두 도메인", false});
        CHECK_FALSE(editor.scenario().default_mx);
    }
}

TEST_CASE("the new fields refuse bad values at their field") {
    WorldEditor editor = two_domains();
    const auto refused = [&](const WorldEdit& edit, const char* field) {
        const Scenario before = editor.scenario();
        const EditResult result = editor.apply(edit);
        REQUIRE(result);
        CHECK(result->field == field);
        CHECK(editor.scenario() == before);
    };
    refused(SetMtaOptions{"mail.a.test", "nowhere", 25, 0, true, false}, "smarthost");
    refused(SetMtaOptions{"mail.a.test", "", 0, 0, true, false}, "max_received");
    refused(SetReplyOverrides{"mail.a.test", {{"RCPT", 999, {}}}}, "force");
    refused(SetReplyOverrides{"pc-a", {{"RCPT", 450, {}}}}, "roles");
    refused(SetGateway{"mail.a.test", "lab.test", "lab", kMinute}, "roles");
    refused(SetUserDetails{"ann@a.test", "Ann", ""}, "password");
    refused(SetLinkQuality{"pc-a", "mail.a.test", kSecond, 0, 0.0}, "bandwidth");
    REQUIRE(!editor.apply(AddHost{HostKind::Gateway, "gw", "lab.b.test", 0.9, 0.1}));
    refused(SetGateway{"gw", "lab.b.test", "nowhere", kMinute}, "uucp_host");
}

TEST_CASE("a drag is one undo step; a new drag is another") {
    WorldEditor editor = two_domains();
    const Scenario before = editor.scenario();
    for (int i = 1; i <= 5; ++i)
        REQUIRE(!editor.apply(MoveHost{"pc-a", 0.1 * i, 0.5}));
    editor.end_gesture();
    const Scenario after_first = editor.scenario();
    REQUIRE(!editor.apply(MoveHost{"pc-a", 0.9, 0.9}));
    REQUIRE(editor.undo());
    CHECK(same_world(editor.scenario(), after_first));
    REQUIRE(editor.undo());
    CHECK(same_world(editor.scenario(), before));
}

TEST_CASE("a refused edit names its field and leaves the world as it was") {
    WorldEditor editor = two_domains();
    const Scenario before = editor.scenario();
    struct Case {
        WorldEdit edit;
        const char* item;
        const char* field;
    };
    const Case cases[] = {
        {Connect{"pc-a", "nowhere"}, "link", "b"},
        {Connect{"pc-a", "mail.a.test"}, "link", "b"}, // already linked
        {SetMx{"a.test", {{"", "mx.nowhere.test", 10}}}, "mx", "host"},
        {SetHostIp{"pc-b", "10.0.0.3"}, "host", "ip"}, // pc-a's address
        {SetHostIp{"pc-b", "10.0.0.300"}, "host", "ip"},
        {AddHost{HostKind::Client, "pc-a", "", {}, {}}, "host", "name"},
        {RenameHost{"pc-a", "pc-b"}, "host", "name"},
        {RenameHost{"pc-a", "bad name"}, "host", "name"},
        {AddUser{"ann@a.test", "", "", ""}, "user", "address"},
        {AddUser{"nobody@c.test", "", "", ""}, "user", "host"},
        {AddUser{"not an address", "", "", ""}, "user", "address"},
        {SetUserAgent{"ann@a.test", "pc-x", "mail.a.test"}, "ua", "host"},
        {SetUserAgent{"ann@a.test", "pc-a", "mail.x"}, "ua", "server"},
        {SetRelayPolicy{"mail.a.test", false, {"ghost"}}, "host", "relay_for"},
        {SetRelayPolicy{"pc-a", true, {}}, "host", "roles"},
        {SetQueue{"mail.a.test", 30 * kSecond, {}, kDay}, "host", "retry"},
        {SetAliasMembers{"ann@a.test", {"ben@b.test"}}, "alias", "address"},
        {SetDnsServer{"ghost"}, "dns", "server"},
        {SetLinkQuality{"pc-a", "mail.a.test", kSecond, 0.95}, "link", "loss"},
        {Disconnect{"pc-a", "pc-b"}, "link", "b"},
        {RemoveHost{"ghost"}, "host", "name"},
    };
    for (const Case& c : cases) {
        const EditResult result = editor.apply(c.edit);
        REQUIRE(result);
        CAPTURE(result->message);
        CHECK(result->item == c.item);
        CHECK(result->field == c.field);
        CHECK_FALSE(result->message.empty());
        CHECK(same_world(editor.scenario(), before));
    }
    CHECK(editor.can_undo()); // the two_domains() edits, nothing more
    WorldEditor fresh = two_domains();
    int steps = 0;
    while (fresh.undo())
        ++steps;
    int mine = 0;
    while (editor.undo())
        ++mine;
    CHECK(mine == steps);
}

TEST_CASE("alias, relay and DNS edits reach the running world as live actions") {
    WorldEditor editor = two_domains();
    const Scenario before = editor.scenario();
    REQUIRE(!editor.apply(SetAliasMembers{"staff@a.test", {"ann@a.test"}}));
    REQUIRE(!editor.apply(SetRelayPolicy{"mail.a.test", false, {"pc-b"}}));
    REQUIRE(!editor.apply(SetMx{"b.test", {{"", "mail.b.test", 10}, {"", "mail.a.test", 20}}}));
    const auto actions = live_actions(before, editor.scenario());
    REQUIRE(actions);
    std::vector<std::string> lines;
    for (const auto& a : *actions)
        lines.push_back(a.to_string());
    CHECK(lines == std::vector<std::string>{
                       "alias address=staff@a.test members=ann@a.test",
                       "relay allow=pc-b host=mail.a.test",
                       "dns domain=b.test mx=\"10 mail.b.test, 20 mail.a.test\"",
                   });
    // Performed on the world made from the old design, they are config events in its trace.
    auto world = World::create(before);
    REQUIRE(world.ok());
    for (const auto& a : *actions)
        CHECK((*world)->perform(a).ok());
    int configs = 0;
    for (const auto& e : (*world)->trace().events())
        configs += e.kind == EventKind::Config;
    CHECK(configs == 3);
    // The way back (undo) is live too.
    const auto back = live_actions(editor.scenario(), before);
    REQUIRE(back);
    CHECK(back->size() == 3);
    // A move is nothing for the world; a new host is structural.
    Scenario moved = before;
    REQUIRE(!apply_edit(moved, MoveHost{"pc-a", 0.5, 0.5}));
    CHECK(live_actions(before, moved)->empty());
    Scenario grown = before;
    REQUIRE(!apply_edit(grown, AddHost{HostKind::Client, "", "", {}, {}}));
    CHECK_FALSE(live_actions(before, grown));
    // A records and the default MX rule are DNS too; the titles are nothing for the world.
    Scenario renamed = before;
    REQUIRE(!apply_edit(renamed, SetAddressRecords{"www.a.test", {0x0a000105}}));
    REQUIRE(!apply_edit(renamed, SetWorldOptions{"Two domains", "두 도메인", false}));
    const auto dns = live_actions(before, renamed);
    REQUIRE(dns);
    lines.clear();
    for (const auto& a : *dns)
        lines.push_back(a.to_string());
    CHECK(lines == std::vector<std::string>{
                       "dns domain=a.test mx=none",
                       "dns domain=b.test mx=none",
                       "dns a=10.0.1.5 name=www.a.test",
                   });
}

TEST_CASE("the edited design saves and loads as the same world") {
    WorldEditor editor = two_domains();
    REQUIRE(!editor.apply(AddHost{HostKind::Gateway, "gw", "lab.b.test", 0.9, 0.1}));
    REQUIRE(!editor.apply(SetMx{"b.test", {{"", "mail.b.test", 10}}}));
    // Every field the editor has, in the file.
    REQUIRE(!editor.apply(SetGateway{"gw", "lab.b.test", "site1", 2 * kMinute}));
    REQUIRE(!editor.apply(SetMtaOptions{"mail.a.test", "mail.b.test", 5, kHour, false, true}));
    REQUIRE(!editor.apply(SetUserDetails{"ann@a.test", "Ann Lee", "s3cret"}));
    REQUIRE(!editor.apply(SetReplyOverrides{"mail.b.test", {{"RCPT", 450, 2}}}));
    REQUIRE(!editor.apply(SetAddressRecords{"www.a.test", {0x0a000105}}));
    REQUIRE(!editor.apply(SetWorldOptions{"Two domains", "두 도메인", false}));
    REQUIRE(!editor.apply(SetLinkQuality{"pc-a", "mail.a.test", kSecond, 0.1, 56e3}));
    const std::string text = write_scenario(editor.scenario());
    auto again = parse_scenario(text, "saved.toml");
    REQUIRE(again.ok());
    CHECK(same_world(*again, editor.scenario()));
}

TEST_CASE("a new world replays the earlier actions that still name what is there") {
    WorldEditor editor = two_domains();
    auto old_world = World::create(editor.scenario());
    REQUIRE(old_world.ok());
    World& before = **old_world;
    before.run_until(kSecond);
    REQUIRE(before.perform("fault host=pc-b down").ok());
    before.run_until(2 * kSecond);
    REQUIRE(before.perform("compose from=ann@a.test to=ben@b.test subject=Hi body=Hello").ok());
    before.run_until(3 * kSecond);
    REQUIRE(before.perform("compose from=ben@b.test to=ann@a.test subject=Re body=Hi").ok());
    before.run_until(kMinute);

    // pc-b and Ben's agent go: the fault on pc-b and Ben's compose cannot happen any more.
    REQUIRE(!editor.apply(RemoveHost{"pc-b"}));
    auto new_world = World::create(editor.scenario());
    REQUIRE(new_world.ok());
    World& after = **new_world;
    const ReplayOutcome outcome = replay_inputs(after, before.inputs(), kMinute);
    CHECK(outcome.replayed == 1);
    REQUIRE(outcome.dropped.size() == 2);
    CHECK(outcome.dropped[0].missing.why == DropReason::HostGone);
    CHECK(outcome.dropped[0].missing.name == "pc-b");
    CHECK(describe(outcome.dropped[0].missing) == "the host pc-b is no longer in the network");
    CHECK(outcome.dropped[0].t == kSecond);
    CHECK(outcome.dropped[1].missing.why == DropReason::UserAgentGone);
    CHECK(describe(outcome.dropped[1].missing) == "ben@b.test has no user agent any more");
    CHECK(after.now() == kMinute);
    REQUIRE(after.inputs().size() == 1);
    CHECK(after.inputs()[0].t == 2 * kSecond); // at the time it happened
    CHECK(after.view().mailboxes.at("ben@b.test").folders.at("INBOX").size() == 1);
    // A link fault names its two hosts; host names have dashes too.
    Action fault;
    fault.verb = "fault";
    fault.args["link"] = "pc-a-mail.a.test";
    CHECK(!missing_name(fault, editor.scenario()));
    fault.args["link"] = "pc-b-mail.b.test";
    const auto gone = missing_name(fault, editor.scenario());
    REQUIRE(gone);
    CHECK(describe(*gone) == "the link pc-b-mail.b.test is no longer in the network");
}
