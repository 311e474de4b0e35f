#include "imap_state.h"

#include <algorithm>
#include <array>

namespace mailsim::imap {

namespace {

using C = CommandName;

// RFC 3501 §6.1 any state; §6.2 not authenticated; §6.3 authenticated (also valid when
// selected); §6.4 selected.
constexpr std::array<CommandRule, 27> kRules = {{
    {C::Capability, true, true, true},
    {C::Noop, true, true, true},
    {C::Logout, true, true, true},
    {C::Login, true, false, false},
    {C::Select, false, true, true},
    {C::Examine, false, true, true},
    {C::Create, false, true, true},
    {C::Delete, false, true, true},
    {C::Rename, false, true, true},
    {C::Subscribe, false, true, true},
    {C::Unsubscribe, false, true, true},
    {C::List, false, true, true},
    {C::Lsub, false, true, true},
    {C::Status, false, true, true},
    {C::Append, false, true, true},
    {C::Check, false, false, true},
    {C::Close, false, false, true},
    {C::Expunge, false, false, true},
    {C::Search, false, false, true},
    {C::Fetch, false, false, true},
    {C::Store, false, false, true},
    {C::Copy, false, false, true},
    {C::Authenticate, true, false, false},
    // Extensions: IDLE and NAMESPACE wherever a user is logged in (RFC 2177, 2342), MOVE with
    // a mailbox selected (RFC 6851), ENABLE before one is (RFC 5161 §3.1).
    {C::Idle, false, true, true},
    {C::Namespace, false, true, true},
    {C::Move, false, false, true},
    {C::Enable, false, true, false},
}};

using S = State;
using T = Trigger;
using O = Outcome;

// The edges of RFC 3501 figure "IMAP4rev1 connection state diagram" (§3.5), plus the SELECT /
// EXAMINE rule of §6.3.1: a failed SELECT in the selected state leaves no mailbox selected.
// IDLE (RFC 2177) leaves either state for Idle at its "+ idling" and DONE returns to it.
constexpr std::array<Transition, 23> kTransitions = {{
    {S::NotAuthenticated, T::GreetingOk, C::Noop, O::Any, S::NotAuthenticated,
     "imap.edge.greeting_ok"},
    {S::NotAuthenticated, T::GreetingPreauth, C::Noop, O::Any, S::Authenticated,
     "imap.edge.greeting_preauth"},
    {S::NotAuthenticated, T::GreetingBye, C::Noop, O::Any, S::Logout, "imap.edge.greeting_bye"},
    {S::NotAuthenticated, T::Command, C::Login, O::Ok, S::Authenticated, "imap.edge.login_ok"},
    {S::NotAuthenticated, T::Command, C::Authenticate, O::Ok, S::Authenticated,
     "imap.edge.authenticate_ok"},
    {S::Authenticated, T::Command, C::Select, O::Ok, S::Selected, "imap.edge.select_ok"},
    {S::Authenticated, T::Command, C::Examine, O::Ok, S::Selected, "imap.edge.select_ok"},
    {S::Selected, T::Command, C::Select, O::Ok, S::Selected, "imap.edge.select_ok"},
    {S::Selected, T::Command, C::Examine, O::Ok, S::Selected, "imap.edge.select_ok"},
    {S::Selected, T::Command, C::Select, O::No, S::Authenticated, "imap.edge.select_failed"},
    {S::Selected, T::Command, C::Examine, O::No, S::Authenticated, "imap.edge.select_failed"},
    {S::Selected, T::Command, C::Close, O::Ok, S::Authenticated, "imap.edge.close"},
    {S::NotAuthenticated, T::Command, C::Logout, O::Any, S::Logout, "imap.edge.logout"},
    {S::Authenticated, T::Command, C::Logout, O::Any, S::Logout, "imap.edge.logout"},
    {S::Selected, T::Command, C::Logout, O::Any, S::Logout, "imap.edge.logout"},
    {S::NotAuthenticated, T::Bye, C::Noop, O::Any, S::Logout, "imap.edge.bye"},
    {S::Authenticated, T::Bye, C::Noop, O::Any, S::Logout, "imap.edge.bye"},
    {S::Selected, T::Bye, C::Noop, O::Any, S::Logout, "imap.edge.bye"},
    {S::Authenticated, T::Command, C::Idle, O::Any, S::Idle, "imap.edge.idle"},
    {S::Selected, T::Command, C::Idle, O::Any, S::Idle, "imap.edge.idle"},
    {S::Idle, T::Done, C::Noop, O::Any, S::Authenticated, "imap.edge.idle_done"},
    {S::Idle, T::Done, C::Noop, O::Any, S::Selected, "imap.edge.idle_done"},
    {S::Idle, T::Bye, C::Noop, O::Any, S::Logout, "imap.edge.bye"},
}};

bool outcome_matches(Outcome outcome, ResponseStatus status) {
    switch (outcome) {
    case Outcome::Any:
        return true;
    case Outcome::Ok:
        return status == ResponseStatus::Ok;
    case Outcome::No:
        return status == ResponseStatus::No;
    }
    return false;
}

} // namespace

std::string_view state_name(State state) {
    switch (state) {
    case State::NotAuthenticated:
        return "not_authenticated";
    case State::Authenticated:
        return "authenticated";
    case State::Selected:
        return "selected";
    case State::Logout:
        return "logout";
    case State::Idle:
        return "idle";
    }
    return "?";
}

std::string state_key(State state) {
    return "imap.state." + std::string(state_name(state));
}

std::span<const CommandRule> command_rules() {
    return kRules;
}

bool command_allowed(State state, CommandName command) {
    for (const auto& rule : kRules) {
        if (rule.command != command)
            continue;
        switch (state) {
        case State::NotAuthenticated:
            return rule.not_authenticated;
        case State::Authenticated:
            return rule.authenticated;
        case State::Selected:
            return rule.selected;
        case State::Logout:
        case State::Idle: // only DONE, which is not a command
            return false;
        }
    }
    return false;
}

std::span<const Transition> transitions() {
    return kTransitions;
}

std::vector<std::string> explanation_keys() {
    std::vector<std::string> keys;
    for (const auto& rule : kRules)
        keys.push_back("imap.cmd." + std::string(command_word(rule.command)));
    keys.push_back("imap.cmd.UID");
    for (State state : kAllStates)
        keys.push_back(state_key(state));
    for (const char* name :
         {"OK", "NO", "BAD", "PREAUTH", "BYE", "CAPABILITY", "LIST", "LSUB", "STATUS", "SEARCH",
          "FLAGS", "EXISTS", "RECENT", "EXPUNGE", "FETCH", "continuation", "NAMESPACE", "ENABLED"})
        keys.push_back("imap.resp." + std::string(name));
    for (const char* code :
         {"CAPABILITY", "UIDVALIDITY", "UIDNEXT", "UNSEEN", "PERMANENTFLAGS", "READ-ONLY",
          "READ-WRITE", "TRYCREATE", "AUTHENTICATIONFAILED", "ALREADYEXISTS", "CANNOT", "OVERQUOTA",
          "BADCHARSET", "EXPUNGEISSUED", "APPENDUID", "COPYUID", "TOOBIG"})
        keys.push_back("imap.code." + std::string(code));
    for (const char* error : {"syntax", "wrong_state", "unknown_command", "line_too_long",
                              "literal_too_large", "truncated", "bad_sequence", "unknown_tag"})
        keys.push_back("imap.error." + std::string(error));
    for (const auto& edge : kTransitions) {
        std::string key(edge.label_key);
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            keys.push_back(std::move(key));
    }
    return keys;
}

State state_after_command(State from, CommandName command, ResponseStatus status) {
    for (const auto& edge : kTransitions)
        if (edge.from == from && edge.trigger == Trigger::Command && edge.command == command &&
            outcome_matches(edge.outcome, status))
            return edge.to;
    return from;
}

State state_after_done(State idle_from) {
    for (const auto& edge : kTransitions)
        if (edge.from == State::Idle && edge.trigger == Trigger::Done && edge.to == idle_from)
            return edge.to;
    return State::Authenticated;
}

} // namespace mailsim::imap
