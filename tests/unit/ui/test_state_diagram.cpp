// The protocol state diagrams: drawn from the engines' own tables, laid out so that no label
// covers another label or a state and everything stays inside the diagram, and the panel
// following the selected connection on the chosen side.
#include "headless_app.h"

#include "sim/proto/imap/imap_state.h"
#include "sim/proto/smtp/smtp_client_state.h"
#include "sim/proto/smtp/smtp_state.h"
#include "sim/world/scenario.h"
#include "sim/world/world.h"
#include "ui/app/machine_focus.h"
#include "ui/app/state_machine_view.h"
#include "ui/widgets/diagram_layout.h"
#include "ui/widgets/state_diagram.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace mailsim::ui {
namespace {

bool edge_has_key(const DiagramEdge& edge, const std::string& key) {
    return std::find(edge.keys.begin(), edge.keys.end(), key) != edge.keys.end();
}

// The engine row from -> to (explained by `key`) is drawn: as an arrow from `from` or from
// "any state", or as the two arrows through the choice point, both explained by it.
bool has_key(const StateDiagram& diagram, int from, int to, const std::string& key) {
    const int any = diagram.find(kAnyStateName);
    for (const auto& edge : diagram.edges)
        if ((edge.from == from || edge.from == any) && edge.to == to && edge_has_key(edge, key))
            return true;
    const std::vector<int> path = diagram.path(from, to, StateDiagram::Reply::Accepted);
    if (path.size() != 2)
        return false;
    for (int edge : path)
        if (!edge_has_key(diagram.edges[static_cast<std::size_t>(edge)], key))
            return false;
    return true;
}

std::string rect_text(const LayoutRect& r) {
    return "(" + std::to_string(r.min.x) + "," + std::to_string(r.min.y) + ")-(" +
           std::to_string(r.max.x) + "," + std::to_string(r.max.y) + ")";
}

} // namespace

TEST_CASE("the IMAP and SMTP client diagrams have an arrow for every row of the engine tables") {
    const StateDiagram& imap = diagram_for(world::Proto::Imap, MachineSide::Server);
    CHECK(imap.title == "IMAP");
    for (const char* name : {"not_authenticated", "authenticated", "selected", "logout", "idle"})
        CHECK(imap.find(name) >= 0);
    for (const auto& row : imap::transitions()) {
        INFO(row.label_key);
        CHECK(has_key(imap, imap.find(std::string(imap::state_name(row.from))),
                      imap.find(std::string(imap::state_name(row.to))),
                      std::string(row.label_key)));
    }
    // RFC 3501 §3: PREAUTH skips the login, LOGOUT leaves from anywhere.
    const int preauth = imap.find_edge(imap.find("not_authenticated"), imap.find("authenticated"));
    REQUIRE(preauth >= 0);
    CHECK(imap.edges[static_cast<size_t>(preauth)].label.find("PREAUTH") != std::string::npos);
    CHECK(imap.edges[static_cast<size_t>(preauth)].label.find("LOGIN OK") != std::string::npos);
    // RFC 2177: IDLE from the selected state, DONE back to it.
    const int idle = imap.find_edge(imap.find("selected"), imap.find("idle"));
    REQUIRE(idle >= 0);
    CHECK(imap.edges[static_cast<size_t>(idle)].label.find("IDLE") != std::string::npos);
    const int done = imap.find_edge(imap.find("idle"), imap.find("selected"));
    REQUIRE(done >= 0);
    CHECK(imap.edges[static_cast<size_t>(done)].label.find("DONE") != std::string::npos);
    const int logout = imap.find_edge(imap.find("*"), imap.find("logout"));
    REQUIRE(logout >= 0);
    CHECK(imap.edges[static_cast<size_t>(logout)].label.find("LOGOUT") != std::string::npos);

    const StateDiagram& client = diagram_for(world::Proto::Smtp, MachineSide::Client);
    CHECK(client.title == "SMTP client");
    for (const auto& row : smtp::client_transitions()) {
        INFO(row.key);
        CHECK(has_key(client, client.find(std::string(smtp::client_state_name(row.from))),
                      client.find(std::string(smtp::client_state_name(row.to))),
                      std::string(row.key)));
    }
    const StateDiagram& server = diagram_for(world::Proto::Smtp, MachineSide::Server);
    for (const auto& row : smtp::transition_table())
        CHECK(has_key(server, server.find(std::string(smtp::state_name(row.from))),
                      server.find(std::string(smtp::state_name(row.to))),
                      smtp::trigger_key(row.trigger)));
    // POP3 and IMAP clients follow the server's states: one diagram for both sides.
    CHECK(&diagram_for(world::Proto::Imap, MachineSide::Client) == &imap);
    CHECK(diagram_for(world::Proto::Dns, MachineSide::Server).states.empty());
}

TEST_CASE("the diagrams read like a textbook figure: no arrow crosses a label, no labels meet") {
    testing::HeadlessApp headless("en");
    headless.frames(1);
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    const std::map<std::string, std::map<std::string, std::string>> texts = {
        {"en",
         {{"state_machine.any_state", "any state"}, {"state_machine.choice", "next command"}}},
        {"ko",
         {{"state_machine.any_state", "어느 상태든"}, {"state_machine.choice", "다음 명령"}}}};
    for (const StateDiagram* diagram : all_diagrams())
        for (const auto& language_texts : texts)
            for (float em : {13.0f, 18.0f, 26.0f})
                for (ImVec2 room :
                     {ImVec2(300, 200), ImVec2(600, 420), ImVec2(1000, 700), ImVec2(1900, 1000)}) {
                    // Named, not a structured binding: clang 14 lambdas (INFO) cannot capture one.
                    const std::string& language = language_texts.first;
                    const auto& text = language_texts.second;
                    std::vector<std::string> names;
                    for (const auto& state : diagram->states)
                        names.push_back(state.text_key.empty() ? state.name
                                                               : text.at(state.text_key));
                    const auto measure = [&](std::string_view text) {
                        return font->CalcTextSizeA(em, FLT_MAX, 0, text.data(),
                                                   text.data() + text.size());
                    };
                    const DiagramLayout layout = layout_diagram(*diagram, names, room, em, measure);
                    INFO(diagram->title << " em " << em << " room " << room.x << "x" << room.y
                                        << " " << language);
                    // No arrow crosses another: each diagram is planar as drawn (the SMTP
                    // client's through its choice point).
                    CHECK(count_crossings(*diagram, layout, em) == 0);
                    const LayoutRect bounds{{0, 0}, layout.size};
                    REQUIRE(layout.states.size() == diagram->states.size());
                    REQUIRE(layout.edges.size() == diagram->edges.size());
                    for (std::size_t i = 0; i < layout.states.size(); ++i) {
                        CHECK(layout.states[i].inside(bounds));
                        for (std::size_t k = i + 1; k < layout.states.size(); ++k)
                            CHECK_FALSE(layout.states[i].overlaps(layout.states[k]));
                    }
                    for (std::size_t i = 0; i < layout.edges.size(); ++i) {
                        const DiagramEdge& edge = diagram->edges[i];
                        const auto& e = layout.edges[i];
                        const auto& label = e.label;
                        INFO("label " << edge.label << " at " << rect_text(label));
                        CHECK_FALSE(e.lines.empty());
                        CHECK(label.max.x > label.min.x);
                        CHECK(label.inside(bounds));
                        // A self-loop is a listing inside its own state; nothing else is.
                        CHECK(e.listed == (edge.from == edge.to));
                        if (e.listed) {
                            CHECK(label.inside(layout.states[static_cast<size_t>(edge.from)]));
                            // Listed in the diagram's text size, as readable as the state's
                            // name above the list: every line as tall and as wide as at `em`.
                            CHECK(label.max.y - label.min.y >=
                                  em * static_cast<float>(e.lines.size()));
                            for (const auto& line : e.lines)
                                CHECK(label.max.x - label.min.x >= measure(line).x - 0.5f);
                        }
                        for (std::size_t k = i + 1; k < layout.edges.size(); ++k) {
                            INFO("and " << diagram->edges[k].label << " at "
                                        << rect_text(layout.edges[k].label));
                            CHECK_FALSE(label.overlaps(layout.edges[k].label));
                        }
                        for (std::size_t s = 0; s < layout.states.size(); ++s)
                            if (!e.listed || static_cast<int>(s) != edge.from)
                                CHECK_FALSE(label.overlaps(layout.states[s]));
                        // No other arrow runs through this label.
                        for (std::size_t k = 0; k < layout.edges.size(); ++k) {
                            if (k == i)
                                continue;
                            INFO("crossed by the arrow of " << diagram->edges[k].label);
                            CHECK_FALSE(curve_crosses(layout.edges[k], label));
                        }
                        // No arrow runs through a state it does not start or end at.
                        if (!e.listed)
                            for (std::size_t s = 0; s < layout.states.size(); ++s)
                                if (static_cast<int>(s) != edge.from &&
                                    static_cast<int>(s) != edge.to) {
                                    INFO("through state " << diagram->states[s].name);
                                    CHECK_FALSE(curve_crosses(e, layout.states[s]));
                                }
                    }
                }
}

TEST_CASE("from-any-state moves are drawn once, self-loops listed, the happy path left to right") {
    const StateDiagram& server = diagram_for(world::Proto::Smtp, MachineSide::Server);
    const int any = server.find("*"), closed = server.find("Closed");
    REQUIRE(any >= 0);
    const int folded = server.find_edge(any, closed);
    REQUIRE(folded >= 0);
    for (const char* trigger : {"QUIT", "421 shutdown", "connection lost"})
        CHECK(server.edges[static_cast<size_t>(folded)].label.find(trigger) != std::string::npos);
    // One arrow into Closed: from "any state", none from each state.
    for (const auto& edge : server.edges)
        if (edge.to == closed)
            CHECK(edge.from == any);
    // The layers: Greeting, Ready, MailGiven, RcptGiven, Data from left to right on one row.
    float last = -1;
    for (const char* name : {"Greeting", "Ready", "MailGiven", "RcptGiven", "Data"}) {
        const auto& state = server.states[static_cast<size_t>(server.find(name))];
        CHECK(state.column > last);
        CHECK(state.row == server.states[0].row);
        last = state.column;
    }
    // NOOP and friends stay where they are: listed inside Ready, not looping above it.
    const int ready = server.find("Ready");
    const int loop = server.find_edge(ready, ready);
    REQUIRE(loop >= 0);
    CHECK(server.edges[static_cast<size_t>(loop)].label.find("NOOP") != std::string::npos);
}

TEST_CASE("the SMTP client picks MAIL, QUIT or TURN at one choice point, not from each state") {
    const StateDiagram& client = diagram_for(world::Proto::Smtp, MachineSide::Client);
    const int choice = client.find(kChoiceName);
    REQUIRE(choice >= 0);
    auto label = [&](int edge) { return client.edges[static_cast<std::size_t>(edge)].label; };
    auto state = [&](const char* name) { return client.find(name); };
    // Out of the choice point: one arrow per command, labelled with it.
    for (const char* target : {"Mail", "Quit", "Turn"}) {
        const int out = client.find_edge(choice, state(target));
        REQUIRE(out >= 0);
        std::string command = target;
        for (auto& c : command)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        CHECK(label(out) == command);
    }
    // Into it: the reply that ends each step.
    CHECK(label(client.find_edge(state("Ehlo"), choice)) == "250");
    CHECK(label(client.find_edge(state("Mail"), choice)) == "5yz");
    CHECK(label(client.find_edge(state("Body"), choice)) == "250, 4yz/5yz");
    for (const char* from : {"Ehlo", "Helo", "Mail", "Data", "Body", "Rset"})
        for (const char* to : {"Mail", "Turn"})
            CHECK(client.find_edge(state(from), state(to)) < 0);
    // Ehlo -> Quit is both a refusal (its own arrow) and "250, nothing to send" (the choice).
    const auto refused = client.path(state("Ehlo"), state("Quit"), StateDiagram::Reply::Refused);
    REQUIRE(refused.size() == 1);
    CHECK(label(refused[0]) == "4yz/5yz");
    const auto accepted = client.path(state("Ehlo"), state("Quit"), StateDiagram::Reply::Accepted);
    REQUIRE(accepted.size() == 2);
    CHECK(client.edges[static_cast<std::size_t>(accepted[0])].to == choice);
    CHECK(client.path(state("Body"), state("Mail")).size() == 2);
    CHECK(client.path(state("Rcpt"), state("Quit")).empty());
}

namespace {

// The SMTP client's diagram of alice-bob's session as the panel draws it at this display size.
struct DrawnDiagram {
    float text = 0, font = 0; // the diagram's text size and the UI's
    ImVec2 room, size;        // the panel's room for it and the laid-out figure
};

DrawnDiagram drawn(testing::HeadlessApp& headless, ImVec2 display) {
    App& app = headless.app;
    ImGui::GetIO().DisplaySize = display;
    app.open_panel("state_machine");
    app.state().selection.conn = 1;
    app.state_machine_view().side = MachineSide::Client;
    app.session().seek(30);
    headless.frames(10); // the layout settles
    const StateMachineView& view = app.state_machine_view();
    return {view.layout_em, view.layout_font, ImVec2(view.layout_width, view.layout_height),
            view.layout.size};
}

} // namespace

TEST_CASE("the diagram fills a wide tile and never shrinks its text below the UI's size") {
    // The SMTP client's figure is wide (its happy path has seven steps): the width bounds it.
    SUBCASE("the panel alone at 1920x1080: bigger text, the figure fills the room") {
        testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Only, "alice-bob", "", "",
                                      "state_machine");
        const DrawnDiagram d = drawn(headless, ImVec2(1920, 1080));
        CHECK(d.text >= d.font * 1.12f);
        CHECK(d.size.x <= d.room.x + 1);
        CHECK(d.size.y <= d.room.y + 1);
        CHECK((d.size.x >= d.room.x * 0.85f || d.size.y >= d.room.y * 0.85f));
    }
    SUBCASE("beside the lesson (smtp-session, step helo) at 1920x1080: at least the UI's size") {
        testing::HeadlessApp headless("ko", testing::HeadlessApp::Panels::Defaults, "",
                                      "smtp-session", "helo");
        const DrawnDiagram d = drawn(headless, ImVec2(1920, 1080));
        CHECK(d.text >= d.font);
    }
    SUBCASE("a narrow tile at 1280x800: the UI's size, and the figure scrolls") {
        testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Defaults, "alice-bob");
        const DrawnDiagram d = drawn(headless, ImVec2(1280, 800));
        CHECK(d.text == doctest::Approx(d.font));
        CHECK((d.size.x > d.room.x || d.size.y > d.room.y));
    }
}

TEST_CASE("the panel shows the IMAP diagram of the selected connection at the trace position") {
    testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Defaults, "imap-folders");
    App& app = headless.app;
    app.open_panel("state_machine");
    app.state().selection.conn = 1;
    // Event 23 is the server's "authenticated -> selected" after SELECT INBOX (lesson 12).
    app.session().seek(24);
    headless.frames(3);
    auto state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["diagram"] == "IMAP");
    CHECK(state["conn"] == 1);
    CHECK(state["state"] == "selected");
    CHECK(state["previous"] == "authenticated");
    CHECK(state["moved_at"] == 23);
    CHECK(app.bridge().rects().count("state_machine.state.selected") == 1);
    CHECK(app.bridge().rects().count("state_machine.state.logout") == 1);

    app.session().seek(23); // one step back: the SELECT has not completed yet
    headless.frames(2);
    state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["state"] == "authenticated");
    CHECK(state["previous"] == "not_authenticated");

    app.session().seek(8); // connected, greeted, no LOGIN yet
    headless.frames(2);
    state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["state"] == "not_authenticated");
    CHECK(state["moved_at"].is_null());

    // The phone's session (connection 2) after its LOGOUT; the client side shares the diagram.
    app.state().selection.conn = 2;
    app.state_machine_view().side = MachineSide::Client;
    app.session().seek(102);
    headless.frames(2);
    state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["diagram"] == "IMAP");
    CHECK(state["side"] == "client");
    CHECK(state["state"] == "logout");
    CHECK(state["previous"] == "selected");
    CHECK(nlohmann::json::parse(app.state_json())["missing_strings"].empty());
}

TEST_CASE("webmail's HTTP connection: the server's and the browser's machines, off the trace") {
    testing::HeadlessApp headless("en", testing::HeadlessApp::Panels::Defaults, "webmail");
    App& app = headless.app;
    app.open_panel("state_machine");
    app.state().selection.conn = 1; // alice's browser POSTs /send (events 5, 46, 54)
    auto at = [&](std::size_t position) {
        app.session().seek(position);
        headless.frames(2);
        return nlohmann::json::parse(app.state_json())["state_machine"];
    };
    auto state = at(6); // the request is in: the webmail owes its answer (it waits for SMTP)
    CHECK(state["diagram"] == "HTTP server");
    CHECK(state["state"] == "Answering");
    CHECK(state["previous"] == "Idle");
    CHECK(state["moved_at"] == 5);
    CHECK(app.bridge().rects().count("state_machine.state.Answering") == 1);
    state = at(47);
    CHECK(state["state"] == "Idle");
    CHECK(state["previous"] == "Answering");
    CHECK(state["moved_at"] == 46);
    state = at(56); // the browser's FIN
    CHECK(state["state"] == "Closed");
    CHECK(state["moved_at"] == 54);

    app.state_machine_view().side = MachineSide::Client;
    state = at(6);
    CHECK(state["diagram"] == "HTTP client");
    CHECK(state["state"] == "Waiting");
    CHECK(state["moved_at"].is_null());
    state = at(58); // the response was read; the FINs after it move nothing
    CHECK(state["state"] == "Done");
    CHECK(state["previous"] == "Waiting");
    CHECK(state["moved_at"] == 46);
    CHECK(nlohmann::json::parse(app.state_json())["missing_strings"].empty());
}

TEST_CASE("the SMTP connection shows the server's or the client's machine, as the user picks") {
    testing::HeadlessApp headless("ko", testing::HeadlessApp::Panels::Defaults, "alice-bob");
    App& app = headless.app;
    app.open_panel("state_machine");
    app.state().selection.conn = 1;
    // Events 15/16: RCPT TO and its 250; DATA (18) not sent yet.
    app.session().seek(17);
    headless.frames(2);
    auto state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["diagram"] == "SMTP server");
    CHECK(state["state"] == "MailGiven"); // the server records RcptGiven at event 17
    // The side toggle is a real radio button: click it.
    const auto rect = app.bridge().rects().at("state_machine.side.client");
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(rect.x + rect.w * 0.3f, rect.y + rect.h * 0.5f);
    headless.frames(1);
    io.MouseDown[0] = true;
    headless.frames(1);
    io.MouseDown[0] = false;
    headless.frames(2);
    state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["side"] == "client");
    CHECK(state["diagram"] == "SMTP client");
    CHECK(state["state"] == "Rcpt");
    CHECK(state["previous"] == "Mail");
    CHECK(state["moved_at"] == 15);
    app.session().seek(19); // DATA sent
    headless.frames(2);
    state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["state"] == "Data");
    CHECK(state["previous"] == "Rcpt");
    app.session().seek_end(); // 221 to QUIT
    headless.frames(2);
    state = nlohmann::json::parse(app.state_json())["state_machine"];
    CHECK(state["state"] == "Closed");
    CHECK(state["previous"] == "Quit");
    CHECK(nlohmann::json::parse(app.state_json())["missing_strings"].empty());
}

} // namespace mailsim::ui

namespace mailsim::ui {
namespace {

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// An arrow from -> to, the two through the choice point, or one from "any state" to `to`.
bool has_arrow(const StateDiagram& diagram, const std::string& from, const std::string& to) {
    const int a = diagram.find(from), b = diagram.find(to), any = diagram.find(kAnyStateName);
    return a >= 0 && b >= 0 &&
           (!diagram.path(a, b).empty() || (any >= 0 && diagram.find_edge(any, b) >= 0));
}

} // namespace

TEST_CASE("every move in the built-in scenarios is an arrow of its diagram, on both sides") {
    const auto dir = std::filesystem::path(MAILSIM_SOURCE_DIR) / "lessons" / "scenarios";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".toml")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::size_t checked = 0, client_moves = 0, http_moves = 0;
    for (const auto& file : files) {
        auto scenario = world::parse_scenario(read_all(file), file.string());
        REQUIRE_MESSAGE(scenario.ok(), file.string());
        auto created = world::World::create(*scenario, scenario->seed);
        REQUIRE(created.ok());
        world::World& w = **created;
        if (scenario->until > 0)
            w.run_until(scenario->until);
        else
            w.run_until_idle(60 * kDay);
        const auto& trace = w.trace();
        if (trace.size() > 3000)
            continue; // each position is replayed from the start: keep the test quick
        std::set<world::ConnId> conns;
        for (const auto& e : trace.events())
            if (e.conn != 0 && (e.proto == world::Proto::Smtp || e.proto == world::Proto::Pop3 ||
                                e.proto == world::Proto::Imap || e.proto == world::Proto::Http))
                conns.insert(e.conn);
        // A client that got 503 (bad sequence of commands) was typed by hand (telnet): it
        // left the client engine's table on purpose, so its side has no diagram to follow.
        std::set<world::ConnId> hand_typed;
        for (const auto& e : trace.events())
            if (e.proto == world::Proto::Smtp && e.kind == world::EventKind::Reply && e.code == 503)
                hand_typed.insert(e.conn);
        for (world::ConnId conn : conns)
            for (MachineSide side : {MachineSide::Server, MachineSide::Client}) {
                if (side == MachineSide::Client && hand_typed.count(conn))
                    continue;
                std::uint64_t last = UINT64_MAX;
                for (std::size_t p = 1; p <= trace.size(); ++p) {
                    const MachineFocus focus = machine_focus(trace, p, conn, side);
                    if (!focus.moved || focus.moved_at == last)
                        continue;
                    last = focus.moved_at;
                    const StateDiagram& diagram = diagram_for(focus.proto, side);
                    INFO(file.filename().string()
                         << " conn " << conn << " event " << focus.moved_at << ": "
                         << focus.previous << " -> " << focus.state);
                    CHECK(has_arrow(diagram, focus.previous, focus.state));
                    ++checked;
                    if (focus.proto == world::Proto::Smtp && side == MachineSide::Client)
                        ++client_moves;
                    if (focus.proto == world::Proto::Http)
                        ++http_moves;
                }
            }
    }
    CHECK(checked > 100);
    CHECK(client_moves > 30);
    CHECK(http_moves >= 6); // webmail: two browser connections, both sides
}

} // namespace mailsim::ui
