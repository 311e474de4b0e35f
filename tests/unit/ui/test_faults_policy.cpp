// The faults panel's alias and relay editor driven by clicks and typing (ImGui's own widget
// logic, headless), and the inspector's Received path: what the app state reports after each.
#include "headless_app.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

namespace {

nlohmann::json world_state(HeadlessApp& headless) {
    return nlohmann::json::parse(headless.app.state_json())["world"];
}

const nlohmann::json* host(const nlohmann::json& world, const std::string& name) {
    for (const auto& h : world["hosts"])
        if (h["name"] == name)
            return &h;
    return nullptr;
}

} // namespace

TEST_CASE("faults panel: open the relay, allow a client, add and change an alias by clicking") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "aliases", "", "", "faults");
    headless.app.session().seek_end();
    headless.frames(3);

    REQUIRE(headless.click("faults.tab.relay"));
    REQUIRE(headless.click("policy.relay.mail.hamburger.edu.open"));
    auto world = world_state(headless);
    REQUIRE(host(world, "mail.hamburger.edu"));
    CHECK((*host(world, "mail.hamburger.edu"))["open_relay"] == true);
    REQUIRE(headless.click("policy.relay.mail.hamburger.edu.open"));
    CHECK((*host(world_state(headless), "mail.hamburger.edu"))["open_relay"] == false);

    // Allow the first candidate client (the combo's default) on mail.crepes.fr.
    REQUIRE(headless.click("policy.relay.mail.crepes.fr.allow"));
    world = world_state(headless);
    CHECK((*host(world, "mail.crepes.fr"))["relay_for"] == nlohmann::json{"alice-pc"});
    REQUIRE(headless.click("policy.relay.mail.crepes.fr.deny.alice-pc"));
    CHECK((*host(world_state(headless), "mail.crepes.fr"))["relay_for"].empty());

    // A new list, typed in.
    REQUIRE(headless.click("faults.tab.aliases"));
    REQUIRE(headless.type_into("policy.new.address", "lab@hamburger.edu"));
    REQUIRE(headless.type_into("policy.new.members", "carol@hamburger.edu, dave@hamburger.edu"));
    REQUIRE(headless.click("policy.new.add"));
    world = world_state(headless);
    CHECK(world["aliases"]["lab@hamburger.edu"] ==
          nlohmann::json{"carol@hamburger.edu", "dave@hamburger.edu"});

    // Remove an existing alias; a mistyped one is refused and the status line says why.
    REQUIRE(headless.click("policy.alias.b.smith@hamburger.edu.remove"));
    CHECK_FALSE(world_state(headless)["aliases"].contains("b.smith@hamburger.edu"));
    REQUIRE(headless.type_into("policy.new.address", "x@nowhere.test"));
    REQUIRE(headless.type_into("policy.new.members", "bob@hamburger.edu"));
    REQUIRE(headless.click("policy.new.add"));
    CHECK_FALSE(world_state(headless)["aliases"].contains("x@nowhere.test"));
    const auto state = nlohmann::json::parse(headless.app.state_json());
    CHECK(state["status"].get<std::string>().find("nowhere.test") != std::string::npos);

    // Each change is a recorded action, so mail sent now follows the new table.
    REQUIRE(headless.app.perform(
        "compose from=alice@crepes.fr to=lab@hamburger.edu subject=\"lab\" body=\"x\""));
    headless.app.session().seek_end();
    headless.frames(2);
    world = world_state(headless);
    CHECK(world["mailboxes"]["carol@hamburger.edu"]["INBOX"] == 2); // staff@ earlier, lab@ now
    CHECK(world["mailboxes"]["dave@hamburger.edu"]["INBOX"] == 2);
}

TEST_CASE("inspector: a delivered message's Received fields become a path over the hosts") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "relay-chain", "", "", "inspector");
    headless.app.session().seek_end();
    headless.frames(2);
    Selection& selection = headless.app.state().selection;
    selection.mailbox = "bob@hamburger.edu/INBOX";
    selection.uid = 1;
    headless.frames(2);
    const auto inspector = nlohmann::json::parse(headless.app.state_json())["inspector"];
    REQUIRE(inspector.contains("received_path"));
    // Alice's user agent hands it to her server, that one to its ISP's relay (the smarthost),
    // the relay to Bob's server: three Received fields, read bottom-up.
    CHECK(inspector["received_path"] ==
          nlohmann::json::parse(R"([{"from":"alice-pc","by":"mail.crepes.fr"},
                                    {"from":"mail.crepes.fr","by":"relay.isp.net"},
                                    {"from":"relay.isp.net","by":"mail.hamburger.edu"}])"));
}
