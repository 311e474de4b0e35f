#include "state_diagram.h"

#include "sim/core/bytes.h"
#include "sim/proto/imap/imap_state.h"
#include "sim/proto/pop3/pop3_state.h"
#include "sim/proto/smtp/smtp_client_state.h"
#include "sim/proto/smtp/smtp_state.h"

#include <algorithm>
#include <map>
#include <set>
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
    int add_state(std::string name, std::string key, float column, float row) {
        m_diagram.states.push_back({std::move(name), std::move(key), column, row});
        return static_cast<int>(m_diagram.states.size()) - 1;
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
            any = add_state("*", "state_machine.any_state", any_column, any_row);
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
    StateDiagram m_diagram;
    std::vector<Row> m_rows;
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
    // The happy path left to right; the ends of a session above it (QUIT's 221 to Closed, TURN
    // to Turned), the detours (HELO after a refused EHLO, RSET) under it.
    static const std::map<std::string, std::pair<float, float>> kPlace = {
        {"Greeting", {0, 1}}, {"Ehlo", {1, 1}},    {"Mail", {2, 1}},      {"Rcpt", {3, 1}},
        {"Data", {4, 1}},     {"Body", {5, 1}},    {"Helo", {1, 2}},      {"Rset", {3.5f, 2}},
        {"Quit", {2.5f, 0}},  {"Turn", {4.5f, 3}}, {"Closed", {1.5f, 0}}, {"Turned", {5.5f, 3}}};
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
    return b.finish(0.4f, 0);
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

const StateDiagram& diagram_for(world::Proto proto, MachineSide side) {
    static const StateDiagram smtp_server = build_smtp_server();
    static const StateDiagram smtp_client = build_smtp_client();
    static const StateDiagram pop3 = build_pop3();
    static const StateDiagram imap = build_imap();
    static const StateDiagram none;
    switch (proto) {
    case world::Proto::Smtp:
        return side == MachineSide::Client ? smtp_client : smtp_server;
    case world::Proto::Pop3:
        return pop3;
    case world::Proto::Imap:
        return imap;
    default:
        return none;
    }
}

std::vector<const StateDiagram*> all_diagrams() {
    return {&diagram_for(world::Proto::Smtp, MachineSide::Server),
            &diagram_for(world::Proto::Smtp, MachineSide::Client),
            &diagram_for(world::Proto::Pop3, MachineSide::Server),
            &diagram_for(world::Proto::Imap, MachineSide::Server)};
}

} // namespace mailsim::ui
