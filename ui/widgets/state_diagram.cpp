#include "state_diagram.h"

#include "sim/core/bytes.h"
#include "sim/proto/pop3/pop3_state.h"
#include "sim/proto/smtp/smtp_state.h"

#include <map>
#include <utility>

namespace mailsim::ui {
namespace {

// Several triggers often share an edge (NOOP, VRFY, HELP all loop on Ready): one arrow each.
void add_edge(std::map<std::pair<int, int>, DiagramEdge>& edges, int from, int to,
              const std::string& trigger, bool failure) {
    auto [it, inserted] = edges.try_emplace({from, to}, DiagramEdge{from, to, trigger, failure});
    if (!inserted && it->second.label.find(trigger) == std::string::npos)
        it->second.label += ", " + trigger;
    if (!failure)
        it->second.failure = false;
}

StateDiagram build_smtp() {
    StateDiagram diagram;
    diagram.title = "SMTP";
    for (const auto& info : smtp::state_infos())
        diagram.states.push_back({std::string(info.name), std::string(info.key)});
    std::map<std::pair<int, int>, DiagramEdge> edges;
    for (const auto& t : smtp::transition_table())
        add_edge(edges, static_cast<int>(t.from), static_cast<int>(t.to),
                 std::string(smtp::trigger_name(t.trigger)), t.outcome == smtp::Outcome::Failure);
    for (auto& [_, edge] : edges)
        diagram.edges.push_back(edge);
    return diagram;
}

StateDiagram build_pop3() {
    StateDiagram diagram;
    diagram.title = "POP3";
    for (auto state : {pop3::State::Authorization, pop3::State::Transaction, pop3::State::Update,
                       pop3::State::Closed})
        diagram.states.push_back(
            {std::string(pop3::state_name(state)), std::string(pop3::state_key(state))});
    std::map<std::pair<int, int>, DiagramEdge> edges;
    for (const auto& t : pop3::transition_table()) {
        const std::string name(pop3::command_name(t.command));
        add_edge(edges, static_cast<int>(t.from), static_cast<int>(t.on_ok), name, false);
        if (t.on_err != t.on_ok)
            add_edge(edges, static_cast<int>(t.from), static_cast<int>(t.on_err), name, true);
    }
    for (auto& [_, edge] : edges)
        diagram.edges.push_back(edge);
    return diagram;
}

} // namespace

int StateDiagram::find(const std::string& state_name) const {
    for (size_t i = 0; i < states.size(); ++i)
        if (equals_ci(states[i].name, state_name))
            return static_cast<int>(i);
    return -1;
}

const StateDiagram& diagram_for(world::Proto proto) {
    static const StateDiagram smtp = build_smtp();
    static const StateDiagram pop3 = build_pop3();
    static const StateDiagram none;
    switch (proto) {
    case world::Proto::Smtp:
        return smtp;
    case world::Proto::Pop3:
        return pop3;
    default:
        return none;
    }
}

} // namespace mailsim::ui
