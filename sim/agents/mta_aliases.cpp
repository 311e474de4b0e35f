// Mta: alias expansion of the recipients of one transaction.
#include "mta.h"

#include "sim/agents/agent_context.h"

#include <map>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

std::vector<std::string> Mta::expand_aliases(const std::string& msg_id, const std::string& from,
                                             const std::vector<std::string>& rcpts,
                                             const std::vector<std::string>& also_remote,
                                             const Bytes& data) {
    // Aliases of all recipients of one transaction are expanded together, so an address
    // reached twice (bob.smith and b.smith both mean bob) gets one copy. Iterative and
    // depth-limited: a hostile alias table cannot recurse without bound. An alias whose own
    // tree only leads back to itself is a loop: that recipient bounces.
    std::vector<std::string> finals;
    std::map<std::string, std::size_t> owner; // address -> the recipient whose tree took it
    for (const auto& r : also_remote)
        owner[r] = rcpts.size(); // taken by the envelope itself
    for (std::size_t i = 0; i < rcpts.size(); ++i) {
        const std::string& top = rcpts[i];
        std::vector<Event> pending;
        std::vector<std::string> mine;
        bool duplicates = false;
        auto expanded_event = [&](const std::string& address, const std::string& members,
                                  const std::string& note) {
            return trace::expanded({.host = m_spec.name,
                                    .msg_id = msg_id,
                                    .from = from,
                                    .alias = address,
                                    .members = members,
                                    .note = note});
        };
        if (owner.count(top)) {
            m_context.record(expanded_event(top, "", "the same recipient twice: one copy"));
            continue;
        }
        owner[top] = i;
        std::vector<std::pair<std::string, int>> work = {{top, 0}};
        while (!work.empty()) {
            auto [address, depth] = work.back();
            work.pop_back();
            const auto* members = alias_members(address);
            if (!members || depth > 16) {
                mine.push_back(address);
                continue;
            }
            std::vector<std::string> fresh;
            std::string list;
            bool suppressed = false;
            for (const auto& m : *members) {
                const std::string q = qualify(m);
                auto seen = owner.find(q);
                if (seen != owner.end()) {
                    if (seen->second != i)
                        duplicates = suppressed = true;
                    continue; // same tree: a loop, cut here
                }
                owner[q] = i;
                fresh.push_back(q);
                list += (list.empty() ? "" : ", ") + q;
            }
            pending.push_back(
                expanded_event(address, list, suppressed ? "duplicates suppressed" : ""));
            for (auto it = fresh.rbegin(); it != fresh.rend(); ++it)
                work.emplace_back(*it, depth + 1);
        }
        if (mine.empty() && !duplicates) {
            bounce(msg_id, from, top, "550 5.4.6 alias loop: " + top + " expands to itself", data);
            continue;
        }
        for (auto& e : pending)
            m_context.record(std::move(e));
        finals.insert(finals.end(), mine.begin(), mine.end());
    }
    return finals;
}

} // namespace mailsim::agents
