// The live stream end to end without sockets: the server's LiveFeed follows a running world,
// a viewer's LiveMirror attaches from a snapshot taken in the middle and folds the batches
// that follow; it must then show exactly the view of the world itself.
#include "ui/cli/serve/live_feed.h"
#include "ui/live/live_codec.h"
#include "ui/live/live_mirror.h"
#include "ui/live/session_names.h"

#include "sim/world/world.h"
#include "ui/cli/scenario_loader.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace mailsim;

namespace {

std::unique_ptr<world::World> make_world(const std::string& name, std::string& text) {
    const std::string path =
        std::string(MAILSIM_SOURCE_DIR) + "/lessons/scenarios/" + name + ".toml";
    text = *world::read_whole_file(path);
    auto scenario = world::parse_scenario(text, path);
    REQUIRE(scenario);
    auto created = world::World::create(*scenario);
    REQUIRE(created);
    return std::move(*created);
}

// What the server does after every drive, on one thread here: the loop copies the new events,
// the web thread's feed takes them.
void follow(serve::TraceFollower& tap, serve::LiveFeed& feed, world::World& w, bool encode) {
    std::vector<world::Event> events;
    const std::uint64_t lost = tap.take(w.trace(), events);
    feed.add(events, w.now(), encode, lost);
}

} // namespace

TEST_CASE("a viewer attached mid-run ends with the server's view, step for step") {
    std::string text;
    auto w = make_world("delayed-bounce", text);
    // A short history: the snapshot's view is folded on the server, not just replayed.
    serve::LiveFeed feed(*w, "delayed-bounce", text, "test", 40);
    serve::TraceFollower tap;
    std::vector<std::string> sent; // what the mirror sent back (resync requests)
    live::LiveMirror mirror([&sent](const std::string& message) { sent.push_back(message); });

    std::size_t steps = 0;
    bool attached = false;
    while (w->step() && steps < 200000) {
        ++steps;
        follow(tap, feed, *w, attached);
        auto batch = feed.flush(); // here every step; the server flushes a few times a second
        if (!attached && w->trace().size() > 60) {
            auto update = mirror.receive(feed.snapshot("viewer"));
            REQUIRE(update);
            CHECK(*update == live::LiveMirror::Update::Attached);
            attached = true;
            CHECK(mirror.trace().size() == 40);
            continue;
        }
        if (batch) {
            auto update = mirror.receive(*batch);
            REQUIRE(update);
        }
    }
    REQUIRE(attached);
    CHECK(sent.empty());
    const auto& mine = mirror.view_at(mirror.trace().size());
    const auto& theirs = w->view();
    CHECK(live::encode_view(mine) == live::encode_view(theirs));
    CHECK(mine.counters.bounced == theirs.counters.bounced);
    CHECK(theirs.counters.bounced > 0);
    // Stepping back within what was received is a fold too: before its last event the mirror
    // shows what the world showed there.
    const std::size_t back = mirror.trace().size() - 1;
    const std::size_t server_back = w->trace().size() - 1;
    CHECK(live::encode_view(mirror.view_at(back)) == live::encode_view(w->view_at(server_back)));
    // The forms come from the same scenario.
    CHECK(mirror.world().scenario().uas.size() == w->scenario().uas.size());
    // A viewer may not act; the mirror says so without asking the server.
    world::Action noop;
    noop.verb = "compose";
    CHECK_FALSE(mirror.perform(noop));
}

TEST_CASE("a missing batch makes the viewer ask for a fresh snapshot instead of folding on") {
    std::string text;
    auto w = make_world("alice-bob", text);
    serve::LiveFeed feed(*w, "alice-bob", text, "test");
    serve::TraceFollower tap;
    std::vector<std::string> sent;
    live::LiveMirror mirror([&sent](const std::string& message) { sent.push_back(message); });
    REQUIRE(mirror.receive(feed.snapshot("teacher")));
    CHECK(mirror.may_act());
    std::vector<std::shared_ptr<const std::string>> batches;
    while (w->step() && batches.size() < 3) {
        follow(tap, feed, *w, true);
        if (auto batch = feed.flush())
            batches.push_back(batch);
    }
    REQUIRE(batches.size() == 3);
    REQUIRE(mirror.receive(*batches[0]));
    const std::size_t held = mirror.trace().size();
    auto skipped = mirror.receive(*batches[2]);
    REQUIRE(skipped);
    CHECK(*skipped == live::LiveMirror::Update::Resyncing);
    CHECK(mirror.trace().size() == held);
    REQUIRE(sent.size() == 1);
    auto request = live::decode_message(sent[0]);
    REQUIRE(request);
    CHECK(request->type == live::MessageType::Resync);
    // The teacher's action goes to the server as its action line.
    auto action = world::parse_action("compose from=alice@crepes.fr to=bob@hamburger.edu");
    REQUIRE(action);
    REQUIRE(mirror.receive(feed.snapshot("teacher")));
    CHECK(mirror.perform(*action));
    REQUIRE(sent.size() == 2);
    auto act = live::decode_message(sent[1]);
    REQUIRE(act);
    CHECK(act->type == live::MessageType::Act);
    CHECK(act->action == action->to_string());
}

TEST_CASE("a client's 8-bit bytes reach the viewer as valid UTF-8; bad messages are errors") {
    world::Event event;
    event.kind = world::EventKind::Command;
    event.text = "HELO \xB1\xE8\xC4\xA1"; // EUC-KR, not UTF-8
    const std::string encoded = live::encode_event(event);
    const std::string batch = live::encode_events(1, 0, {encoded});
    auto decoded = live::decode_message(batch);
    REQUIRE(decoded);
    REQUIRE(decoded->events.size() == 1);
    CHECK(decoded->events[0].text.rfind("HELO \xEF\xBF\xBD", 0) == 0);

    CHECK_FALSE(live::decode_message("not json"));
    CHECK_FALSE(live::decode_message("{\"type\":\"events\",\"version\":99,\"events\":[]}"));
    CHECK_FALSE(live::decode_message("{\"type\":\"events\",\"version\":4,\"events\":[{}]}"));
    CHECK_FALSE(live::decode_message("{\"type\":\"snapshot\",\"version\":4}"));
    CHECK_FALSE(live::decode_message("[1,2]"));
}

TEST_CASE("a snapshot's queues and mailboxes, written without a JSON tree, read back whole") {
    world::WorldView view;
    view.t = 12 * kSecond;
    world::QueueEntryView entry;
    entry.msg_id = "<1@a>";
    entry.from = "alice@hamburger.edu";
    entry.queued_event = 7;
    entry.queued_at = 3;
    entry.give_up_at = 5 * kSecond;
    entry.rcpts = {{"x@b.example", 2, 9, "451 \"try\\later\"\n"}, {"y@b.example", 0, 0, ""}};
    view.queues["mail.hamburger.edu"] = {entry, entry};
    view.queues["empty.example"] = {};
    world::MailboxView box;
    box.user = "bob@hamburger.edu";
    box.host = "mail.hamburger.edu";
    box.folders["INBOX"] = {
        {1, "<1@a>", "alice@hamburger.edu", "\xEC\x95\x88\xEB\x85\x95 \x01", ""},
        {2, "<2@a>", "", "\xB1\xE8 8-bit", "\\Seen"}};
    box.folders["Sent"] = {};
    view.mailboxes[box.user] = box;
    view.mailboxes["alice@hamburger.edu"].user = "alice@hamburger.edu";
    live::SnapshotHeader header;
    const std::string encoded = live::encode_view(view);
    auto decoded = live::decode_message(live::encode_snapshot(header, encoded, 0, {}));
    REQUIRE(decoded);
    const world::WorldView& back = decoded->view;
    CHECK(live::encode_view(back) == encoded);
    REQUIRE(back.queues.size() == 2);
    const auto& q = back.queues.at("mail.hamburger.edu");
    REQUIRE(q.size() == 2);
    CHECK(q[1].give_up_at == 5 * kSecond);
    REQUIRE(q[0].rcpts.size() == 2);
    CHECK(q[0].rcpts[0].last_error == "451 \"try\\later\"\n");
    CHECK(q[0].rcpts[0].attempts == 2);
    const auto& inbox = back.mailboxes.at("bob@hamburger.edu").folders.at("INBOX");
    REQUIRE(inbox.size() == 2);
    CHECK(inbox[0].subject == "\xEC\x95\x88\xEB\x85\x95 \x01");
    CHECK(inbox[1].subject.rfind("\xEF\xBF\xBD", 0) == 0); // not UTF-8: U+FFFD, still JSON
    CHECK(inbox[1].flags == "\\Seen");
    CHECK(back.mailboxes.at("bob@hamburger.edu").folders.count("Sent") == 1);
    CHECK(back.mailboxes.count("alice@hamburger.edu") == 1);
}

TEST_CASE("a student's page is read-only until the teacher allows composing, then composes only") {
    std::string text;
    auto w = make_world("alice-bob", text);
    serve::LiveFeed feed(*w, "alice-bob", text, "test");
    std::vector<std::string> sent;
    live::LiveMirror student([&sent](const std::string& message) { sent.push_back(message); });
    REQUIRE(student.receive(feed.snapshot("viewer")));
    auto compose = world::parse_action("compose from=alice@crepes.fr to=bob@hamburger.edu");
    auto fault = world::parse_action("fault host=mail.hamburger.edu down");
    REQUIRE(compose);
    REQUIRE(fault);
    // Refused here, with the string key the page shows in its language; nothing is sent.
    CHECK(std::string(student.refusal_key(*compose)) == live::kRefusedReadOnly);
    auto refused = student.perform(*compose);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == live::kRefusedReadOnly);
    student.permit_compose(true); // only the teacher's page may ask
    CHECK(sent.empty());

    auto allowed = student.receive(live::encode_permissions(true));
    REQUIRE(allowed);
    CHECK(*allowed == live::LiveMirror::Update::Permissions);
    CHECK(student.students_compose());
    CHECK(std::string(student.refusal_key(*fault)) == live::kRefusedComposeOnly);
    // Composing needs signing in first, and then comes from that account only.
    CHECK(student.signs_in());
    CHECK(std::string(student.refusal_key(*compose)) == live::kRefusedSignIn);
    student.sign_in("Alice@crepes.fr", "secret");
    REQUIRE(sent.size() == 1);
    auto login = live::decode_message(sent[0]);
    REQUIRE(login);
    CHECK(login->type == live::MessageType::Login);
    CHECK(login->address == "Alice@crepes.fr");
    CHECK(login->password == "secret");
    auto no = student.receive(live::encode_login_result(false, "", live::kRefusedBadLogin));
    REQUIRE(no);
    CHECK(*no == live::LiveMirror::Update::SignedIn);
    CHECK(student.last_sign_in().key == live::kRefusedBadLogin);
    CHECK(student.account().empty());
    REQUIRE(student.receive(live::encode_login_result(true, "alice@crepes.fr")));
    CHECK(student.account() == "alice@crepes.fr");
    CHECK(student.refusal_key(*compose) == nullptr);
    auto as_bob = world::parse_action("compose from=bob@hamburger.edu to=alice@crepes.fr");
    REQUIRE(as_bob);
    CHECK(std::string(student.refusal_key(*as_bob)) == live::kRefusedNotYours);
    REQUIRE(student.perform(*compose));
    REQUIRE(sent.size() == 2);
    CHECK(live::decode_message(sent[1])->type == live::MessageType::Act);
    // A fresh snapshot starts read-only again: the permissions follow it; a new connection
    // knows nobody, so the page signs in again by itself (a refused password it forgets).
    REQUIRE(student.receive(feed.snapshot("viewer")));
    CHECK_FALSE(student.students_compose());
    CHECK(student.account().empty());
    REQUIRE(sent.size() == 2); // the password was refused once and forgotten
    student.sign_in("alice@crepes.fr", "right");
    REQUIRE(student.receive(live::encode_login_result(true, "alice@crepes.fr")));
    REQUIRE(student.receive(feed.snapshot("viewer")));
    REQUIRE(sent.size() == 4);
    CHECK(live::decode_message(sent[3])->password == "right");

    // The teacher's page asks the server; the answer comes as permissions to everyone.
    std::vector<std::string> teacher_sent;
    live::LiveMirror teacher(
        [&teacher_sent](const std::string& message) { teacher_sent.push_back(message); });
    REQUIRE(teacher.receive(feed.snapshot("teacher")));
    CHECK(teacher.can_permit());
    CHECK_FALSE(student.can_permit());
    CHECK(teacher.refusal_key(*fault) == nullptr);
    teacher.permit_compose(true);
    REQUIRE(teacher_sent.size() == 1);
    auto permit = live::decode_message(teacher_sent[0]);
    REQUIRE(permit);
    CHECK(permit->type == live::MessageType::Permit);
    CHECK(permit->students_compose);
    CHECK_FALSE(teacher.students_compose()); // until the server says so

    auto result = live::decode_message(
        live::encode_act_result(3, false, "read-only", live::kRefusedReadOnly));
    REQUIRE(result);
    CHECK(result->key == live::kRefusedReadOnly);
    CHECK(live::decode_message(live::encode_act_result(4, true, ""))->key.empty());
}

TEST_CASE("a session is named after the account it logged in as or sent from") {
    auto scenario = world::parse_scenario(R"(name = "class"
[[host]]
name = "mail.hamburger.edu"
ip = "10.0.2.25"
roles = ["mta", "pop3", "imap"]
domains = ["hamburger.edu"]
[[user]]
address = "s01@hamburger.edu"
login = "s01"
name = "김민준"
[[user]]
address = "s02@hamburger.edu"
login = "s02"
name = "이서연"
)",
                                          "class");
    REQUIRE(scenario);
    world::Trace trace;
    auto add = [&trace](world::EventKind kind, world::ConnId conn, world::Proto proto,
                        std::string verb, std::string text, std::string user) {
        world::Event e;
        e.kind = kind;
        e.conn = conn;
        e.proto = proto;
        e.verb = std::move(verb);
        e.text = std::move(text);
        e.user = std::move(user);
        trace.add(std::move(e));
    };
    add(world::EventKind::Command, 2, world::Proto::Pop3, "USER", "USER s01", "");
    live::SessionNames names;
    names.follow(trace, *scenario);
    CHECK(names.name(2).empty()); // not logged in yet
    add(world::EventKind::StateChange, 2, world::Proto::Pop3, "", "", "s01");
    add(world::EventKind::Command, 3, world::Proto::Smtp, "MAIL",
        "mail FROM:<S02@Hamburger.edu> SIZE=9", "");
    add(world::EventKind::Command, 3, world::Proto::Smtp, "MAIL", "MAIL FROM:<s01@hamburger.edu>",
        "");
    add(world::EventKind::Command, 4, world::Proto::Smtp, "MAIL", "MAIL FROM:<me@example.com>", "");
    names.follow(trace, *scenario);
    CHECK(names.name(2) == "김민준");
    CHECK(names.name(3) == "이서연"); // the first sender a session gave is the one it keeps
    CHECK(names.name(4).empty());     // not an account of the world
    names.clear();
    CHECK(names.name(2).empty());
}

TEST_CASE("a snapshot names the open sessions that logged in before its events begin") {
    std::string text;
    auto w = make_world("pop3-two-devices", text);
    serve::LiveFeed feed(*w, "pop3-two-devices", text, "test", 3); // events fold in early
    serve::TraceFollower tap;
    std::size_t named = 0;
    while (w->step()) {
        follow(tap, feed, *w, false);
        feed.flush();
        auto snapshot = live::decode_message(feed.snapshot("viewer"));
        REQUIRE(snapshot);
        for (const auto& entry : snapshot->header.sessions) {
            CAPTURE(entry.first);
            CHECK(snapshot->view.connections.count(entry.first) == 1); // open ones only
            CHECK((entry.second == "Bob" || entry.second == "Alice"));
            named += entry.second == "Bob"; // a POP3 session, named at its login
        }
    }
    CHECK(named > 0);
}

TEST_CASE("a viewer's events are the world's, with what the smaller form left out filled in") {
    std::string text;
    auto w = make_world("relay-chain", text);
    serve::LiveFeed feed(*w, "relay-chain", text, "test", 5);
    serve::TraceFollower tap;
    live::LiveMirror mirror([](const std::string&) {});
    bool attached = false;
    std::size_t same = 0;
    while (w->step()) {
        follow(tap, feed, *w, attached);
        auto batch = feed.flush();
        if (!attached && w->trace().size() > 8) {
            REQUIRE(mirror.receive(feed.snapshot("viewer")));
            attached = true;
        } else if (attached && batch) {
            auto decoded = live::decode_message(*batch);
            REQUIRE(decoded);
            same += static_cast<std::size_t>(
                std::count(decoded->same.begin(), decoded->same.end(), true));
            REQUIRE(mirror.receive(*batch));
        }
    }
    REQUIRE(attached);
    CHECK(same > 50);
    const std::size_t received = mirror.trace().size();
    REQUIRE(received <= w->trace().size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < received; ++i) {
        world::Event theirs = w->trace()[w->trace().size() - received + i];
        world::Event mine = mirror.trace()[i];
        theirs.index = mine.index = 0;
        differing += world::to_json_line(theirs) != world::to_json_line(mine);
    }
    CHECK(differing == 0);
}

TEST_CASE("events that repeat their connection's host, peer and protocol go smaller") {
    world::Event e;
    e.kind = world::EventKind::Data;
    e.conn = 7;
    e.dir = world::Direction::C2S;
    e.proto = world::Proto::Smtp;
    e.host = "real-client";
    e.peer = "mail.hamburger.edu";
    e.text = "a line of the message";
    live::EventCompaction server, viewer;
    const std::string first = server.encode(e);
    const std::string second = server.encode(e);
    CHECK(first == "{" + live::encode_event(e).substr(std::string("{\"index\":0,").size()));
    CHECK(second.find("\"same\":1") != std::string::npos);
    CHECK(second.find("real-client") == std::string::npos);
    CHECK(second.size() + 50 < first.size());
    // The other direction, or another protocol on the connection (TCP), is written in full.
    world::Event reply = e;
    reply.dir = world::Direction::S2C;
    std::swap(reply.host, reply.peer);
    CHECK(server.encode(reply).find("same") == std::string::npos);

    // A viewer that joins now starts from the server's table.
    viewer.load(server.table());
    auto decoded = live::decode_message(live::encode_events(1, 0, {server.encode(e)}));
    REQUIRE(decoded);
    REQUIRE(decoded->same.size() == 1);
    CHECK(decoded->same[0]);
    REQUIRE(viewer.expand(decoded->events[0], true));
    CHECK(decoded->events[0].host == "real-client");
    CHECK(decoded->events[0].peer == "mail.hamburger.edu");
    CHECK(decoded->events[0].proto == world::Proto::Smtp);
    // A closed connection leaves the tables; a "same" for one unknown is an error, not a guess.
    world::Event closed = e;
    closed.kind = world::EventKind::ConnClose;
    server.encode(closed);
    CHECK(server.encode(e).find("same") == std::string::npos);
    live::EventCompaction empty;
    world::Event lost = decoded->events[0];
    CHECK_FALSE(empty.expand(lost, true));
}
