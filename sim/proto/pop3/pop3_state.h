#pragma once
// POP3 states, commands and the one transition table (RFC 1939 §3-§6). The server engine asks
// this table whether a command is allowed and where it leads; the UI's state-machine view
// draws the same rows, so the diagram and the code cannot disagree.
#include <optional>
#include <span>
#include <string_view>

namespace mailsim::pop3 {

enum class State {
    Authorization, // greeting sent; waiting for USER/PASS or APOP
    Transaction,   // maildrop locked and listed; messages can be read and marked
    Update,        // after QUIT: marked messages are removed, the lock released
    Closed,        // connection over (QUIT, drop or autologout)
};

enum class Command {
    User,
    Pass,
    Apop,
    Stat,
    List,
    Retr,
    Dele,
    Noop,
    Rset,
    Top,
    Uidl,
    Capa,
    Quit,
    Unknown,
    // Pseudo commands: never read from the wire, but edges of the diagram all the same.
    UpdateFinished, // UPDATE ends on its own once the deletions are done
    ConnectionLost, // the peer closed or the autologout timer fired: no UPDATE
};

struct Transition {
    State from;
    Command command;
    State on_ok;          // after a +OK reply
    State on_err;         // after a -ERR reply
    std::string_view key; // explanation key of the edge ("pop3.cmd.PASS")
};

std::span<const Transition> transition_table();
// The row for (state, command), or nullopt: the command is not valid in that state.
std::optional<Transition> find_transition(State from, Command command);

std::string_view state_name(State state);       // "AUTHORIZATION"
std::string_view state_key(State state);        // "pop3.state.AUTHORIZATION"
std::string_view command_name(Command command); // "RETR"
std::string_view command_key(Command command);  // "pop3.cmd.RETR"
// Case-insensitive keyword lookup; Unknown for anything else (pseudo commands included).
Command parse_command(std::string_view keyword);

// Commands whose +OK reply has a multi-line body: depends on whether an argument was given.
bool is_multiline(Command command, bool has_argument);

} // namespace mailsim::pop3
