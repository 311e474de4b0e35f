#pragma once
// The IMAP connection states (RFC 3501 §3) and every rule about them, as data: which commands
// each state accepts and which outcome moves the connection where. The server and client
// engines consult these tables, and the UI's state diagram draws the same rows.
#include "imap_command.h"
#include "imap_response.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

// Idle: the server pushes updates until the client says DONE (RFC 2177); entered from the
// authenticated or the selected state and left back to it. Not one of RFC 3501's four states,
// but a client in it may send nothing but DONE, which is what a state means here.
enum class State : std::uint8_t { NotAuthenticated, Authenticated, Selected, Logout, Idle };

std::string_view state_name(State state); // "not_authenticated", "selected", ...
std::string state_key(State state);       // "imap.state.selected"
inline constexpr State kAllStates[] = {State::NotAuthenticated, State::Authenticated,
                                       State::Selected, State::Logout, State::Idle};

// Which states accept a command (RFC 3501 §6.1-6.4).
struct CommandRule {
    CommandName command;
    bool not_authenticated;
    bool authenticated;
    bool selected;
};
std::span<const CommandRule> command_rules();
bool command_allowed(State state, CommandName command);

// What moves the connection: the greeting, a command's completion, or the server's BYE.
// Done: the client's DONE ends IDLE (back to where IDLE started).
enum class Trigger : std::uint8_t { GreetingOk, GreetingPreauth, GreetingBye, Command, Bye, Done };
enum class Outcome : std::uint8_t { Ok, No, Any }; // a command's tagged result

struct Transition {
    State from;
    Trigger trigger;
    CommandName command; // for Trigger::Command
    Outcome outcome;
    State to;
    std::string_view label_key; // explanation of the edge, for the diagram
};
std::span<const Transition> transitions();

// Every explanation key the IMAP engines use (commands, states, responses, response codes,
// errors, diagram edges): lessons/i18n/imap.toml must have each in Korean and English.
std::vector<std::string> explanation_keys();

// The state after `command` completed with `status` in `from` (unchanged when no row says
// otherwise).
State state_after_command(State from, CommandName command, ResponseStatus status);

// Where DONE leads from Idle: back to `idle_from` if the table has that edge.
State state_after_done(State idle_from);

} // namespace mailsim::imap
