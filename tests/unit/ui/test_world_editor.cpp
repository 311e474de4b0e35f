// The world editor in the app (headless): an MX edit reaches the running world as a recorded
// `dns` action (a config event: stepping back shows the records before it, time travel holds),
// a new host makes a new world from the design, a refused edit leaves the world alone, and the
// Edit menu's Undo and Redo walk the history, each step reaching the world too; a structural
// edit replays the student's earlier actions in the new world.
#include "drawn_glyphs.h"
#include "headless_app.h"

#include "sim/world/world.h"
#include "ui/app/keys.h"
#include "ui/app/world_edit.h"
#include "ui/live/live_world.h"
#include "ui/util/text_file.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

nlohmann::json app_state(HeadlessApp& headless) {
    return nlohmann::json::parse(headless.app.state_json());
}

bool has_host(const nlohmann::json& state, const std::string& name) {
    for (const auto& host : state["world"]["hosts"])
        if (host["name"] == name)
            return true;
    return false;
}

// The app on its first frames, then in edit mode (the editor panel drawn).
void start_editing(HeadlessApp& headless) {
    headless.frames(2);
    set_world_edit_mode(headless.app, true);
    headless.frames(2);
}

} // namespace

TEST_CASE("world editor: live DNS edits keep time travel, structural edits make a new world") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "alice-bob");
    start_editing(headless);
    CHECK(app_state(headless)["editor"]["active"] == true);

    // Live: an MX set, performed at the current position and recorded.
    headless.app.session().seek(5);
    post_world_edit(headless.app,
                    world::SetMx{"hamburger.edu",
                                 {{"", "mail.hamburger.edu", 10}, {"", "mail.crepes.fr", 20}}});
    headless.frames(2);
    auto s = app_state(headless);
    CHECK(s["world"]["mx"]["hamburger.edu"] == "10 mail.hamburger.edu, 20 mail.crepes.fr");
    bool recorded = false;
    for (const auto& input : headless.app.session().world()->inputs())
        recorded |= input.action.verb == "dns";
    CHECK(recorded);
    headless.app.session().seek(0);
    CHECK(app_state(headless)["world"]["mx"]["hamburger.edu"] == "10 mail.hamburger.edu");

    // Structural: a new PC makes a new world from the design.
    const std::uint64_t before_add = headless.app.session().generation();
    post_world_edit(headless.app, world::AddHost{world::HostKind::Client, "lab-pc", "", 0.5, 0.9});
    headless.frames(2);
    CHECK(headless.app.session().generation() > before_add);
    s = app_state(headless);
    CHECK(has_host(s, "lab-pc"));
    CHECK(s["selection"]["host"] == "lab-pc"); // placed hosts are selected for their properties
    // The world made from the design kept the MX edit (it is part of the design now).
    CHECK(s["world"]["mx"]["hamburger.edu"] == "10 mail.hamburger.edu, 20 mail.crepes.fr");

    // Refused: the world stays.
    const std::uint64_t before_refusal = headless.app.session().generation();
    post_world_edit(headless.app, world::Connect{"lab-pc", "nowhere"});
    headless.frames(2);
    s = app_state(headless);
    CHECK(s["editor"]["error"]["field"] == "b");
    CHECK(headless.app.session().generation() == before_refusal);

    // Undo through the Edit menu removes the PC again, Redo brings it back.
    REQUIRE(headless.click("menu.edit"));
    REQUIRE(headless.click("menu.edit.undo"));
    s = app_state(headless);
    CHECK_FALSE(has_host(s, "lab-pc"));
    CHECK(s["editor"]["can_redo"] == true);
    REQUIRE(headless.click("menu.edit"));
    REQUIRE(headless.click("menu.edit.redo"));
    CHECK(has_host(app_state(headless), "lab-pc"));
    // The same with the keyboard: Ctrl+Z, Ctrl+Y.
    headless.tap_key(keys::kZ, true);
    headless.frames(1);
    CHECK_FALSE(has_host(app_state(headless), "lab-pc"));
    headless.tap_key(keys::kY, true);
    headless.frames(1);
    CHECK(has_host(app_state(headless), "lab-pc"));
}

TEST_CASE("world editor: File > New world gives an empty world, and Save writes the design") {
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "alice-bob");
    headless.frames(2);
    REQUIRE(headless.click("menu.file"));
    REQUIRE(headless.click("menu.file.new_world"));
    auto s = app_state(headless);
    CHECK(s["world"]["hosts"].empty());
    CHECK(s["editor"]["active"] == true);
    post_world_edit(headless.app,
                    world::AddHost{world::HostKind::Mta, "mail.x.test", "x.test", 0.5, 0.5});
    headless.frames(2);
    headless.app.state().world_edit.path = MAILSIM_BINARY_DIR "/world-editor-test.toml";
    save_world(headless.app);
    CHECK(world_text(headless.app).find("name = \"mail.x.test\"") != std::string::npos);
    CHECK(app_state(headless)["editor"]["dirty"] == false);
    // Open gives the saved design back, in a fresh world with a fresh history.
    new_world(headless.app);
    headless.frames(2);
    CHECK_FALSE(has_host(app_state(headless), "mail.x.test"));
    REQUIRE(headless.click("editor.open"));
    s = app_state(headless);
    CHECK(has_host(s, "mail.x.test"));
    CHECK(s["editor"]["hosts"][0]["x"] == 0.5);
    CHECK(s["editor"]["can_undo"] == false);
}

TEST_CASE("world editor: the palette places a host where the canvas is clicked") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "alice-bob");
    headless.frames(2);
    new_world(headless.app);
    headless.frames(3);
    REQUIRE(headless.click("editor.palette.mta"));
    CHECK(app_state(headless)["editor"]["placing"] == "mta");
    REQUIRE(headless.click("editor.canvas"));
    const auto s = app_state(headless);
    INFO(s["editor"].dump());
    CHECK(s["editor"]["hosts"].size() == 1);
    CHECK(has_host(s, "mail1"));
}

TEST_CASE("world editor: a structural edit replays the student's earlier actions, dropping those "
          "that name what was removed") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "alice-bob");
    start_editing(headless);
    Session& session = headless.app.session();
    session.seek(20);
    REQUIRE(headless.app.perform("fault down host=bob-pc"));
    REQUIRE(headless.app.perform(
        "compose from=alice@crepes.fr to=bob@hamburger.edu subject=Again body=\"Once more\""));
    session.seek(session.position() + 40);
    const SimTime clock = session.clock();

    // A new PC: the world is made again, and both actions happen in it again, at their times.
    post_world_edit(headless.app, world::AddHost{world::HostKind::Client, "lab-pc", "", 0.5, 0.9});
    headless.frames(2);
    auto s = app_state(headless);
    CHECK(s["editor"]["replayed"] == 2);
    CHECK(s["editor"]["dropped"].empty());
    REQUIRE(session.world()->inputs().size() == 2);
    CHECK(session.world()->inputs()[0].action.to_string() == "fault down host=bob-pc");
    CHECK(session.world()->inputs()[1].action.verb == "compose");
    CHECK(session.clock() <= clock);
    CHECK(session.world()->now() == clock); // the new world stands where the old one stood
    bool input_event = false;
    for (const auto& e : session.trace().events())
        input_event |=
            e.kind == world::EventKind::Input && e.text.find("Again") != std::string::npos;
    CHECK(input_event);

    // bob-pc removed: the fault on it cannot happen any more; the compose still does.
    post_world_edit(headless.app, world::RemoveHost{"bob-pc"});
    headless.frames(2);
    s = app_state(headless);
    INFO(s["editor"].dump());
    CHECK(s["editor"]["replayed"] == 1);
    REQUIRE(s["editor"]["dropped"].size() == 1);
    CHECK(s["editor"]["dropped"][0]["action"] == "fault down host=bob-pc");
    CHECK(s["editor"]["dropped"][0]["reason"] == "the host bob-pc is no longer in the network");
    CHECK(session.world()->inputs().size() == 1);
}

TEST_CASE("world editor: Save as a challenge writes the broken world and the repair") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "alice-bob");
    start_editing(headless);
    headless.app.session().seek(30);
    REQUIRE(headless.app.perform("relay host=mail.hamburger.edu open"));
    headless.app.state().world_edit.path = MAILSIM_BINARY_DIR "/saved-lessons/world.toml";
    world::ChallengeDraft draft;
    draft.name = "open-relay";
    draft.title_ko = "열린 릴레이";
    draft.title_en = "An open relay";
    draft.goal_ko = "목표";
    draft.goal_en = "Goal";
    draft.checks = {"mailbox user=bob@hamburger.edu count>=1"};
    save_challenge(headless.app, draft);
    const std::string root = MAILSIM_BINARY_DIR "/saved-lessons/";
    auto scenario = read_text_file(root + "scenarios/open-relay.toml");
    auto lesson = read_text_file(root + "challenge-open-relay/lesson.toml");
    REQUIRE(scenario);
    REQUIRE(lesson);
    CHECK(scenario->find("name = \"open-relay\"") != std::string::npos);
    CHECK(lesson->find("\"relay open host=mail.hamburger.edu\"") != std::string::npos);
    CHECK(read_text_file(root + "challenge-open-relay/lesson.ko.md"));
    CHECK(app_state(headless)["status"].get<std::string>().find("challenge-open-relay") !=
          std::string::npos);
}

TEST_CASE("world editor: a Korean student reads why an action was dropped in Korean") {
    // The core gives the reason as a kind and a name; the panel words it in the UI's language
    // (it showed the core's English sentence in a Korean screen).
    HeadlessApp headless("ko", HeadlessApp::Panels::Defaults, "alice-bob");
    start_editing(headless);
    headless.app.session().seek(20);
    REQUIRE(headless.app.perform("fault down host=bob-pc"));
    headless.frames(2);
    const int before = glyphs_drawn_any_font("###world_editor", U'없');

    post_world_edit(headless.app, world::RemoveHost{"bob-pc"});
    headless.frames(3);
    const auto s = app_state(headless);
    REQUIRE(s["editor"]["dropped"].size() == 1);
    CHECK(s["editor"]["dropped"][0]["why"] == "host_gone");
    CHECK(s["editor"]["dropped"][0]["reason"] == "호스트 bob-pc: 바뀐 네트워크에 없습니다");
    CHECK(glyphs_drawn_any_font("###world_editor", U'없') > before);
}

TEST_CASE("world editor: a live world takes the edits that reach it at once, and is never made "
          "again (an account added there would exist on this screen only)") {
    HeadlessApp headless("en", HeadlessApp::Panels::Defaults, "alice-bob");
    // The world real clients use: mailsim-gui --serve's serve loop owns one like it.
    const std::string path = MAILSIM_SOURCE_DIR "/lessons/scenarios/alice-bob.toml";
    auto scenario = world::parse_scenario(*read_text_file(path), path);
    REQUIRE(scenario);
    auto served = world::World::create(*scenario);
    REQUIRE(served);
    live::LocalLiveWorld live(**served);
    headless.app.attach_live_world(live, "SMTP 127.0.0.1:2525");
    start_editing(headless);
    const std::string refused =
        headless.app.tr("editor.live_structural"); // said at the top of the editor

    post_world_edit(headless.app, world::AddUser{"carol@hamburger.edu", "Carol", "pw", ""});
    headless.frames(2);
    auto s = app_state(headless);
    CHECK(headless.app.session().live());
    CHECK(headless.app.session().live_world() == &live);
    REQUIRE(s["editor"]["error"].is_object());
    CHECK(s["editor"]["error"]["message"] == refused);
    for (const auto& user : s["editor"]["users"])
        CHECK(user["address"] != "carol@hamburger.edu"); // the design is the world's again
    CHECK((*served)->scenario().users.size() == scenario->users.size());

    // An alias is a live action: it reaches the served world, recorded there.
    post_world_edit(headless.app,
                    world::SetAliasMembers{"team@hamburger.edu", {"bob@hamburger.edu"}});
    headless.frames(2);
    CHECK(app_state(headless)["editor"]["error"].is_null());
    bool aliased = false;
    for (const auto& input : (*served)->inputs())
        aliased |= input.action.verb == "alias";
    CHECK(aliased);

    // New world (the editor's own button) would leave the live world too.
    new_world(headless.app);
    headless.frames(2);
    CHECK(headless.app.session().live_world() == &live);
    CHECK(app_state(headless)["editor"]["error"]["message"] == refused);
}
