#include "session_names.h"

#include "sim/core/bytes.h"

namespace mailsim::live {

namespace {

// "alice@x" from "MAIL FROM:<alice@x> SIZE=12" (any case; "" for the null path).
std::string mail_from_address(const std::string& line) {
    const auto open = line.find('<');
    const auto close = line.find('>', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos)
        return {};
    return line.substr(open + 1, close - open - 1);
}

} // namespace

std::string account_name(const world::Scenario& scenario, const std::string& who) {
    if (who.empty())
        return {};
    const std::string wanted = to_lower_ascii(who);
    for (const auto& user : scenario.users)
        if (to_lower_ascii(user.address) == wanted || to_lower_ascii(user.login) == wanted)
            return user.name.empty() ? user.login : user.name;
    return {};
}

void SessionNames::follow(const world::Trace& trace, const world::Scenario& scenario) {
    if (m_next < trace.first_index())
        m_next = trace.first_index(); // a window dropped events before they were read
    for (; m_next < trace.total(); ++m_next)
        observe(trace[m_next - trace.first_index()], scenario);
}

void SessionNames::observe(const world::Event& e, const world::Scenario& scenario) {
    if (e.conn == 0 || m_names.count(e.conn))
        return; // the first account a session names is the one it keeps
    std::string who;
    if (e.kind == world::EventKind::StateChange && !e.user.empty())
        who = e.user; // POP3/IMAP: logged in
    else if (e.kind == world::EventKind::Command && e.proto == world::Proto::Smtp &&
             e.verb == "MAIL")
        who = mail_from_address(e.text);
    if (std::string name = account_name(scenario, who); !name.empty())
        m_names.emplace(e.conn, std::move(name));
}

void SessionNames::clear() {
    m_names.clear();
    m_next = 0;
}

const std::string& SessionNames::name(world::ConnId conn) const {
    static const std::string none;
    auto it = m_names.find(conn);
    return it == m_names.end() ? none : it->second;
}

} // namespace mailsim::live
