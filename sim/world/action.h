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
//   telnet host=mail.hamburger.edu port=25 send="HELO x"        port host=H port=110 close
//   login user=bob@hamburger.edu             logout user=bob@hamburger.edu   (terminals)
// Values may be quoted; inside quotes \n, \t, \" and \\ are escapes. Bare words are flags.
#include "sim/core/result.h"
#include "sim/core/sim_time.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::world {

struct Action {
    std::string verb;
    std::map<std::string, std::string> args;
    std::vector<std::string> flags; // bare words, in order

    const std::string* get(const std::string& name) const {
        auto it = args.find(name);
        return it == args.end() ? nullptr : &it->second;
    }
    std::string get_or(const std::string& name, std::string fallback) const {
        auto* value = get(name);
        return value ? *value : fallback;
    }
    bool has_flag(std::string_view flag) const;
    // Back to one line (quoted where needed): inputs are recorded in this form.
    std::string to_string() const;
};

// Errors carry line 1 and the 1-based column.
Result<Action> parse_action(std::string_view text);

// "250ms", "30s", "5m", "2h", "5d", "1.5s" or a plain number of seconds.
Result<SimTime> parse_duration(std::string_view text);
// "10Mbit", "56kbit", "1Gbit", "9600" (bits per second).
Result<double> parse_bandwidth(std::string_view text);

} // namespace mailsim::world
