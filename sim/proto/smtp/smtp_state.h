#pragma once
// The SMTP server's state machine as data. Every rule about which command is allowed when
// lives in the one table in smtp_state.cpp; the server consults it and the UI draws it, so the
// diagram and the code cannot disagree.
#include "sim/proto/named_state.h"
#include "smtp_command.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace mailsim::smtp {

enum class State {
    Greeting,  // connected, greeting sent, waiting for HELO/EHLO
    Ready,     // client introduced itself; no mail transaction open
    MailGiven, // MAIL (or SEND/SOML/SAML) accepted: a transaction is open, no recipient yet
    RcptGiven, // at least one recipient accepted
    Data,      // 354 sent: the message text is arriving
    Turned,    // TURN accepted: this side now acts as the client (RFC 821)
    Closed,    // 221 or 421 sent, or the peer went away
};

// What moves the machine: a command, or an event that is not a command.
enum class Trigger {
    Helo,
    Ehlo,
    Mail,
    Send,
    Soml,
    Saml,
    Rcpt,
    Data,
    EndOfData, // the line "." after the message text
    Rset,
    Noop,
    Vrfy,
    Expn,
    Help,
    Turn,
    Quit,
    Shutdown,       // 421: timeout, forced fault or the server going down
    ConnectionLost, // the peer closed the connection
};

// Whether the reply to the trigger was positive (2yz/3yz) or negative (4yz/5yz).
enum class Outcome { Success, Failure };

// "MailGiven", "smtp.state.MailGiven" (i18n)
using StateInfo = NamedState<State>;

struct Transition {
    State from;
    Trigger trigger;
    Outcome outcome;
    State to;
};

std::span<const StateInfo> state_infos();
std::span<const Transition> transition_table();

std::string_view state_name(State state);
std::string_view trigger_name(Trigger trigger); // "MAIL", "end of data", "421 shutdown"
std::string state_key(State state);
// "smtp.cmd.MAIL" for command triggers, "smtp.trigger.end_of_data" for the others.
std::string trigger_key(Trigger trigger);
// Every trigger in table order of first use (the UI legend, the i18n lint).
const std::vector<Trigger>& all_triggers();
std::optional<Trigger> trigger_for(Verb verb);

// Is the trigger allowed in this state at all? (No row: the server answers 503.)
bool is_allowed(State from, Trigger trigger);
// The state after the trigger with this outcome. A failure without its own row leaves the state
// unchanged (a rejected RCPT does not end the transaction). nullopt when not allowed.
std::optional<State> next_state(State from, Trigger trigger, Outcome outcome);

} // namespace mailsim::smtp
