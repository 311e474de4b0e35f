#include "http_state.h"

namespace mailsim::http {

namespace {

using S = ServerState;
using ST = ServerTrigger;
using C = ClientState;
using CT = ClientTrigger;

constexpr NamedState<ServerState> kServerStates[] = {
    {S::Idle, "Idle", "http.state.Idle"},
    {S::Answering, "Answering", "http.state.Answering"},
    {S::Closed, "Closed", "http.state.Closed"},
};

// The browser's Closed explains itself differently (no response), so its own key.
constexpr NamedState<ClientState> kClientStates[] = {
    {C::Waiting, "Waiting", "http.state.Waiting"},
    {C::Done, "Done", "http.state.Done"},
    {C::Closed, "Closed", "http.state.client_Closed"},
};

constexpr ServerTransition kServerTable[] = {
    {S::Idle, ST::Request, S::Answering, "http.trigger.request"},
    {S::Idle, ST::BadRequest, S::Idle, "http.trigger.bad_request", true},
    {S::Answering, ST::Response, S::Idle, "http.trigger.response"},
    {S::Idle, ST::PeerClosed, S::Closed, "http.trigger.client_closed"},
    {S::Answering, ST::PeerClosed, S::Closed, "http.trigger.client_closed"},
};

constexpr ClientTransition kClientTable[] = {
    {C::Waiting, CT::Response, C::Done, "http.trigger.response_read"},
    {C::Waiting, CT::PeerClosed, C::Closed, "http.trigger.server_closed", true},
};

template <typename State, typename Trigger>
std::optional<State> find_row(std::span<const Transition<State, Trigger>> table, State from,
                              Trigger trigger) {
    for (const auto& row : table)
        if (row.from == from && row.trigger == trigger)
            return row.to;
    return std::nullopt;
}

} // namespace

std::span<const ServerTransition> server_transitions() {
    return kServerTable;
}

std::span<const ClientTransition> client_transitions() {
    return kClientTable;
}

std::optional<ServerState> next_state(ServerState from, ServerTrigger trigger) {
    return find_row(server_transitions(), from, trigger);
}

std::optional<ClientState> next_state(ClientState from, ClientTrigger trigger) {
    return find_row(client_transitions(), from, trigger);
}

std::span<const NamedState<ServerState>> server_states() {
    return kServerStates;
}

std::span<const NamedState<ClientState>> client_states() {
    return kClientStates;
}

std::string_view state_name(ServerState state) {
    return name_of(server_states(), state);
}

std::string_view state_name(ClientState state) {
    return name_of(client_states(), state);
}

std::string_view state_key(ServerState state) {
    const auto* entry = find_named(server_states(), state);
    return entry ? entry->key : "";
}

std::string_view state_key(ClientState state) {
    const auto* entry = find_named(client_states(), state);
    return entry ? entry->key : "";
}

std::string_view trigger_name(ServerTrigger trigger) {
    switch (trigger) {
    case ST::Request:
        return "request";
    case ST::BadRequest:
        return "400";
    case ST::Response:
        return "response";
    case ST::PeerClosed:
        return "peer closed";
    }
    return "?";
}

std::string_view trigger_name(ClientTrigger trigger) {
    switch (trigger) {
    case CT::Response:
        return "response";
    case CT::PeerClosed:
        return "peer closed";
    }
    return "?";
}

} // namespace mailsim::http
