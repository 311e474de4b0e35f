// The animation is paced for people: at 1× each command or reply stays about a second on
// screen, a queue's long wait still passes quickly, a step flies its packet from sender to
// receiver, and the packets' texts never cover a host box or each other.
#include "headless_app.h"

#include "ui/app/keys.h"
#include "ui/app/playback_pacer.h"
#include "ui/widgets/event_style.h"
#include "ui/widgets/label_placement.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace mailsim::ui {
namespace {

constexpr double kFrame = 1.0 / 60.0;

// Plays frame by frame from the start; the wall time at which each event came on screen.
std::vector<double> shown_at(Session& session, double speed, double max_wall) {
    session.seek_start();
    PacerState pacer;
    std::vector<double> at;
    double wall = 0;
    while (wall < max_wall) {
        const bool more = pace_playback(session, speed, kFrame, pacer);
        wall += kFrame;
        while (at.size() < session.position())
            at.push_back(wall);
        if (!more)
            break;
    }
    return at;
}

LayoutRect rect_of(const ItemRect& r) {
    return {{r.x, r.y}, {r.x + r.w, r.y + r.h}};
}

} // namespace

TEST_CASE("at 1x each command and reply of the SMTP dialogue stays about a second on screen") {
    testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Defaults, "alice-bob");
    Session& session = headless.app.session();
    const auto at = shown_at(session, 1.0, 120);
    const auto& events = session.trace().events();
    REQUIRE(at.size() == events.size());
    int lines = 0;
    double previous = -1;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (!is_dialogue(events[i]))
            continue;
        if (previous >= 0) {
            INFO("event " << i << " " << event_label(events[i]) << " after " << at[i] - previous
                          << " s");
            CHECK(at[i] - previous >= 0.9 * kLectureSeconds);
            CHECK(at[i] - previous <= 3.0 * kLectureSeconds);
        }
        previous = at[i];
        ++lines;
    }
    CHECK(lines >= 10);
    // The whole dialogue takes a lecture's time, not under a second as the plain clock gave.
    CHECK(at.back() - at.front() >= lines * 0.9 * kLectureSeconds);

    // Ten times faster is ten times shorter.
    const auto fast = shown_at(session, 10.0, 120);
    REQUIRE(fast.size() == events.size());
    CHECK(fast.back() < at.back() / 5);
}

TEST_CASE("a queue's half-hour retry waits still pass in seconds, and the time warp stays") {
    testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Defaults, "delayed-bounce");
    Session& session = headless.app.session();
    // At the top speed the five days to the bounce pass in seconds of wall time.
    const auto warp = shown_at(session, 1e6, 600);
    CHECK(session.at_end());
    CHECK(warp.back() < 60);
    CHECK(session.clock() > 5 * kDay);
    // At 1x each quiet stretch (the retry waits) takes at most kLongestQuietSeconds.
    const auto paced = shown_at(session, 1.0, 1200);
    CHECK(session.at_end());
    std::size_t dialogue = 0;
    for (const auto& e : session.trace().events())
        dialogue += is_message_between_hosts(e) ? 1 : 0;
    CHECK(paced.back() < static_cast<double>(dialogue) * 1.2 * kLectureSeconds +
                             static_cast<double>(session.trace().size()) * kLongestQuietSeconds);
}

TEST_CASE("labels are placed beside their anchors, clear of obstacles and of each other") {
    const LayoutRect bounds{{0, 0}, {400, 300}};
    const std::vector<LayoutRect> hosts = {{{150, 120}, {250, 160}}, {{20, 20}, {120, 60}}};
    std::vector<LabelRequest> requests;
    for (int i = 0; i < 6; ++i) // six packets bunched on one spot near a host
        requests.push_back({ImVec2(200, 110 + static_cast<float>(i)), ImVec2(90, 18)});
    const auto placed = place_labels(requests, hosts, bounds, 2.0f);
    REQUIRE(placed.size() == requests.size());
    REQUIRE(placed[0].has_value()); // the first (the newest) always finds a place here
    for (std::size_t i = 0; i < placed.size(); ++i) {
        if (!placed[i])
            continue;
        CHECK(placed[i]->inside(bounds));
        for (const auto& host : hosts)
            CHECK_FALSE(placed[i]->overlaps(host));
        for (std::size_t k = i + 1; k < placed.size(); ++k)
            if (placed[k])
                CHECK_FALSE(placed[i]->overlaps(*placed[k]));
        // Near its anchor: within a few label heights.
        const ImVec2 c((placed[i]->min.x + placed[i]->max.x) / 2,
                       (placed[i]->min.y + placed[i]->max.y) / 2);
        CHECK(std::abs(c.y - requests[i].anchor.y) < 18 * 6);
    }
    // No room at all: left out, not piled on.
    const auto none = place_labels({{ImVec2(50, 50), ImVec2(500, 20)}}, {}, bounds, 2.0f);
    CHECK_FALSE(none[0].has_value());
}

TEST_CASE("a step flies the packet of that event, its text clear of the hosts") {
    testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Only, "alice-bob", "", "",
                                  "topology");
    App& app = headless.app;
    Session& session = app.session();
    headless.frames(2);
    // Step with the → key to each command or reply of the dialogue in turn.
    int checked = 0;
    while (!session.at_end() && checked < 14) {
        headless.tap_key(keys::kRight);
        const std::size_t stepped = session.position() - 1;
        const world::Event& e = session.trace()[stepped];
        const auto& hosts_drawn = app.bridge().rects();
        if (!is_message_between_hosts(e) || !hosts_drawn.count("topology.host." + e.host) ||
            !hosts_drawn.count("topology.host." + e.peer))
            continue; // nothing to fly (a state change), or to the DNS resolver off the picture
        INFO("event " << stepped << " " << event_label(e) << " " << e.host << " -> " << e.peer);
        const auto& rects = app.bridge().rects();
        const std::string id = std::to_string(stepped);
        REQUIRE(rects.count("topology.packet." + id) == 1);
        REQUIRE(rects.count("topology.packet_label." + id) == 1);
        const auto first = rect_of(rects.at("topology.packet." + id));
        // Half a second later it has crossed to the receiver's box and waits there.
        for (int i = 0; i < 40; ++i)
            headless.frames(1);
        const auto& later = app.bridge().rects();
        REQUIRE(later.count("topology.packet." + id) == 1);
        const auto arrived = rect_of(later.at("topology.packet." + id));
        const auto receiver = rect_of(later.at("topology.host." + e.peer));
        const auto sender = rect_of(later.at("topology.host." + e.host));
        const auto centre = [](const LayoutRect& r) {
            return ImVec2((r.min.x + r.max.x) / 2, (r.min.y + r.max.y) / 2);
        };
        const auto distance = [](ImVec2 a, ImVec2 b) { return std::hypot(a.x - b.x, a.y - b.y); };
        CHECK(distance(centre(first), centre(sender)) < distance(centre(first), centre(receiver)));
        CHECK(distance(centre(arrived), centre(receiver)) <
              distance(centre(arrived), centre(sender)));
        const auto label = rect_of(later.at("topology.packet_label." + id));
        for (const auto& entry : later) {
            // Plain names: INFO captures them, and clang 14 cannot capture structured bindings.
            const std::string& name = entry.first;
            const auto& rect = entry.second;
            if (name.rfind("topology.host.", 0) == 0) {
                INFO("host " << name);
                CHECK_FALSE(label.overlaps(rect_of(rect)));
            }
            if (name.rfind("topology.packet_label.", 0) == 0 &&
                name != "topology.packet_label." + id) {
                INFO("label " << name);
                CHECK_FALSE(label.overlaps(rect_of(rect)));
            }
        }
        ++checked;
    }
    CHECK(checked >= 10);
}

TEST_CASE("while playing fast, packet texts never cover each other or a host") {
    testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Only, "imap-folders", "", "",
                                  "topology");
    App& app = headless.app;
    app.state().playback.speed = 100;
    app.state().playback.playing = true;
    int frames_with_labels = 0;
    for (int frame = 0; frame < 600 && app.state().playback.playing; ++frame) {
        headless.frames(1);
        std::vector<LayoutRect> labels, hosts;
        for (const auto& [name, rect] : app.bridge().rects()) {
            if (name.rfind("topology.packet_label.", 0) == 0)
                labels.push_back(rect_of(rect));
            if (name.rfind("topology.host.", 0) == 0)
                hosts.push_back(rect_of(rect));
        }
        frames_with_labels += labels.size() >= 2 ? 1 : 0;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            for (const auto& host : hosts)
                CHECK_FALSE(labels[i].overlaps(host));
            for (std::size_t k = i + 1; k < labels.size(); ++k)
                CHECK_FALSE(labels[i].overlaps(labels[k]));
        }
    }
    CHECK(frames_with_labels > 10); // several packets were in the air at once
}

} // namespace mailsim::ui
