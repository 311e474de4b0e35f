#pragma once
// A protocol's state machine as drawable data, built from the engines' own transition tables
// (so the diagram cannot disagree with the code).
#include "sim/trace/event.h"

#include <string>
#include <vector>

namespace mailsim::ui {

// Which end of a connection a diagram follows. SMTP's client has its own machine (the reply it
// waits for), HTTP's too (the browser waits once); POP3 and IMAP clients follow the server's
// states, so both sides share one diagram.
enum class MachineSide { Server, Client };

// The names of the two drawn states that are no engine state.
inline constexpr const char* kAnyStateName = "*";     // "from any state" arrows start here
inline constexpr const char* kChoiceName = "?choice"; // the client picks its next command here

struct DiagramState {
    std::string name; // as the engine names it ("MailGiven", "TRANSACTION"), or one of the above
    std::string key;  // explanation key
    std::string text_key; // i18n key of the text shown instead of the name, or empty
    // Where the state sits, in grid cells (column, row); a presentation hint only.
    float column = 0, row = 0;
};

struct DiagramEdge {
    int from = 0, to = 0;
    std::string label;             // triggers taking this edge, comma separated
    std::vector<std::string> keys; // explanation keys of those triggers (tooltips)
    bool failure = false;          // every trigger here is a refusal
};

struct StateDiagram {
    std::string title;      // "SMTP server"
    std::string title_key;  // i18n key of the title
    std::string state_note; // i18n key saying what the states mean, or empty
    std::vector<DiagramState> states;
    std::vector<DiagramEdge> edges;

    int find(const std::string& state_name) const; // case-insensitive; -1 if unknown
    // The edge from -> to, or -1.
    int find_edge(int from, int to) const;
    // The arrows an engine move from -> to is drawn as: the direct one, or the two through the
    // choice point (from -> choice -> to); empty if neither is there. Where both are drawn
    // (Ehlo -> Quit on a refusal, or on 250 with no mail to send), the reply picks: a refusal
    // takes the arrow of refusals. "From any state" arrows are the caller's to consider.
    enum class Reply { Unknown, Accepted, Refused };
    std::vector<int> path(int from, int to, Reply reply = Reply::Unknown) const;
};

// The diagram of a protocol's engine on that side; empty for protocols without one.
const StateDiagram& diagram_for(world::Proto proto, MachineSide side);
// Every diagram there is (tests lay each one out).
std::vector<const StateDiagram*> all_diagrams();

} // namespace mailsim::ui
