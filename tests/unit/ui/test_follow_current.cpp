// The sequence diagram and the transcript follow the current event: stepping with the arrow
// key keeps the current row inside the list's scroll view, scrolling away by hand stops that
// (the student reads back), and the next step resumes it. Lines of interleaved connections
// carry their connection's label.
#include "headless_app.h"
#include "item_box.h"

#include "ui/app/keys.h"

#include <imgui_internal.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

// The current row was drawn (the lists draw only visible rows) and lies inside the list.
bool current_in_view(HeadlessApp& headless, const std::string& row, const std::string& list) {
    const auto current = rect(headless, row);
    const auto view = rect(headless, list);
    if (!current || !view)
        return false;
    return current->y >= view->y - 0.5f && current->y + current->h <= view->y + view->h + 0.5f;
}

void press_right(HeadlessApp& headless) {
    headless.tap_key(keys::kRight);
}

void wheel_over(HeadlessApp& headless, const std::string& id, float notches) {
    const auto view = rect(headless, id);
    REQUIRE(view);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(view->x + view->w * 0.5f, view->y + view->h * 0.5f);
    headless.frames(1);
    io.MouseWheel = notches;
    headless.frames(1);
    io.MouseWheel = 0;
    headless.frames(2);
}

void follows_while_stepping(const std::string& panel, const std::string& row,
                            const std::string& list) {
    CAPTURE(panel);
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "pop3-two-devices", "", "", panel);
    // From the first line of the first dialogue on.
    Session& session = headless.app.session();
    session.seek_next([](const world::Event& e) { return e.kind == world::EventKind::Reply; });
    headless.frames(3);
    int checked = 0;
    for (int step = 0; step < 110; ++step) {
        press_right(headless);
        // Until the first line has happened there is no current row.
        if (checked == 0 && !rect(headless, row))
            continue;
        CAPTURE(step);
        const std::string where =
            headless.app.item_rect_json(row) + " in " + headless.app.item_rect_json(list);
        CAPTURE(where);
        CHECK(current_in_view(headless, row, list));
        ++checked;
    }
    // Far more lines than the list shows at once: it really had to scroll.
    const auto& events = headless.app.session().trace().events();
    int dialogue = 0;
    for (std::size_t i = 0; i < headless.app.session().position(); ++i)
        dialogue += (events[i].kind == world::EventKind::Command ||
                     events[i].kind == world::EventKind::Reply);
    CHECK(dialogue > 25); // the lists show about 12 (sequence) and 17 (transcript) rows
    CHECK(checked > 80);

    // Scrolled back by hand: the student reads earlier lines and the list stays there ...
    wheel_over(headless, list, 8.0f);
    CHECK_FALSE(current_in_view(headless, row, list));
    headless.frames(5);
    CHECK_FALSE(current_in_view(headless, row, list));
    // ... until the next step, which brings the current line back.
    const std::size_t before = session.position();
    press_right(headless);
    REQUIRE(session.position() == before + 1);
    headless.frames(1);
    CHECK(current_in_view(headless, row, list));
}

} // namespace

TEST_CASE("stepping keeps the current arrow inside the sequence diagram's view") {
    follows_while_stepping("sequence", "sequence.current", "sequence.rows");
}

TEST_CASE("stepping keeps the current line inside the transcript's view") {
    follows_while_stepping("transcript", "transcript.current", "transcript.lines");
}

TEST_CASE("transcript lines carry their connection once two connections are shown") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "pop3-two-devices", "", "", "transcript");
    Session& session = headless.app.session();
    session.seek_end();
    const auto& events = session.trace().events();
    // Just after the first dialogue line: one connection, no labels.
    std::size_t first = 0;
    while (first < events.size() && events[first].kind != world::EventKind::Reply)
        ++first;
    REQUIRE(first < events.size());
    const world::ConnId conn = events[first].conn;
    session.seek(first + 1);
    headless.frames(3);
    CHECK_FALSE(rect(headless, "transcript.conn." + std::to_string(conn)));
    // At the end several sessions have talked: each line says whose it is.
    session.seek_end();
    headless.frames(3);
    bool labelled = false;
    for (std::size_t i = 0; i < events.size(); ++i)
        if (events[i].conn != 0 &&
            rect(headless, "transcript.conn." + std::to_string(events[i].conn)))
            labelled = true;
    CHECK(labelled);
}

TEST_CASE("the explanation under the transcript fits its tile: the panel itself never scrolls") {
    // Lesson 02 in Korean at 1366x768: three lines of explanation pushed the line of times
    // under the tile's edge (and cut it at the right) at every step of the lesson.
    for (const ImVec2 display : {ImVec2(1366, 768), ImVec2(1920, 1080), ImVec2(390, 844)})
        for (const std::string step : {"greeting", "helo-predict", "data", "closure"}) {
            CAPTURE(display.x);
            CAPTURE(step);
            HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "smtp-session", step);
            ImGui::GetIO().DisplaySize = display;
            headless.frames(4);
            headless.app.open_panel("transcript"); // the active tab of its region
            headless.frames(4);
            const ImGuiWindow* panel = ImGui::FindWindowByName("###transcript");
            REQUIRE(panel != nullptr);
            CHECK(panel->ScrollMax.y < 1.0f);
            // Nothing of it runs past the tile's right edge either.
            CHECK(panel->ScrollMax.x < 1.0f);
            CHECK(panel->ContentSize.x <= panel->ContentRegionRect.GetWidth() + 1.0f);
        }
}

TEST_CASE("on a phone the sequence diagram scrolls sideways to the current arrow") {
    // 390x844: the lanes are wider than the screen, and lesson 02's HELO between the two mail
    // servers was drawn off its right edge while alice-pc's empty lane filled the view.
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "smtp-session", "helo-predict");
    ImGui::GetIO().DisplaySize = ImVec2(390, 844);
    headless.frames(4);
    headless.app.open_panel("sequence");
    headless.frames(4);
    for (int step = 0; step < 12; ++step) {
        CAPTURE(step);
        const auto arrow = rect(headless, "sequence.current_arrow");
        const auto view = rect(headless, "sequence.rows");
        REQUIRE(arrow);
        REQUIRE(view);
        CHECK(arrow->x >= view->x - 0.5f);
        CHECK(arrow->x + arrow->w <= view->x + view->w + 0.5f);
        press_right(headless);
        headless.frames(2);
    }
}
