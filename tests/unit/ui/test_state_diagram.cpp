// The protocol state diagrams: drawn from the engines' own tables, laid out so that no label
// covers another label or a state and everything stays inside the diagram, and the panel
// following the selected connection on the chosen side.
#include "headless_app.h"

#include "sim/proto/imap/imap_state.h"
#include "sim/proto/smtp/smtp_client_state.h"
#include "sim/proto/smtp/smtp_state.h"
#include "ui/widgets/diagram_layout.h"
#include "ui/widgets/state_diagram.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cfloat>

namespace mailsim::ui {
namespace {

bool has_key(const StateDiagram& diagram, int from, int to, const std::string& key) {
    const int any = diagram.find("*");
    for (const auto& edge : diagram.edges)
        if ((edge.from == from || edge.from == any) && edge.to == to &&
            std::find(edge.keys.begin(), edge.keys.end(), key) != edge.keys.end())
            return true;
    return false;
}

std::string rect_text(const LayoutRect& r) {
    return "(" + std::to_string(r.min.x) + "," + std::to_string(r.min.y) + ")-(" +
           std::to_string(r.max.x) + "," + std::to_string(r.max.y) + ")";
}

} // namespace

TEST_CASE("the IMAP and SMTP client diagrams have an arrow for every row of the engine tables") {
    const StateDiagram& imap = diagram_for(world::Proto::Imap, MachineSide::Server);
    CHECK(imap.title == "IMAP");
    for (const char* name : {"not_authenticated", "authenticated", "selected", "logout"})
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

TEST_CASE("no edge label overlaps another label or a state, and all stay inside the diagram") {
    testing::HeadlessApp headless("en");
    headless.frames(1);
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    for (const StateDiagram* diagram : all_diagrams())
        for (const char* any_text : {"any state", "어느 상태든"})
            for (float em : {13.0f, 18.0f, 26.0f})
                for (ImVec2 room :
                     {ImVec2(300, 200), ImVec2(600, 420), ImVec2(1000, 700), ImVec2(1900, 1000)}) {
                    std::vector<std::string> names;
                    for (const auto& state : diagram->states)
                        names.push_back(state.name == "*" ? any_text : state.name);
                    const DiagramLayout layout =
                        layout_diagram(*diagram, names, room, em, [&](std::string_view text) {
                            return font->CalcTextSizeA(em, FLT_MAX, 0, text.data(),
                                                       text.data() + text.size());
                        });
                    INFO(diagram->title << " em " << em << " room " << room.x << "x" << room.y);
                    const LayoutRect bounds{{0, 0}, layout.size};
                    REQUIRE(layout.states.size() == diagram->states.size());
                    REQUIRE(layout.edges.size() == diagram->edges.size());
                    for (std::size_t i = 0; i < layout.states.size(); ++i) {
                        CHECK(layout.states[i].inside(bounds));
                        for (std::size_t k = i + 1; k < layout.states.size(); ++k)
                            CHECK_FALSE(layout.states[i].overlaps(layout.states[k]));
                    }
                    for (std::size_t i = 0; i < layout.edges.size(); ++i) {
                        const auto& label = layout.edges[i].label;
                        INFO("label " << diagram->edges[i].label << " at " << rect_text(label));
                        CHECK_FALSE(layout.edges[i].lines.empty());
                        CHECK(label.max.x > label.min.x);
                        CHECK(label.inside(bounds));
                        for (std::size_t k = i + 1; k < layout.edges.size(); ++k) {
                            INFO("and " << diagram->edges[k].label << " at "
                                        << rect_text(layout.edges[k].label));
                            CHECK_FALSE(label.overlaps(layout.edges[k].label));
                        }
                        for (const auto& state : layout.states)
                            CHECK_FALSE(label.overlaps(state));
                    }
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
