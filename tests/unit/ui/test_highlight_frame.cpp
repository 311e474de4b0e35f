// What a lesson step highlights is visible: the panels it names (view:NAME) are framed and no
// others, the line it names (line:/code:) is marked in the transcript and on the sequence
// diagram, and the frame breathes without ever disappearing.
#include "headless_app.h"

#include "ui/widgets/highlight_frame.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

std::set<std::string> framed_windows(HeadlessApp& headless) {
    std::set<std::string> framed;
    const auto state = nlohmann::json::parse(headless.app.state_json());
    for (const auto& w : state["windows"])
        if (w.value("highlighted", false))
            framed.insert(w["id"].get<std::string>());
    return framed;
}

} // namespace

TEST_CASE(
    "lesson 01's queue step frames the queue and the inspector, which shows the queued mail") {
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "parts-of-email",
                         "message-queue");
    headless.frames(6);
    CHECK(framed_windows(headless) == std::set<std::string>{"queues", "inspector"});
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["selection"]["queue_host"] == "mail.crepes.fr");
    const auto inspector = state["inspector"];
    REQUIRE(!inspector.empty());
    // The lecture's mail: two bare body lines, exactly as Alice's server queued them.
    CHECK(inspector["raw_bytes"] == 42);
    CHECK(inspector["mail_from"] == "alice@crepes.fr");
    CHECK(inspector["title"].get<std::string>().find("mail.crepes.fr") != std::string::npos);
    CHECK(state["lesson"]["marked_event"].is_null()); // this step names no line
}

TEST_CASE("a step without view: highlights frames nothing; a line: highlight is marked") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "", "smtp-session", "greeting");
    headless.frames(6);
    CHECK(framed_windows(headless).empty());
    const auto state = nlohmann::json::parse(headless.app.state_json());
    REQUIRE(state["lesson"]["marked_event"].is_number());
    const auto marked = state["lesson"]["marked_event"].get<std::size_t>();
    const world::Event& e = headless.app.session().trace()[marked];
    CHECK(e.kind == world::EventKind::Reply);
    CHECK(e.code == 220);
    CHECK(headless.app.item_rect_json("transcript.marked") != "null");
    CHECK(headless.app.item_rect_json("sequence.marked") != "null");
}

TEST_CASE("leaving the lesson drops its frames and marks") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "", "smtp-session", "helo");
    headless.frames(6);
    CHECK(framed_windows(headless) == std::set<std::string>{"state_machine"});
    REQUIRE(headless.click("lesson.back"));
    CHECK(headless.app.state().lesson.lesson_id.empty());
    CHECK(framed_windows(headless).empty());
    CHECK(headless.app.item_rect_json("transcript.marked") == "null");
}

TEST_CASE("the frame breathes slowly and never goes out") {
    float lowest = 1, highest = 0;
    for (int i = 0; i <= 400; ++i) {
        const float a = highlight_alpha(i * 0.01);
        lowest = std::min(lowest, a);
        highest = std::max(highest, a);
    }
    CHECK(lowest >= 0.55f - 1e-4f);
    CHECK(highest <= 1.0f + 1e-4f);
    CHECK(highest - lowest > 0.4f);
    CHECK(highlight_alpha(0.0) == doctest::Approx(highlight_alpha(2.0))); // one breath: 2 s
}
