#include "state_diagram.h"

#include "sim/core/bytes.h"
#include "sim/proto/http/http_state.h"
#include "sim/proto/imap/imap_state.h"
#include "sim/proto/pop3/pop3_state.h"
#include "sim/proto/smtp/smtp_client_state.h"
#include "sim/proto/smtp/smtp_state.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <span>
#include <utility>

namespace mailsim::ui {
namespace {

// Collects the engine's rows into one arrow per (from, to) with every trigger on its label.
// Triggers that leave every open state for the same place (421, a lost connection, IMAP's BYE)
// are drawn once, from an "any state" box, instead of as an arrow from each state.
class Builder {
public:
    explicit Builder(std::string title, std::string title_key) {
        m_diagram.title = std::move(title);
        m_diagram.title_key = std::move(title_key);
    }
    int add_state(std::string name, std::string key, float column, float row,
                  std::string text_key = "") {
        m_diagram.states.push_back(
            {std::move(name), std::move(key), std::move(text_key), column, row});
        return static_cast<int>(m_diagram.states.size()) - 1;
    }
    // Where one reply lets the machine go on to each of `targets` (the client's pick of its
    // next command), those moves are drawn through one choice point: an arrow from each such
    // state into it, labelled with the reply, and one arrow out of it to each target, labelled
    // with the command sent. Without it the SMTP client's table, whose six states that end a
    // step (Ehlo, Helo, Mail, Data, Body, Rset) each go to all of Mail, Quit and Turn, contains
    // K(3,5), which no drawing lays out with fewer than 4 crossings (Kleitman: cr(K(3,5)) =
    // Z(3,5) = 4); through the choice point the graph is planar.
    void choose_among(std::vector<int> targets, float column, float row) {
        m_choice_targets = std::move(targets);
        m_choice_place = {column, row};
    }
    void add(int from, int to, const std::string& trigger, const std::string& key, bool failure,
             bool from_any_state = false) {
        m_rows.push_back({from, to, trigger, key, failure, from_any_state});
    }
    StateDiagram finish(float any_column, float any_row) {
        // A state is open when it leads somewhere else.
        std::set<int> open;
        for (const auto& row : m_rows)
            if (row.from != row.to)
                open.insert(row.from);
        // Fold a global trigger only when it really is global: every open state either takes
        // it to the same place or already goes there some other way (SMTP's QUIT is no
        // command inside DATA, where 421 and a lost connection still close).
        std::set<std::pair<std::string, int>> folded;
        for (const auto& row : m_rows) {
            if (!row.from_any_state)
                continue;
            bool everywhere = true;
            for (int state : open) {
                if (state == row.to)
                    continue;
                bool goes = false;
                for (const auto& other : m_rows)
                    goes = goes || (other.from == state && other.to == row.to);
                everywhere = everywhere && goes;
            }
            if (everywhere)
                folded.insert({row.trigger, row.to});
        }
        int any = -1;
        if (!folded.empty())
            any = add_state(kAnyStateName, "state_machine.any_state", any_column, any_row,
                            "state_machine.any_state");
        route_through_choice();
        std::map<std::pair<int, int>, DiagramEdge> edges;
        std::vector<std::pair<int, int>> order; // first use, so arrows keep the table's order
        for (const auto& row : m_rows) {
            const bool fold = folded.count({row.trigger, row.to}) > 0;
            const int from = fold ? any : row.from;
            auto [it, inserted] =
                edges.try_emplace({from, row.to}, DiagramEdge{from, row.to, "", {}, true});
            if (inserted)
                order.push_back({from, row.to});
            DiagramEdge& edge = it->second;
            const std::string word = row.trigger;
            bool present = false;
            for (std::size_t start = 0; start < edge.label.size();) {
                std::size_t end = edge.label.find(", ", start);
                if (end == std::string::npos)
                    end = edge.label.size();
                present = present || edge.label.compare(start, end - start, word) == 0;
                start = end + 2;
            }
            if (!present)
                edge.label += (edge.label.empty() ? "" : ", ") + word;
            if (!row.key.empty() &&
                std::find(edge.keys.begin(), edge.keys.end(), row.key) == edge.keys.end())
                edge.keys.push_back(row.key);
            edge.failure = edge.failure && row.failure;
        }
        for (const auto& at : order)
            m_diagram.edges.push_back(edges[at]);
        return std::move(m_diagram);
    }
    StateDiagram& diagram() { return m_diagram; }

private:
    struct Row {
        int from, to;
        std::string trigger, key;
        bool failure, from_any_state;
    };

    // The reply part of a client label ("250, no mail" -> "250"): its items that are reply
    // codes. A label that names none ("next message") is taken on any reply of that outcome.
    static std::string reply_of(const Row& row) {
        std::string reply;
        for (std::size_t start = 0; start < row.trigger.size();) {
            std::size_t end = row.trigger.find(", ", start);
            if (end == std::string::npos)
                end = row.trigger.size();
            const std::string item = row.trigger.substr(start, end - start);
            if (!item.empty() && (std::isdigit(static_cast<unsigned char>(item[0])) != 0))
                reply += (reply.empty() ? "" : ", ") + item;
            start = end + 2;
        }
        if (!reply.empty())
            return reply;
        return row.failure ? "4yz/5yz" : "250";
    }

    void route_through_choice() {
        if (m_choice_targets.empty())
            return;
        auto is_target = [&](int state) {
            return std::find(m_choice_targets.begin(), m_choice_targets.end(), state) !=
                   m_choice_targets.end();
        };
        // (state, outcome) pairs whose rows reach every target.
        std::set<std::pair<int, bool>> choosing;
        for (const auto& row : m_rows) {
            if (row.from_any_state)
                continue;
            std::set<int> reached;
            for (const auto& other : m_rows)
                if (!other.from_any_state && other.from == row.from &&
                    other.failure == row.failure && is_target(other.to))
                    reached.insert(other.to);
            if (reached.size() == m_choice_targets.size())
                choosing.insert({row.from, row.failure});
        }
        if (choosing.empty())
            return;
        const int choice = add_state(kChoiceName, "state_machine.choice_note", m_choice_place.first,
                                     m_choice_place.second, "state_machine.choice");
        std::vector<Row> rows;
        for (const auto& row : m_rows) {
            if (row.from_any_state || !is_target(row.to) ||
                choosing.count({row.from, row.failure}) == 0) {
                rows.push_back(row);
                continue;
            }
            rows.push_back({row.from, choice, reply_of(row), row.key, row.failure, false});
            // The client's state is named after the command it sent: that is what it picks.
            std::string command = m_diagram.states[static_cast<std::size_t>(row.to)].name;
            std::transform(command.begin(), command.end(), command.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            rows.push_back({choice, row.to, command, row.key, false, false});
        }
        m_rows = std::move(rows);
    }

    StateDiagram m_diagram;
    std::vector<Row> m_rows;
    std::vector<int> m_choice_targets;
    std::pair<float, float> m_choice_place{0, 0};
};

StateDiagram build_smtp_server() {
    Builder b("SMTP server", "state_machine.title.smtp_server");
    // Grid places: the happy path left to right, the transaction's way back to Ready under it;
    // TURN above Ready, and "any state -> Closed" drawn once, above the path's end.
    static const std::map<std::string, std::pair<float, float>> kPlace = {
        {"Greeting", {0, 1}}, {"Ready", {1, 1}},  {"MailGiven", {2, 1}}, {"RcptGiven", {3, 1}},
        {"Data", {4, 1}},     {"Turned", {1, 0}}, {"Closed", {4, 0}}};
    for (const auto& info : smtp::state_infos()) {
        auto place = kPlace.find(std::string(info.name));
        const auto [column, row] =
            place == kPlace.end() ? std::pair<float, float>{0, 3} : place->second;
        b.add_state(std::string(info.name), std::string(info.key), column, row);
    }
    for (const auto& t : smtp::transition_table()) {
        // QUIT too: the textbook's "QUIT from any state", not an arrow from each.
        const bool global = t.trigger == smtp::Trigger::Shutdown ||
                            t.trigger == smtp::Trigger::ConnectionLost ||
                            t.trigger == smtp::Trigger::Quit;
        b.add(static_cast<int>(t.from), static_cast<int>(t.to),
              std::string(smtp::trigger_name(t.trigger)), smtp::trigger_key(t.trigger),
              t.outcome == smtp::Outcome::Failure, global);
    }
    return b.finish(2.8f, 0);
}

StateDiagram build_smtp_client() {
    Builder b("SMTP client", "state_machine.title.smtp_client");
    b.diagram().state_note = "state_machine.note.smtp_client";
    // The happy path left to right through the choice point, where the client picks MAIL,
    // QUIT or TURN. The refusals of the greeting and EHLO/HELO reach Quit on the left, Helo's
    // round the left of Greeting; the steps that end a transaction go back to the choice point,
    // Data and Body over the top, Rset underneath. A planar drawing: no arrow crosses another.
    static const std::map<std::string, std::pair<float, float>> kPlace = {
        {"Closed", {0, 0}},      {"Quit", {1, 0}},    {"Turn", {2.5f, 0}}, {"Turned", {3.5f, 0}},
        {"Greeting", {1.5f, 1}}, {"Ehlo", {2.5f, 1}}, {"Mail", {4.5f, 1}}, {"Rcpt", {5.5f, 1}},
        {"Data", {6.5f, 1}},     {"Body", {7.5f, 1}}, {"Helo", {1, 2}},    {"Rset", {6, 2}}};
    const auto infos = smtp::client_state_infos();
    for (const auto& info : infos) {
        auto place = kPlace.find(std::string(info.name));
        const auto [column, row] =
            place == kPlace.end() ? std::pair<float, float>{0, 4} : place->second;
        b.add_state(std::string(info.name), std::string(info.key), column, row);
    }
    auto index = [&](smtp::ClientState state) {
        for (std::size_t i = 0; i < infos.size(); ++i)
            if (infos[i].state == state)
                return static_cast<int>(i);
        return 0;
    };
    for (const auto& t : smtp::client_transitions()) {
        const bool global = t.trigger == smtp::ClientTrigger::ServiceClosing ||
                            t.trigger == smtp::ClientTrigger::ConnectionEnd;
        b.add(index(t.from), index(t.to), std::string(t.label), std::string(t.key),
              t.trigger != smtp::ClientTrigger::Accepted, global);
    }
    b.choose_among({index(smtp::ClientState::Mail), index(smtp::ClientState::Quit),
                    index(smtp::ClientState::Turn)},
                   3.5f, 1);
    return b.finish(0, 1);
}

StateDiagram build_pop3() {
    Builder b("POP3", "state_machine.title.pop3");
    const pop3::State order[] = {pop3::State::Authorization, pop3::State::Transaction,
                                 pop3::State::Update, pop3::State::Closed};
    const float places[][2] = {{0, 0}, {1, 0}, {2, 0}, {2, 1.2f}};
    for (std::size_t i = 0; i < 4; ++i)
        b.add_state(std::string(pop3::state_name(order[i])), std::string(pop3::state_key(order[i])),
                    places[i][0], places[i][1]);
    auto index = [&](pop3::State state) {
        for (int i = 0; i < 4; ++i)
            if (order[i] == state)
                return i;
        return 0;
    };
    for (const auto& t : pop3::transition_table()) {
        const std::string name(pop3::command_name(t.command));
        const bool global = t.command == pop3::Command::ConnectionLost;
        b.add(index(t.from), index(t.on_ok), name, std::string(t.key), false, global);
        if (t.on_err != t.on_ok)
            b.add(index(t.from), index(t.on_err), name, std::string(t.key), true, global);
    }
    return b.finish(0.9f, 1.2f);
}

// RFC 3501 §3's figure: the greeting decides where a connection starts (OK, PREAUTH or BYE),
// LOGIN / SELECT / CLOSE move between the states, LOGOUT and BYE end it from anywhere. IDLE
// (RFC 2177) sits below the selected state: entered by IDLE, left by DONE.
StateDiagram build_imap() {
    Builder b("IMAP", "state_machine.title.imap");
    const float places[][2] = {{0, 0}, {1, 0}, {2, 0}, {1, 1.5f}, {2, 1.5f}};
    static_assert(std::size(places) == std::size(imap::kAllStates));
    for (std::size_t i = 0; i < std::size(imap::kAllStates); ++i) {
        const imap::State state = imap::kAllStates[i];
        b.add_state(std::string(imap::state_name(state)), imap::state_key(state), places[i][0],
                    places[i][1]);
    }
    auto index = [](imap::State state) { return static_cast<int>(state); };
    for (const auto& t : imap::transitions()) {
        std::string label;
        switch (t.trigger) {
        case imap::Trigger::GreetingOk:
            label = "* OK";
            break;
        case imap::Trigger::GreetingPreauth:
            label = "* PREAUTH";
            break;
        case imap::Trigger::GreetingBye:
        case imap::Trigger::Bye:
            label = "* BYE";
            break;
        case imap::Trigger::Done:
            label = "DONE";
            break;
        case imap::Trigger::Command:
            label = std::string(imap::command_word(t.command));
            if (t.outcome == imap::Outcome::Ok)
                label += " OK";
            else if (t.outcome == imap::Outcome::No)
                label += " NO";
            break;
        }
        const bool global =
            t.trigger == imap::Trigger::Bye ||
            (t.trigger == imap::Trigger::Command && t.command == imap::CommandName::Logout);
        b.add(index(t.from), index(t.to), label, std::string(t.label_key),
              t.outcome == imap::Outcome::No, global);
    }
    return b.finish(0, 1.5f);
}

// HTTP (webmail): the server waits for a request, owes its answer, waits again; the browser
// waits once. Drawn straight from http_state.cpp's two tables; `places` has a cell per state.
template <typename State, typename Row>
StateDiagram build_http(std::string title, std::string title_key,
                        std::span<const NamedState<State>> states, std::span<const Row> table,
                        std::span<const std::pair<float, float>> places) {
    Builder b(std::move(title), std::move(title_key));
    auto index = [&](State state) {
        for (std::size_t i = 0; i < states.size(); ++i)
            if (states[i].state == state)
                return static_cast<int>(i);
        return 0;
    };
    for (std::size_t i = 0; i < states.size(); ++i) {
        const auto place = i < places.size() ? places[i] : std::pair<float, float>{0, 2};
        b.add_state(std::string(states[i].name), std::string(states[i].key), place.first,
                    place.second);
    }
    for (const auto& t : table)
        b.add(index(t.from), index(t.to), std::string(http::trigger_name(t.trigger)),
              std::string(t.key), t.failure);
    return b.finish(0, 0);
}

// Idle and Answering side by side (request over, response back), Closed under them.
StateDiagram build_http_server() {
    static constexpr std::pair<float, float> kPlaces[] = {{0, 0}, {1.5f, 0}, {0.75f, 1.2f}};
    return build_http("HTTP server", "state_machine.title.http_server", http::server_states(),
                      http::server_transitions(), std::span(kPlaces));
}

// Waiting -> Done on the response; Waiting -> Closed (no response) below.
StateDiagram build_http_client() {
    static constexpr std::pair<float, float> kPlaces[] = {{0, 0}, {1.5f, 0}, {0, 1.2f}};
    return build_http("HTTP client", "state_machine.title.http_client", http::client_states(),
                      http::client_transitions(), std::span(kPlaces));
}

} // namespace

int StateDiagram::find(const std::string& state_name) const {
    for (size_t i = 0; i < states.size(); ++i)
        if (equals_ci(states[i].name, state_name))
            return static_cast<int>(i);
    return -1;
}

int StateDiagram::find_edge(int from, int to) const {
    for (size_t i = 0; i < edges.size(); ++i)
        if (edges[i].from == from && edges[i].to == to)
            return static_cast<int>(i);
    return -1;
}

std::vector<int> StateDiagram::path(int from, int to, Reply reply) const {
    const int direct = find_edge(from, to);
    const int choice = find(kChoiceName);
    const int in = choice >= 0 ? find_edge(from, choice) : -1;
    const int out = choice >= 0 ? find_edge(choice, to) : -1;
    const bool via = in >= 0 && out >= 0;
    if (direct >= 0 &&
        (!via || reply == Reply::Unknown ||
         edges[static_cast<std::size_t>(direct)].failure == (reply == Reply::Refused)))
        return {direct};
    if (via)
        return {in, out};
    return {};
}

const StateDiagram& diagram_for(world::Proto proto, MachineSide side) {
    static const StateDiagram smtp_server = build_smtp_server();
    static const StateDiagram smtp_client = build_smtp_client();
    static const StateDiagram pop3 = build_pop3();
    static const StateDiagram imap = build_imap();
    static const StateDiagram http_server = build_http_server();
    static const StateDiagram http_client = build_http_client();
    static const StateDiagram none;
    switch (proto) {
    case world::Proto::Smtp:
        return side == MachineSide::Client ? smtp_client : smtp_server;
    case world::Proto::Pop3:
        return pop3;
    case world::Proto::Imap:
        return imap;
    case world::Proto::Http:
        return side == MachineSide::Client ? http_client : http_server;
    default:
        return none;
    }
}

std::vector<const StateDiagram*> all_diagrams() {
    return {&diagram_for(world::Proto::Smtp, MachineSide::Server),
            &diagram_for(world::Proto::Smtp, MachineSide::Client),
            &diagram_for(world::Proto::Pop3, MachineSide::Server),
            &diagram_for(world::Proto::Imap, MachineSide::Server),
            &diagram_for(world::Proto::Http, MachineSide::Server),
            &diagram_for(world::Proto::Http, MachineSide::Client)};
}

} // namespace mailsim::ui
