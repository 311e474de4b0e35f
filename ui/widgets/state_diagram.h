#pragma once
// A protocol's state machine as drawable data, built from the engines' own transition tables
// (so the diagram cannot disagree with the code).
#include "sim/world/event.h"

#include <string>
#include <vector>

namespace mailsim::ui {

struct DiagramState {
    std::string name; // as the engine names it ("MailGiven", "TRANSACTION")
    std::string key;  // explanation key
};

struct DiagramEdge {
    int from = 0, to = 0;
    std::string label; // triggers taking this edge, comma separated
    bool failure = false;
};

struct StateDiagram {
    std::string title;
    std::vector<DiagramState> states;
    std::vector<DiagramEdge> edges;

    int find(const std::string& state_name) const; // case-insensitive; -1 if unknown
};

// The diagram of a protocol's server engine (SMTP, POP3, IMAP); empty for others.
const StateDiagram& diagram_for(world::Proto proto);

} // namespace mailsim::ui
