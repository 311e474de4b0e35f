#pragma once
// User actions as one-line commands, shared by scenario files ([[action]] do = "..."), lesson
// solutions and the UI's action API, so a scripted step and a clicked step are the same input:
//   compose from=alice@crepes.fr to=bob@hamburger.edu subject="Hi" body="Line 1\nLine 2"
//   retrieve user=bob@hamburger.edu proto=pop3 mode=delete
//   fault host=mail.hamburger.edu down        fault link=a-b up      fault dns=x.org servfail
//   force host=mail.hamburger.edu at=RCPT code=450 [count=N]
//   alias address=staff@hamburger.edu members="bob@hamburger.edu, alice@hamburger.edu"
//   alias address=staff@hamburger.edu remove
//   relay host=mail.hamburger.edu open|closed [allow=client.host] [deny=client.host]
//   gateway host=gw.hamburger.edu [domain=lab.hamburger.edu] [site=lab]   (its UUCP route)
//   telnet host=mail.hamburger.edu port=25 send="HELO x"        port host=H port=110 close
//   login user=bob@hamburger.edu             logout user=bob@hamburger.edu   (terminals)
// Values may be quoted; inside quotes \n, \t, \" and \\ are escapes. Bare words are flags.
#include "sim/agents/agent_config.h"
#include "sim/core/result.h"
#include "sim/core/sim_time.h"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mailsim::world {

// The named values (args, get, get_or) are what an agent reads (sim/agents/agent_config.h).
struct Action : agents::ActionArguments {
    std::string verb;
    std::vector<std::string> flags; // bare words, in order

    bool has_flag(std::string_view flag) const;
    // Back to one line (quoted where needed): inputs are recorded in this form.
    std::string to_string() const;
    friend bool operator==(const Action&, const Action&) = default;
};

// Errors carry line 1 and the 1-based column.
Result<Action> parse_action(std::string_view text);

// The actions a front end builds, with typed fields: the UI fills these from its forms instead
// of joining and quoting text, and to_action() gives the one canonical Action (printed by
// Action::to_string, read back by parse_action) that the world performs and records.
enum class Toggle { Down, Up };

struct ComposeAction {
    std::string from;
    std::vector<std::string> to, cc, bcc;
    std::string subject, body;
    std::string attach;   // a built-in sample file's name, or empty
    std::string encoding; // empty = automatic; 7bit, 8bit, quoted-printable, base64
};

enum class RetrieveProtocol { Pop3Keep, Pop3Delete, Imap };
struct RetrieveAction {
    std::string user;
    RetrieveProtocol protocol = RetrieveProtocol::Pop3Keep;
};

struct HostFault {
    std::string host;
    Toggle state = Toggle::Down;
};

struct LinkFault {
    std::string a, b; // the link's two hosts as the scenario declares them
    Toggle state = Toggle::Down;
};

struct ForceReply {
    std::string host;
    std::string at; // CONNECT, a command verb, or DATA_END
    int code = 550;
    std::optional<int> count; // how many times; unset = every time
};

struct SetAlias {
    std::string address;
    std::vector<std::string> members;
};

struct RemoveAlias {
    std::string address;
};

enum class RelayChange { Open, Closed, Allow, Deny };
struct SetRelay {
    std::string host;
    RelayChange change = RelayChange::Closed;
    std::string client; // for Allow and Deny
};

// The whole MX record set of a domain ("10 mail.x, 20 mx2.x"; empty = none), or the whole A
// record set of a name ("10.0.2.25"; empty = none): the `dns` action, in its text form.
struct SetMxRecords {
    std::string domain;
    std::string records;
};

struct SetARecords {
    std::string name;
    std::string addresses;
};

// Opens a session to host:port from a host (or types into the one already open).
struct TelnetLine {
    std::string from, host;
    int port = 25;
    std::optional<std::string> send; // a line to type; unset = just connect
};

using TypedAction =
    std::variant<ComposeAction, RetrieveAction, HostFault, LinkFault, ForceReply, SetAlias,
                 RemoveAlias, SetRelay, TelnetLine, SetMxRecords, SetARecords>;

Action to_action(const TypedAction& action);

// "250ms", "30s", "5m", "2h", "5d", "1.5s" or a plain number of seconds.
Result<SimTime> parse_duration(std::string_view text);
// "10Mbit", "56kbit", "1Gbit", "9600" (bits per second).
Result<double> parse_bandwidth(std::string_view text);

} // namespace mailsim::world
