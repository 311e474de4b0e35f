#include "headless_app.h"

#include "ui/app/keys.h"
#include "ui/app/lesson_tasks.h"
#include "ui/panels/panel_registry.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace mailsim::ui;
using mailsim::ui::testing::HeadlessApp;

TEST_CASE("every panel draws for a few frames in both languages without missing strings") {
    for (const char* language : {"ko", "en"}) {
        // Every registered panel open, as a curious student would have it.
        HeadlessApp headless(language, HeadlessApp::Panels::AllOpen);
        headless.frames(3);
        const auto state = nlohmann::json::parse(headless.app.state_json());
        CHECK(state["language"] == language);
        CHECK(state["load_errors"].empty());
        CHECK(state["missing_strings"].empty());
        CHECK(state["ready"] == true);
        // The panels share the screen as tabs: bring each to the front and draw it.
        for (const auto& panel : panel_registry()) {
            headless.app.open_panel(panel.id);
            headless.frames(2);
            const auto shown = nlohmann::json::parse(headless.app.state_json())["windows"];
            bool found = false;
            for (const auto& window : shown)
                found |= window["id"] == panel.id;
            INFO(panel.id);
            CHECK(found);
        }
        CHECK(nlohmann::json::parse(headless.app.state_json())["missing_strings"].empty());
    }
}

TEST_CASE("the string tables have both languages for every key") {
    HeadlessApp headless;
    CHECK(headless.app.strings().keys().size() > 20);
    CHECK(headless.app.strings().incomplete().empty());
    CHECK(headless.app.load_errors().empty());
}

TEST_CASE("settings survive a save and load, and bad JSON keeps the defaults") {
    Settings settings;
    settings.language = Language::English;
    settings.theme = Theme::Light;
    settings.font_scale = 1.5f;
    settings.open_panels["welcome"] = false;
    const Settings back = Settings::from_json(settings.to_json());
    CHECK(back.language == Language::English);
    CHECK(back.theme == Theme::Light);
    CHECK(back.font_scale == doctest::Approx(1.5f));
    CHECK(back.open_panels.at("welcome") == false);

    const Settings broken = Settings::from_json("{not json");
    CHECK(broken.language == Language::Korean);
    const Settings out_of_range = Settings::from_json(R"({"font_scale": 100})");
    CHECK(out_of_range.font_scale == doctest::Approx(kMaxFontScale));
}

TEST_CASE("language, theme and scale changes are persisted through the platform") {
    HeadlessApp headless;
    headless.frames(2);
    headless.app.set_language(Language::English);
    headless.app.set_theme(Theme::Light);
    headless.app.set_font_scale(1.2f);
    headless.frames(2);
    const Settings saved = Settings::from_json(headless.platform.settings.at("settings"));
    CHECK(saved.language == Language::English);
    CHECK(saved.theme == Theme::Light);
    CHECK(saved.font_scale == doctest::Approx(1.2f));
}

TEST_CASE("the test bridge reports rectangles of the menu items it drew") {
    HeadlessApp headless;
    headless.frames(2);
    const auto rect = nlohmann::json::parse(headless.app.item_rect_json("menu.language"));
    REQUIRE(rect.is_object());
    CHECK(rect["w"].get<float>() > 0);
    CHECK(rect["h"].get<float>() > 0);
    CHECK(headless.app.item_rect_json("no.such.widget") == "null");
}

TEST_CASE("a malformed strings file is reported with file:line:col") {
    Strings strings;
    auto errors = strings.load_toml("broken.toml", "\"a\" = { ko = \"가\" }\n\"b\" = [\n");
    REQUIRE(errors.size() >= 1);
    CHECK(errors[0].rfind("broken.toml:", 0) == 0);
}

TEST_CASE("a broken scenario file shows file:line:col and the current world stays") {
    HeadlessApp headless("en");
    headless.frames(2);
    REQUIRE(headless.app.session().name() == "alice-bob");
    const auto reply = nlohmann::json::parse(headless.app.run_command(
        R"({"op":"open_scenario","name":"broken.toml","text":"[[host]\nname = 5\n"})"));
    CHECK(reply["ok"] == false);
    CHECK(reply["status"].get<std::string>().rfind("broken.toml:", 0) == 0);
    CHECK(headless.app.session().name() == "alice-bob");
    headless.frames(2); // and the app keeps drawing
}

TEST_CASE("playing the world forwards and stepping back through the UI session") {
    HeadlessApp headless("en");
    Session& session = headless.app.session();
    session.seek_end();
    const auto end = session.position();
    REQUIRE(end > 20);
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["world"]["mailboxes"]["bob@hamburger.edu"]["INBOX"] == 1);
    session.step_back();
    session.step_back();
    CHECK(session.position() == end - 2);
    session.seek(0);
    const auto start = nlohmann::json::parse(headless.app.state_json());
    CHECK(start["world"]["mailboxes"]["bob@hamburger.edu"]["INBOX"] == 0);
    headless.frames(3);
}

TEST_CASE("a lesson opens its scenario and runs to its first step's event") {
    HeadlessApp headless("ko", HeadlessApp::Panels::AllOpen);
    headless.frames(2);
    REQUIRE(headless.app.library().find_lesson("smtp-session"));
    open_lesson(headless.app, "smtp-session");
    headless.frames(3);
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["lesson"]["id"] == "smtp-session");
    CHECK(state["event_index"].get<int>() > 0);
    CHECK(state["missing_strings"].empty());
    enter_step(headless.app, 1);
    headless.frames(2);
    CHECK(nlohmann::json::parse(headless.app.state_json())["lesson"]["step"] == 1);
}

TEST_CASE("two actions in a row both take effect (the second does not rewind the first away)") {
    HeadlessApp headless("en");
    Session& session = headless.app.session();
    session.seek_end();
    REQUIRE(headless.app.perform("force host=mail.hamburger.edu at=RCPT code=550"));
    REQUIRE(headless.app.perform(
        "compose from=alice@crepes.fr to=bob@hamburger.edu subject=\"x\" body=\"y\""));
    session.seek_end();
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["world"]["counters"]["bounced"].get<int>() >= 1);
    CHECK(state["world"]["mailboxes"]["bob@hamburger.edu"]["INBOX"] == 1);
    CHECK(state["world"]["mailboxes"]["alice@crepes.fr"]["INBOX"] == 1);
}

TEST_CASE("a deep link opens a lesson at its step") {
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "smtp-session", "data");
    headless.frames(2);
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["lesson"]["id"] == "smtp-session");
    const auto* entry = headless.app.library().find_lesson("smtp-session");
    REQUIRE(entry);
    CHECK(entry->lesson.steps[state["lesson"]["step"].get<std::size_t>()].id == "data");
}

TEST_CASE("a deep link may name the lesson by its folder, as the issue's link did") {
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "02-smtp-session", "3");
    headless.frames(2);
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["lesson"]["id"] == "smtp-session");
    CHECK(state["lesson"]["step"] == 2);
}

TEST_CASE("a deep link takes the 1-based step number the lesson panel shows") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "", "smtp-session", "3");
    headless.frames(2);
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["lesson"]["id"] == "smtp-session");
    CHECK(state["lesson"]["step"] == 2);
    HeadlessApp beyond("en", HeadlessApp::Panels::Defaults, "", "smtp-session", "99");
    beyond.frames(2);
    CHECK(nlohmann::json::parse(beyond.app.state_json())["lesson"]["step"] == 0);
}

TEST_CASE("show me opens the console a task types into and points it at that session") {
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "", "smtp-commands", "rset-noop");
    headless.frames(2);
    const auto* entry = headless.app.library().find_lesson("smtp-commands");
    REQUIRE(entry);
    const auto& step =
        entry->lesson.steps[static_cast<std::size_t>(headless.app.state().lesson.step)];
    REQUIRE(step.id == "rset-noop");
    show_task_solution(headless.app, step.tasks.front());
    headless.frames(3);
    const auto state = nlohmann::json::parse(headless.app.state_json());
    bool telnet_open = false;
    for (const auto& window : state["windows"])
        telnet_open = telnet_open || window["id"] == "telnet";
    CHECK(telnet_open);
    const TelnetState& telnet = headless.app.state().telnet;
    CHECK(telnet.active);
    CHECK(headless.app.session()
              .world()
              ->scenario()
              .hosts[static_cast<std::size_t>(telnet.target)]
              .name == "mail.hamburger.edu");
}

TEST_CASE("a lesson step's line highlight marks that line in the transcript") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "", "smtp-session", "helo");
    headless.frames(2);
    const auto& selected = headless.app.state().selection.event;
    REQUIRE(selected.has_value());
    const auto& event = headless.app.session().trace().events()[*selected];
    CHECK(event.text.rfind("250 Hello crepes.fr", 0) == 0);
    CHECK(*selected < headless.app.session().position());
}

TEST_CASE("a lesson step that shows the inspector points it at the step's message") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "", "smtp-session", "content");
    headless.frames(2);
    const Selection& selection = headless.app.state().selection;
    CHECK(selection.conn != 0);
    CHECK_FALSE(headless.app.state().inspected.raw.empty());
}

TEST_CASE("a held arrow key steps once per keyboard repeat, a tap once, however slow the frame") {
    HeadlessApp headless("en");
    Session& session = headless.app.session();
    session.seek_end();
    const auto end = session.position();
    REQUIRE(end > 30);
    ImGuiIO& io = ImGui::GetIO();
    // A tap: pressed once, down for several frames (a slow press), one step.
    headless.app.note_key_press(keys::kLeft, false);
    io.KeysDown[keys::kLeft] = true;
    headless.frames(5);
    io.KeysDown[keys::kLeft] = false;
    headless.frames(1);
    CHECK(session.position() == end - 1);
    // Held: the keyboard's repeats arrive (three during one long frame), one step each.
    headless.app.note_key_press(keys::kLeft, false);
    io.KeysDown[keys::kLeft] = true;
    headless.frames(1);
    for (int i = 0; i < 3; ++i)
        headless.app.note_key_repeat(keys::kLeft);
    headless.frames(1);
    io.KeysDown[keys::kLeft] = false;
    headless.frames(1);
    CHECK(session.position() == end - 5);
    // Three taps within one slow frame (the key down and up again each time before the frame):
    // three steps, where ImGui's "down now" saw one.
    for (int i = 0; i < 3; ++i)
        headless.app.note_key_press(keys::kLeft, false);
    headless.frames(1);
    CHECK(session.position() == end - 8);
    // With Ctrl held the arrows are not the time controls.
    headless.app.note_key_press(keys::kLeft, true);
    headless.frames(1);
    CHECK(session.position() == end - 8);
    // A flood of repeats (a frozen tab catching up) is capped, not replayed without end.
    session.seek(0);
    for (int i = 0; i < 500; ++i)
        headless.app.note_key_repeat(keys::kRight);
    headless.frames(1);
    CHECK(session.position() == 30);
    headless.frames(3);
    CHECK(session.position() == 30);
}
