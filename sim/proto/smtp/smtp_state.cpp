#include "smtp_state.h"

#include <array>
#include <string>

namespace mailsim::smtp {

namespace {

using S = State;
using T = Trigger;
constexpr Outcome Ok = Outcome::Success;
constexpr Outcome Fail = Outcome::Failure;

constexpr std::array<StateInfo, 7> kStates = {{
    {S::Greeting, "Greeting", "smtp.state.Greeting"},
    {S::Ready, "Ready", "smtp.state.Ready"},
    {S::MailGiven, "MailGiven", "smtp.state.MailGiven"},
    {S::RcptGiven, "RcptGiven", "smtp.state.RcptGiven"},
    {S::Data, "Data", "smtp.state.Data"},
    {S::Turned, "Turned", "smtp.state.Turned"},
    {S::Closed, "Closed", "smtp.state.Closed"},
}};

// The whole protocol on one screen. Rows are grouped by source state; commands that keep the
// state (NOOP, VRFY, EXPN, HELP) are listed so the diagram can show them as self-loops.
constexpr Transition kTable[] = {
    // Before the client introduced itself: RFC 5321 §4.1.4 wants HELO/EHLO before MAIL.
    {S::Greeting, T::Helo, Ok, S::Ready},
    {S::Greeting, T::Ehlo, Ok, S::Ready},
    {S::Greeting, T::Rset, Ok, S::Greeting},
    {S::Greeting, T::Noop, Ok, S::Greeting},
    {S::Greeting, T::Vrfy, Ok, S::Greeting},
    {S::Greeting, T::Expn, Ok, S::Greeting},
    {S::Greeting, T::Help, Ok, S::Greeting},
    {S::Greeting, T::Quit, Ok, S::Closed},
    {S::Greeting, T::Shutdown, Ok, S::Closed},
    {S::Greeting, T::ConnectionLost, Ok, S::Closed},

    // Introduced, no transaction.
    {S::Ready, T::Helo, Ok, S::Ready},
    {S::Ready, T::Ehlo, Ok, S::Ready},
    {S::Ready, T::Mail, Ok, S::MailGiven},
    {S::Ready, T::Send, Ok, S::MailGiven},
    {S::Ready, T::Soml, Ok, S::MailGiven},
    {S::Ready, T::Saml, Ok, S::MailGiven},
    {S::Ready, T::Rset, Ok, S::Ready},
    {S::Ready, T::Noop, Ok, S::Ready},
    {S::Ready, T::Vrfy, Ok, S::Ready},
    {S::Ready, T::Expn, Ok, S::Ready},
    {S::Ready, T::Help, Ok, S::Ready},
    {S::Ready, T::Turn, Ok, S::Turned},
    {S::Ready, T::Quit, Ok, S::Closed},
    {S::Ready, T::Shutdown, Ok, S::Closed},
    {S::Ready, T::ConnectionLost, Ok, S::Closed},

    // Sender given, waiting for recipients. HELO/EHLO/RSET abort the transaction.
    {S::MailGiven, T::Rcpt, Ok, S::RcptGiven},
    {S::MailGiven, T::Helo, Ok, S::Ready},
    {S::MailGiven, T::Ehlo, Ok, S::Ready},
    {S::MailGiven, T::Rset, Ok, S::Ready},
    {S::MailGiven, T::Noop, Ok, S::MailGiven},
    {S::MailGiven, T::Vrfy, Ok, S::MailGiven},
    {S::MailGiven, T::Expn, Ok, S::MailGiven},
    {S::MailGiven, T::Help, Ok, S::MailGiven},
    {S::MailGiven, T::Quit, Ok, S::Closed},
    {S::MailGiven, T::Shutdown, Ok, S::Closed},
    {S::MailGiven, T::ConnectionLost, Ok, S::Closed},

    // At least one recipient: DATA may start.
    {S::RcptGiven, T::Rcpt, Ok, S::RcptGiven},
    {S::RcptGiven, T::Data, Ok, S::Data},
    {S::RcptGiven, T::Helo, Ok, S::Ready},
    {S::RcptGiven, T::Ehlo, Ok, S::Ready},
    {S::RcptGiven, T::Rset, Ok, S::Ready},
    {S::RcptGiven, T::Noop, Ok, S::RcptGiven},
    {S::RcptGiven, T::Vrfy, Ok, S::RcptGiven},
    {S::RcptGiven, T::Expn, Ok, S::RcptGiven},
    {S::RcptGiven, T::Help, Ok, S::RcptGiven},
    {S::RcptGiven, T::Quit, Ok, S::Closed},
    {S::RcptGiven, T::Shutdown, Ok, S::Closed},
    {S::RcptGiven, T::ConnectionLost, Ok, S::Closed},

    // The message ends the transaction whether it was accepted or not.
    {S::Data, T::EndOfData, Ok, S::Ready},
    {S::Data, T::EndOfData, Fail, S::Ready},
    {S::Data, T::Shutdown, Ok, S::Closed},
    {S::Data, T::ConnectionLost, Ok, S::Closed},
};

constexpr std::array<std::pair<T, std::string_view>, 18> kTriggerNames = {{
    {T::Helo, "HELO"},
    {T::Ehlo, "EHLO"},
    {T::Mail, "MAIL"},
    {T::Send, "SEND"},
    {T::Soml, "SOML"},
    {T::Saml, "SAML"},
    {T::Rcpt, "RCPT"},
    {T::Data, "DATA"},
    {T::EndOfData, "end of data"},
    {T::Rset, "RSET"},
    {T::Noop, "NOOP"},
    {T::Vrfy, "VRFY"},
    {T::Expn, "EXPN"},
    {T::Help, "HELP"},
    {T::Turn, "TURN"},
    {T::Quit, "QUIT"},
    {T::Shutdown, "421 shutdown"},
    {T::ConnectionLost, "connection lost"},
}};

} // namespace

std::span<const StateInfo> state_infos() {
    return kStates;
}
std::span<const Transition> transition_table() {
    return kTable;
}

std::string_view state_name(State state) {
    return name_of(state_infos(), state);
}

std::string state_key(State state) {
    return "smtp.state." + std::string(state_name(state));
}

std::string_view trigger_name(Trigger trigger) {
    for (const auto& [t, name] : kTriggerNames)
        if (t == trigger)
            return name;
    return "?";
}

const std::vector<Trigger>& all_triggers() {
    static const std::vector<Trigger> triggers = [] {
        std::vector<Trigger> out;
        for (const auto& [trigger, name] : kTriggerNames)
            out.push_back(trigger);
        return out;
    }();
    return triggers;
}

std::string trigger_key(Trigger trigger) {
    switch (trigger) {
    case T::EndOfData:
        return "smtp.trigger.end_of_data";
    case T::Shutdown:
        return "smtp.trigger.shutdown";
    case T::ConnectionLost:
        return "smtp.trigger.connection_lost";
    default:
        return "smtp.cmd." + std::string(trigger_name(trigger));
    }
}

std::optional<Trigger> trigger_for(Verb verb) {
    switch (verb) {
    case Verb::Helo:
        return T::Helo;
    case Verb::Ehlo:
        return T::Ehlo;
    case Verb::Mail:
        return T::Mail;
    case Verb::Send:
        return T::Send;
    case Verb::Soml:
        return T::Soml;
    case Verb::Saml:
        return T::Saml;
    case Verb::Rcpt:
        return T::Rcpt;
    case Verb::Data:
        return T::Data;
    case Verb::Rset:
        return T::Rset;
    case Verb::Noop:
        return T::Noop;
    case Verb::Vrfy:
        return T::Vrfy;
    case Verb::Expn:
        return T::Expn;
    case Verb::Help:
        return T::Help;
    case Verb::Turn:
        return T::Turn;
    case Verb::Quit:
        return T::Quit;
    case Verb::Unknown:
        break;
    }
    return std::nullopt;
}

namespace {
// The table indexed by (state, trigger, outcome), built once: every command of every session
// asks, and a scan of the table was a measurable share of a relay run.
constexpr std::size_t kStateCount = static_cast<std::size_t>(State::Closed) + 1;
constexpr std::size_t kTriggerCount = static_cast<std::size_t>(Trigger::ConnectionLost) + 1;
constexpr int kNoRow = -1;
struct Lookup {
    bool allowed[kStateCount][kTriggerCount] = {};
    int to[kStateCount][kTriggerCount][2] = {}; // State, or kNoRow
    constexpr Lookup() {
        for (auto& by_trigger : to)
            for (auto& by_outcome : by_trigger)
                by_outcome[0] = by_outcome[1] = kNoRow;
        for (const auto& row : kTable) {
            const auto from = static_cast<std::size_t>(row.from);
            const auto trigger = static_cast<std::size_t>(row.trigger);
            allowed[from][trigger] = true;
            int& cell = to[from][trigger][row.outcome == Outcome::Success ? 0 : 1];
            if (cell == kNoRow) // the first matching row wins, as in a scan
                cell = static_cast<int>(row.to);
        }
    }
};
constexpr Lookup kLookup;
} // namespace

bool is_allowed(State from, Trigger trigger) {
    return kLookup.allowed[static_cast<std::size_t>(from)][static_cast<std::size_t>(trigger)];
}

std::optional<State> next_state(State from, Trigger trigger, Outcome outcome) {
    if (!is_allowed(from, trigger))
        return std::nullopt;
    const int to = kLookup.to[static_cast<std::size_t>(from)][static_cast<std::size_t>(trigger)]
                             [outcome == Outcome::Success ? 0 : 1];
    return to == kNoRow ? from : static_cast<State>(to); // a refused command keeps the state
}

} // namespace mailsim::smtp
