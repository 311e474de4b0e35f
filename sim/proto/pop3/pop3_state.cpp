#include "sim/proto/pop3/pop3_state.h"

#include "sim/core/bytes.h"

namespace mailsim::pop3 {

namespace {

using enum State;
using enum Command;

// RFC 1939: USER/PASS/APOP/QUIT (and CAPA, RFC 2449) in AUTHORIZATION; the read commands in
// TRANSACTION; QUIT in AUTHORIZATION closes without UPDATE (§5: nothing to commit), QUIT in
// TRANSACTION enters UPDATE (§6). A dropped connection never reaches UPDATE (§6, last para).
constexpr Transition kTable[] = {
    {Authorization, User, Authorization, Authorization, "pop3.cmd.USER"},
    {Authorization, Pass, Transaction, Authorization, "pop3.cmd.PASS"},
    {Authorization, Apop, Transaction, Authorization, "pop3.cmd.APOP"},
    {Authorization, Capa, Authorization, Authorization, "pop3.cmd.CAPA"},
    {Authorization, Quit, Closed, Closed, "pop3.cmd.QUIT"},
    {Authorization, ConnectionLost, Closed, Closed, "pop3.cmd.ConnectionLost"},
    {Transaction, Stat, Transaction, Transaction, "pop3.cmd.STAT"},
    {Transaction, List, Transaction, Transaction, "pop3.cmd.LIST"},
    {Transaction, Retr, Transaction, Transaction, "pop3.cmd.RETR"},
    {Transaction, Dele, Transaction, Transaction, "pop3.cmd.DELE"},
    {Transaction, Noop, Transaction, Transaction, "pop3.cmd.NOOP"},
    {Transaction, Rset, Transaction, Transaction, "pop3.cmd.RSET"},
    {Transaction, Top, Transaction, Transaction, "pop3.cmd.TOP"},
    {Transaction, Uidl, Transaction, Transaction, "pop3.cmd.UIDL"},
    {Transaction, Capa, Transaction, Transaction, "pop3.cmd.CAPA"},
    {Transaction, Quit, Update, Update, "pop3.cmd.QUIT"},
    {Transaction, ConnectionLost, Closed, Closed, "pop3.cmd.ConnectionLost"},
    {Update, UpdateFinished, Closed, Closed, "pop3.cmd.UpdateFinished"},
};

struct CommandInfo {
    Command command;
    std::string_view name;
    std::string_view key;
};

constexpr CommandInfo kCommands[] = {
    {User, "USER", "pop3.cmd.USER"},
    {Pass, "PASS", "pop3.cmd.PASS"},
    {Apop, "APOP", "pop3.cmd.APOP"},
    {Stat, "STAT", "pop3.cmd.STAT"},
    {List, "LIST", "pop3.cmd.LIST"},
    {Retr, "RETR", "pop3.cmd.RETR"},
    {Dele, "DELE", "pop3.cmd.DELE"},
    {Noop, "NOOP", "pop3.cmd.NOOP"},
    {Rset, "RSET", "pop3.cmd.RSET"},
    {Top, "TOP", "pop3.cmd.TOP"},
    {Uidl, "UIDL", "pop3.cmd.UIDL"},
    {Capa, "CAPA", "pop3.cmd.CAPA"},
    {Quit, "QUIT", "pop3.cmd.QUIT"},
    {Unknown, "?", "pop3.cmd.unknown"},
    {UpdateFinished, "(update done)", "pop3.cmd.UpdateFinished"},
    {ConnectionLost, "(connection lost)", "pop3.cmd.ConnectionLost"},
};

} // namespace

std::span<const Transition> transition_table() {
    return kTable;
}

std::optional<Transition> find_transition(State from, Command command) {
    for (const auto& row : kTable)
        if (row.from == from && row.command == command)
            return row;
    return std::nullopt;
}

std::string_view state_name(State state) {
    switch (state) {
    case Authorization:
        return "AUTHORIZATION";
    case Transaction:
        return "TRANSACTION";
    case Update:
        return "UPDATE";
    case Closed:
        return "CLOSED";
    }
    return "";
}

std::string_view state_key(State state) {
    switch (state) {
    case Authorization:
        return "pop3.state.AUTHORIZATION";
    case Transaction:
        return "pop3.state.TRANSACTION";
    case Update:
        return "pop3.state.UPDATE";
    case Closed:
        return "pop3.state.CLOSED";
    }
    return "";
}

std::string_view command_name(Command command) {
    for (const auto& info : kCommands)
        if (info.command == command)
            return info.name;
    return "?";
}

std::string_view command_key(Command command) {
    for (const auto& info : kCommands)
        if (info.command == command)
            return info.key;
    return "pop3.cmd.unknown";
}

Command parse_command(std::string_view keyword) {
    for (const auto& info : kCommands) {
        if (info.command == Unknown || info.command == UpdateFinished ||
            info.command == ConnectionLost)
            continue;
        if (equals_ci(keyword, info.name))
            return info.command;
    }
    return Unknown;
}

bool is_multiline(Command command, bool has_argument) {
    switch (command) {
    case List:
    case Uidl:
        return !has_argument;
    case Retr:
    case Top:
    case Capa:
        return true;
    default:
        return false;
    }
}

} // namespace mailsim::pop3
