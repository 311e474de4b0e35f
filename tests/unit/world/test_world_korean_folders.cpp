// A scenario may name folders in Korean as a lecturer writes them ("보낸 편지함"): the store
// keeps them in modified UTF-7 like folders a real client creates, the simulated user agent
// opens them over IMAP, and a lesson's expectation counts them by the name it was written with.
#include "sim/lesson/expectation.h"
#include "sim/store/store.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::world;

TEST_CASE("Korean folder names in a scenario travel in modified UTF-7 and read back as written") {
    const char* text = R"(
name = "korean-folders"
[[host]]
name = "mail.hamburger.edu"
roles = ["mta", "imap"]
domains = ["hamburger.edu"]
[[host]]
name = "bob-laptop"
[[link]]
a = "bob-laptop"
b = "mail.hamburger.edu"
[[user]]
address = "bob@hamburger.edu"
password = "hungry"
folders = ["보낸 편지함"]
[[ua]]
address = "bob@hamburger.edu"
host = "bob-laptop"
server = "mail.hamburger.edu"
[[message]]
user = "bob@hamburger.edu"
folder = "보낸 편지함"
from = "bob@hamburger.edu"
subject = "강의 자료"
body = "첨부합니다."
[[action]]
at = "1s"
do = "retrieve user=bob@hamburger.edu proto=imap device=bob-laptop folder=\"보낸 편지함\""
)";
    auto scenario = parse_scenario(text, "korean.toml");
    REQUIRE_MESSAGE(scenario.ok(), scenario.error().message);
    auto created = World::create(*scenario, 1);
    REQUIRE(created.ok());
    World& w = *created.value();
    w.run_until_idle(kHour);
    const store::Store* store = w.store_of("mail.hamburger.edu");
    REQUIRE(store);
    const store::Folder* sent = store->mailbox("bob")->folder("&vPSwuA- &07jJwNVo-");
    REQUIRE(sent);
    REQUIRE(sent->messages().size() == 1);
    CHECK(sent->messages()[0].flags.has(store::SystemFlag::Seen)); // read over IMAP
    std::string dialogue;
    for (const auto& e : w.trace().events())
        dialogue += e.text + "\n";
    CHECK(dialogue.find("SELECT \"&vPSwuA- &07jJwNVo-\"") != std::string::npos);
    CHECK(dialogue.find("CANNOT") == std::string::npos);
    CHECK(lesson::mailbox_message_count(w.view(), "bob@hamburger.edu", "보낸 편지함") == 1);
}
