// The sequence diagram draws the mail servers' DNS queries: the world's resolver is no host of
// the scenario, so it gets a lifeline of its own while "DNS queries" is on (the checkbox used
// to show nothing: every DNS event was dropped for want of a lane to end on).
#include "headless_app.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace mailsim;
using namespace mailsim::ui;
using namespace mailsim::ui::testing;

TEST_CASE("the sequence diagram shows the MX lookup on a resolver lifeline") {
    HeadlessApp headless("en", HeadlessApp::Panels::Only, "relay-chain", "", "", "sequence");
    headless.frames(1);
    headless.app.session().seek_end(); // the world has run: its whole trace is there
    const auto& events = headless.app.session().trace().events();
    std::size_t query = events.size();
    for (std::size_t i = 0; i < events.size() && query == events.size(); ++i)
        if (events[i].kind == world::EventKind::DnsQuery && events[i].peer == "resolver")
            query = i;
    REQUIRE(query < events.size());
    headless.app.session().seek(query + 1);
    headless.frames(2);
    CHECK(nlohmann::json::parse(headless.app.item_rect_json("sequence.lane.resolver")).is_object());
    const SequenceOptions& options = headless.app.state().sequence;
    const std::size_t rows = options.rows.count_before(query + 1);
    REQUIRE(rows > 0);
    CHECK(options.rows[rows - 1] == query);

    headless.app.state().sequence.show_dns = false;
    headless.frames(2);
    CHECK(nlohmann::json::parse(headless.app.item_rect_json("sequence.lane.resolver")).is_null());
    const std::size_t without = headless.app.state().sequence.rows.count_before(query + 1);
    CHECK((without == 0 || headless.app.state().sequence.rows[without - 1] != query));
}
