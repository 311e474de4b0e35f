#pragma once
// The SMTP client's own state machine as data. The client's state is the reply it is waiting
// for next (RFC 5321 §4.3.2 pairs every command with its replies), so it can be read off the
// engine (SmtpClient::client_state) and equally off a trace of commands and replies
// (ClientStateTracker): the UI draws the client side of a recorded session with this, and a
// unit test drives the engine through every row of the table to prove it matches.
#include "sim/proto/named_state.h"
#include "smtp_command.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string_view>

namespace mailsim::smtp {

enum class ClientState : std::uint8_t {
    Greeting, // connected, waiting for the 220 greeting
    Ehlo,     // EHLO sent
    Helo,     // HELO sent (classic client, or the fallback after EHLO was refused)
    Mail,     // MAIL (SEND/SOML/SAML) sent
    Rcpt,     // RCPT sent (pipelined: the next RCPT reply to come)
    Data,     // DATA sent, waiting for 354
    Body,     // message text and "." sent, waiting for the final reply
    Rset,     // RSET sent to close a transaction that had no recipient
    Quit,     // QUIT sent
    Turn,     // TURN sent (RFC 821)
    Closed,
    Turned, // TURN accepted: this side is now the server
};

// How the reply the client waited for counts. What "accepted" means depends on the state:
// 220 for the greeting, 354 for DATA, any 2yz/3yz elsewhere.
enum class ClientTrigger : std::uint8_t {
    Accepted,
    Refused,        // 4yz/5yz (and anything but 354 after DATA)
    ServiceClosing, // 421: the server is going away (RFC 5321 §3.8)
    ConnectionEnd,  // the peer closed, the client timed out or got a malformed reply
};

// "Rcpt", "smtp.client_state.Rcpt" (i18n)
using ClientStateInfo = NamedState<ClientState>;

struct ClientTransition {
    ClientState from;
    ClientTrigger trigger;
    ClientState to;
    std::string_view label; // short diagram label: "250, next RCPT"
    std::string_view key;   // "smtp.client_edge.next_rcpt": why the client goes there
};

std::span<const ClientStateInfo> client_state_infos();
std::span<const ClientTransition> client_transitions();
std::string_view client_state_name(ClientState state);
std::string client_state_key(ClientState state);
std::string_view client_trigger_name(ClientTrigger trigger); // "accepted"
// Is there a row from -> to on this trigger?
bool client_transition_allowed(ClientState from, ClientTrigger trigger, ClientState to);
// How a reply to the command the client waits for in `waiting` counts.
ClientTrigger client_trigger_for(ClientState waiting, int reply_code);
// The state a command puts the client in (nullopt for commands the engine never sends, such
// as NOOP typed by hand: their replies do not move the machine).
std::optional<ClientState> client_state_after_sending(Verb verb);

// Follows a client session from the outside: the commands it sent and the final line of each
// reply it got, in order. A reply moves the machine once the next command is known (the state
// is what the client waits for), so between a reply and the next command the state holds.
class ClientStateTracker {
public:
    struct Step {
        ClientState from;
        ClientTrigger trigger;
        ClientState to;
    };

    void command_sent(Verb verb);
    void reply_received(int code);
    void connection_ended();

    ClientState state() const { return m_state; }
    // The transition taken most recently (nullopt before the first one).
    const std::optional<Step>& last_step() const { return m_last; }
    std::size_t steps() const { return m_steps; } // transitions taken so far

private:
    void move(ClientTrigger trigger, ClientState to);

    ClientState m_state = ClientState::Greeting;
    // Replies still owed, oldest first; nullopt for a command that does not move the machine.
    std::deque<std::optional<ClientState>> m_waiting{ClientState::Greeting};
    std::optional<ClientTrigger> m_held; // a reply consumed, its destination not known yet
    std::optional<Step> m_last;
    std::size_t m_steps = 0;
};

} // namespace mailsim::smtp
