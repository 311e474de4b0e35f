// Every control that acts on the world, clicked while the student looks at the past. Acting in
// the past rewinds the world to the shown position and replaces it; a panel that still held the
// old world's view while that happened read freed memory (this suite runs under ASan in the
// asan preset). Each click must leave the action recorded at the shown position, with the old
// future gone.
#include "headless_app.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

struct PastClick {
    std::string scenario;
    std::string panel;
    std::string control;  // bridge id of the button to click
    std::string expected; // the start of the action line recorded for it
    std::string tab = ""; // a tab to open first
    std::function<void(HeadlessApp&)> fill = nullptr; // typing before the click
    std::string lesson = "", step = "";               // a lesson opened at a step
};

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            words.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

// Runs the world to its end, steps back to a third of it, and clicks.
void click_in_past(const PastClick& c) {
    CAPTURE(c.control);
    HeadlessApp headless("en", HeadlessApp::Panels::Only, c.scenario, c.lesson, c.step, c.panel);
    // Tall enough that every control of the panel is on screen without scrolling.
    if (c.lesson.empty())
        ImGui::GetIO().DisplaySize = ImVec2(1280, 1600);
    Session& session = headless.app.session();
    session.seek_end();
    const std::size_t end = session.trace().size();
    REQUIRE(end > 6);
    session.seek(end / 3);
    headless.frames(10); // the layout settles (a lesson step asks for its panels)
    if (!c.tab.empty())
        REQUIRE(headless.click(c.tab));
    if (c.fill)
        c.fill(headless);
    headless.app.state().playback.playing = false;
    const std::size_t past = session.position();
    REQUIRE(past < session.trace().size()); // what is shown really is the past
    headless.scroll_into_view(c.panel, c.control);
    REQUIRE(headless.click(c.control));
    headless.app.state().playback.playing = false;
    headless.frames(2);
    const auto& events = session.trace().events();
    // The action is the first thing after what was shown (the world was rewound to there).
    REQUIRE(headless.app.state().status_message == "");
    REQUIRE(events.size() > past);
    std::size_t input = past;
    while (input < events.size() && events[input].kind != world::EventKind::Input)
        ++input;
    REQUIRE(input < events.size());
    CHECK(events[input].t == (past == 0 ? 0 : events[past - 1].t));
    for (const auto& word : split_words(c.expected))
        CHECK(events[input].text.find(word) != std::string::npos);
    CHECK(session.position() > input);
    CHECK(headless.app.state().status_message == "");
}

} // namespace

TEST_CASE("faults panel: every fault button acts safely in the past") {
    click_in_past({"alice-bob", "faults", "faults.host.mail.hamburger.edu",
                   "fault down host=mail.hamburger.edu", "faults.tab.faults"});
    click_in_past({"relay-chain", "faults", "faults.link.mail.crepes.fr-relay.isp.net",
                   "fault down link=mail.crepes.fr-relay.isp.net", "faults.tab.faults"});
    click_in_past({"alice-bob", "faults", "faults.force.apply",
                   "force host= at= code=", "faults.tab.faults"});
}

TEST_CASE("alias and relay editor: every button acts safely in the past") {
    click_in_past({"aliases", "faults", "policy.relay.mail.hamburger.edu.open", "relay open",
                   "faults.tab.relay"});
    click_in_past({"aliases", "faults", "policy.relay.mail.crepes.fr.allow",
                   "relay allow=", "faults.tab.relay"});
    click_in_past({"aliases", "faults", "policy.alias.b.smith@hamburger.edu.remove",
                   "alias remove address=b.smith@hamburger.edu", "faults.tab.aliases"});
    click_in_past({"aliases", "faults", "policy.alias.b.smith@hamburger.edu.apply",
                   "alias carol@hamburger.edu address=b.smith@hamburger.edu", "faults.tab.aliases",
                   [](HeadlessApp& h) {
                       REQUIRE(h.type_into("policy.alias.b.smith@hamburger.edu.members",
                                           ", carol@hamburger.edu"));
                   }});
    click_in_past({"aliases", "faults", "policy.new.add", "alias address=lab@hamburger.edu",
                   "faults.tab.aliases", [](HeadlessApp& h) {
                       REQUIRE(h.type_into("policy.new.address", "lab@hamburger.edu"));
                       REQUIRE(h.type_into("policy.new.members", "carol@hamburger.edu"));
                   }});
}

TEST_CASE("faults panel DNS tab: every record edit acts safely in the past") {
    click_in_past({"backup-mx", "faults", "dns.mx.hamburger.edu.apply",
                   "dns domain=hamburger.edu mail.crepes.fr", "faults.tab.dns", [](HeadlessApp& h) {
                       REQUIRE(h.type_into("dns.mx.hamburger.edu.records", ", 30 mail.crepes.fr"));
                   }});
    click_in_past({"backup-mx", "faults", "dns.mx.hamburger.edu.remove",
                   "dns domain=hamburger.edu mx=none", "faults.tab.dns"});
    click_in_past({"alice-bob", "faults", "dns.new.add", "dns domain=lab.test mail.crepes.fr",
                   "faults.tab.dns", [](HeadlessApp& h) {
                       REQUIRE(h.type_into("dns.new.domain", "lab.test"));
                       REQUIRE(h.type_into("dns.new.mx", "5 mail.crepes.fr"));
                   }});
    click_in_past({"alice-bob", "faults", "dns.a.mail.hamburger.edu.apply",
                   "dns name=mail.hamburger.edu 10.0.2.26", "faults.tab.dns", [](HeadlessApp& h) {
                       REQUIRE(h.type_into("dns.a.mail.hamburger.edu.addresses", ", 10.0.2.26"));
                   }});
}

TEST_CASE("compose panel: send and retrieve act safely in the past") {
    click_in_past({"alice-bob", "compose", "compose.send",
                   "compose subject=past to=bob@hamburger.edu", "", [](HeadlessApp& h) {
                       REQUIRE(h.type_into("compose.to", "bob@hamburger.edu"));
                       REQUIRE(h.type_into("compose.subject", "past"));
                   }});
    click_in_past({"alice-bob", "compose", "retrieve.go", "retrieve"});
}

TEST_CASE("telnet panel: connect and send act safely in the past") {
    click_in_past({"alice-bob", "telnet", "telnet.connect", "telnet port=25"});
}

TEST_CASE("telnet panel: a line typed into an open session acts safely in the past") {
    click_in_past(
        {"alice-bob", "telnet", "telnet.send", "telnet send=NOOP", "", [](HeadlessApp& h) {
             REQUIRE(h.click("telnet.connect"));
             h.app.state().playback.playing = false;
             // Back to just after the server's greeting, with the session open.
             Session& session = h.app.session();
             const std::size_t connected = session.position();
             session.seek_end();
             session.seek(connected + 4);
             REQUIRE(h.type_into("telnet.line", "NOOP"));
         }});
}

// In the tiled layout the lesson shares the window with the panels its step asks for: at
// 1280x800 its tile is shorter than the step, so the task's "show me" lies below the fold of the
// step text and is scrolled to first.
TEST_CASE("lesson panel: a task's 'show me' acts safely in the past") {
    click_in_past({"alice-bob", "lesson", "lesson.show_me.bob-reads-pop3",
                   "retrieve user=bob@hamburger.edu", "", nullptr, "parts-of-email", "access"});
}
