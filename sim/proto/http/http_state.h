#pragma once
// The HTTP engines' state machines as data, one table per side. The engines move only along
// these rows (a move the table does not have is refused: the input is not read, the answer
// not written), the UI's state diagram draws the same rows, and the UI follows a recorded
// session through them from its request and response events, so the diagram is the code.
//
// One request at a time on a connection (RFC 9112 §9.3 lets a server read the next request of
// a persistent connection only after it answered the one before; webmail's browser sends one
// per connection), so the server waits, answers, waits again, and the client waits once.
#include "sim/proto/named_state.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mailsim::http {

enum class ServerState : std::uint8_t {
    Idle,      // waiting for a request
    Answering, // a whole request was read; the answer is owed (a POST: once its mail is on)
    Closed,    // the client closed the connection
};

enum class ServerTrigger : std::uint8_t {
    Request,    // a whole request (head and Content-Length body) was read
    BadRequest, // a malformed or endless head: the engine itself answers 400
    Response,   // the answer was written
    PeerClosed, // the client's FIN
};

enum class ClientState : std::uint8_t {
    Waiting, // the request is written; waiting for the whole response
    Done,    // the response was read: the engine wants the connection closed
    Closed,  // the server closed before the response was whole: there is none
};

enum class ClientTrigger : std::uint8_t {
    Response,   // a whole response was read
    PeerClosed, // the server's FIN
};

template <typename State, typename Trigger>
struct Transition {
    State from;
    Trigger trigger;
    State to;
    std::string_view key; // explanation of the edge (i18n): "http.trigger.request"
    bool failure = false; // a refusal (400) or an exchange without its response
};
using ServerTransition = Transition<ServerState, ServerTrigger>;
using ClientTransition = Transition<ClientState, ClientTrigger>;

std::span<const ServerTransition> server_transitions();
std::span<const ClientTransition> client_transitions();

// The row's destination, or nullopt when the table has no such move.
std::optional<ServerState> next_state(ServerState from, ServerTrigger trigger);
std::optional<ClientState> next_state(ClientState from, ClientTrigger trigger);

// Where one side stands, moved only along its table's rows (next_state above).
template <typename State, typename Trigger>
class Machine {
public:
    struct Step {
        State from;
        Trigger trigger;
        State to;
    };

    explicit Machine(State start) : m_state(start) {}
    State state() const { return m_state; }
    // The row taken last (nullopt before the first).
    const std::optional<Step>& last_step() const { return m_last_step; }
    // False, and no move, when the table has no row for the trigger here.
    bool move(Trigger trigger) {
        const std::optional<State> to = next_state(m_state, trigger);
        if (!to)
            return false;
        m_last_step = Step{m_state, trigger, *to};
        m_state = *to;
        return true;
    }

private:
    State m_state;
    std::optional<Step> m_last_step;
};

// Names as the diagram shows them ("Answering") and their i18n keys ("http.state.Answering"):
// the entries of server_states() / client_states().
std::string_view state_name(ServerState state);
std::string_view state_name(ClientState state);
std::string_view state_key(ServerState state);
std::string_view state_key(ClientState state);
// Short labels of the diagram's arrows ("request", "400", "peer closed").
std::string_view trigger_name(ServerTrigger trigger);
std::string_view trigger_name(ClientTrigger trigger);

// Every state, in the order the diagrams place them.
std::span<const NamedState<ServerState>> server_states();
std::span<const NamedState<ClientState>> client_states();

} // namespace mailsim::http
