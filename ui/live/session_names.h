#pragma once
// Whose a session is, for its label in the live classroom's views ("#3 김민준" instead of "#3"):
// the account a POP3 or IMAP session logged in as (its state change names the user), or the
// envelope sender an SMTP session gave (MAIL FROM), named as the scenario names the account
// (`mailsim serve --class` puts each student's name from the roster there). Read from the
// trace as it grows, so a session keeps its name after it closed.
#include "sim/trace/trace.h"
#include "sim/world/scenario.h"

#include <map>
#include <string>

namespace mailsim::live {

class SessionNames {
public:
    // Reads what `trace` recorded since the last call; `scenario` names the accounts.
    void follow(const world::Trace& trace, const world::Scenario& scenario);
    // One event (the server's feed, which sees every event once).
    void observe(const world::Event& event, const world::Scenario& scenario);
    // A name known from elsewhere (a snapshot names the sessions that logged in before it).
    void set(world::ConnId conn, std::string name) { m_names[conn] = std::move(name); }
    void forget(world::ConnId conn) { m_names.erase(conn); }
    const std::map<world::ConnId, std::string>& all() const { return m_names; }
    // A new trace (another world, or a fresh snapshot): start again.
    void clear();
    // The account's name ("" while the session is nobody's, or for an address that is not
    // one of the world's accounts).
    const std::string& name(world::ConnId conn) const;
    std::size_t size() const { return m_names.size(); }

private:
    std::map<world::ConnId, std::string> m_names;
    std::size_t m_next = 0; // trace index of the next event to read
};

// The account `who` (a login or an address) is, by its scenario name (its login when it has
// none); "" when it is none of the world's accounts.
std::string account_name(const world::Scenario& scenario, const std::string& who);

} // namespace mailsim::live
