// A queue entry is a message: clicking its row in the queues panel opens it in the inspector,
// as it was queued on that host, and only while it is in the queue at the position shown
// (seeking back before it was queued, or on past its departure, empties the inspector).
#include "drawn_glyphs.h"
#include "headless_app.h"

#include "sim/core/sha256.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

nlohmann::json inspector(HeadlessApp& headless) {
    return nlohmann::json::parse(headless.app.state_json())["inspector"];
}

// Position just after the first event of `kind` on `host` (the view then shows its effect).
std::size_t after_first(Session& session, world::EventKind kind, const std::string& host) {
    session.seek_start();
    REQUIRE(
        session.seek_next([&](const world::Event& e) { return e.kind == kind && e.host == host; }));
    return session.position();
}

// The message as it crossed the wire in the DATA phase of `conn` (the inspector's own
// rebuilding of a connection's message, an independent path from the queue's copy).
std::string wire_sha256(HeadlessApp& headless, world::ConnId conn) {
    Selection& selection = headless.app.state().selection;
    selection = Selection{};
    selection.conn = conn;
    headless.frames(2);
    return inspector(headless).value("raw_sha256", "");
}

std::string row_id(const std::string& host, const std::string& msg_id, const std::string& rcpt) {
    return "queues.entry." + host + "/" + msg_id + "/" + rcpt;
}

} // namespace

TEST_CASE("clicking a queued message opens it in the inspector, as that host queued it") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "relay-chain", "", "", "queues");
    headless.app.open_panel("inspector");
    Session& session = headless.app.session();
    const std::size_t queued = after_first(session, world::EventKind::Queued, "mail.crepes.fr");
    headless.frames(4);
    const auto& entries = session.view().queues.at("mail.crepes.fr");
    REQUIRE(entries.size() == 1);
    const std::string msg_id = entries.front().msg_id;
    REQUIRE(inspector(headless).empty()); // nothing picked yet

    REQUIRE(headless.click(row_id("mail.crepes.fr", msg_id, "bob@hamburger.edu")));
    REQUIRE(headless.app.state().selection.queue_host == "mail.crepes.fr");
    const auto shown = inspector(headless);
    REQUIRE(!shown.empty());
    CHECK(shown["subject"] == "Through the relays");
    CHECK(shown["mail_from"] == "alice@crepes.fr");
    CHECK(shown["title"].get<std::string>().find("mail.crepes.fr") != std::string::npos);
    const InspectedMessage& m = headless.app.state().inspected;
    const std::string body(m.parsed.body().begin(), m.parsed.body().end());
    CHECK(body.find("Count the Received: lines, Bob.") != std::string::npos);
    CHECK(shown["body_sha256"] == sha256_hex(m.parsed.body()));
    // Alice's server added its own Received line when it took the mail: the queued copy.
    CHECK(m.parsed.headers.get_all("Received").size() == 1);
    const std::string queued_sha = shown["raw_sha256"];

    // The relay queues the same message (same Message-ID) with one more Received line: its
    // row opens the relay's copy, not Alice's server's.
    const std::size_t at_relay = after_first(session, world::EventKind::Queued, "relay.isp.net");
    headless.frames(3);
    REQUIRE(headless.click(row_id("relay.isp.net", msg_id, "bob@hamburger.edu")));
    REQUIRE(headless.app.state().selection.queue_host == "relay.isp.net");
    CHECK(inspector(headless)["subject"] == "Through the relays");
    CHECK(headless.app.state().inspected.parsed.headers.get_all("Received").size() == 2);
    const std::string relay_sha = inspector(headless)["raw_sha256"];
    CHECK(relay_sha != queued_sha);

    // What each queue held is exactly what its MTA then sent on: conn 2 is Alice's server to
    // the relay, conn 3 the relay to Bob's server.
    session.seek_end();
    CHECK(wire_sha256(headless, 2) == queued_sha);
    CHECK(wire_sha256(headless, 3) == relay_sha);
    CHECK(queued > 0);
    CHECK(at_relay > queued);
}

TEST_CASE("the queued message is shown only while it is in the queue at the position shown") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "relay-chain", "", "", "queues");
    headless.app.open_panel("inspector");
    Session& session = headless.app.session();
    const std::size_t queued = after_first(session, world::EventKind::Queued, "mail.crepes.fr");
    headless.frames(4);
    const std::string msg_id = session.view().queues.at("mail.crepes.fr").front().msg_id;
    REQUIRE(headless.click(row_id("mail.crepes.fr", msg_id, "bob@hamburger.edu")));
    const std::string sha = inspector(headless)["raw_sha256"];
    REQUIRE(!sha.empty());
    // The envelope shown is who waits now: carol joins the entry with the next event.
    CHECK(inspector(headless)["rcpt_to"] == nlohmann::json::array({"bob@hamburger.edu"}));
    session.seek(queued + 1);
    headless.frames(2);
    CHECK(inspector(headless)["rcpt_to"] ==
          nlohmann::json::array({"bob@hamburger.edu", "carol@lab.hamburger.edu"}));

    // Back to just before it was queued: not there, and the inspector says why.
    session.seek(queued - 1);
    headless.frames(2);
    CHECK(inspector(headless).empty());
    // Forward again: the same bytes, from the trace (the world itself has moved on).
    session.seek(queued);
    headless.frames(2);
    CHECK(inspector(headless)["raw_sha256"] == sha);

    // Relayed to the next hop, one recipient after the other: still in the queue while carol
    // waits, gone once both have left.
    const std::size_t first_relayed =
        after_first(session, world::EventKind::Relayed, "mail.crepes.fr");
    headless.frames(2);
    CHECK(inspector(headless)["raw_sha256"] == sha);
    CHECK(inspector(headless)["rcpt_to"] ==
          nlohmann::json::array({"carol@lab.hamburger.edu"})); // bob has left the queue
    session.seek(first_relayed + 1);
    headless.frames(2);
    CHECK(session.view().queue_entry("mail.crepes.fr", msg_id) == nullptr);
    CHECK(inspector(headless).empty());
    // And back into the past once more.
    session.seek(queued);
    headless.frames(2);
    CHECK(inspector(headless)["raw_sha256"] == sha);
}

TEST_CASE(
    "lesson 1's queued message: the queue's age fits its column, the header says it is empty") {
    // At 1366x768 the age bar read ") / 5d 00:00:00" (the clock's text cut at both ends) and
    // the inspector's header column was blank for the lecture's header-less message.
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "parts-of-email",
                         "message-queue");
    ImGui::GetIO().DisplaySize = ImVec2(1366, 768);
    headless.frames(6);
    const auto& entries = headless.app.session().view().queues.at("mail.crepes.fr");
    REQUIRE(entries.size() == 1);
    CHECK(nlohmann::json::parse(headless.app.item_rect_json("inspector.no_header")).is_object());
    // The age bar's label as drawn: the short units, none of the clock's colons.
    CHECK(glyphs_drawn_any_font("###queues", ':') == 0);
    CHECK(glyphs_drawn_any_font("###queues", 's') >= 1);
}
