#pragma once
// A state of an engine's machine as its table names it: the name the diagram shows and the
// explanation key (i18n). One shape for every engine's list of states (smtp_state.cpp,
// smtp_client_state.cpp, http_state.cpp), and one lookup over such a list.
#include <span>
#include <string_view>

namespace mailsim {

template <typename State>
struct NamedState {
    State state;
    std::string_view name; // "MailGiven"
    std::string_view key;  // "smtp.state.MailGiven"
};

// The entry of `state` in `states`, or nullptr.
template <typename State>
constexpr const NamedState<State>* find_named(std::span<const NamedState<State>> states,
                                              State state) {
    for (const auto& entry : states)
        if (entry.state == state)
            return &entry;
    return nullptr;
}

// Its name, or "?" for a state the list does not have.
template <typename State>
constexpr std::string_view name_of(std::span<const NamedState<State>> states, State state) {
    const NamedState<State>* entry = find_named(states, state);
    return entry ? entry->name : "?";
}

} // namespace mailsim
