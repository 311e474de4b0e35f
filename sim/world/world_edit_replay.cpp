#include "world_edit_replay.h"

#include "sim/core/bytes.h"

#include <algorithm>

namespace mailsim::world {
namespace {

bool has_user_agent(const Scenario& s, std::string_view address) {
    return std::any_of(s.uas.begin(), s.uas.end(),
                       [&](const UaSpec& ua) { return equals_ci(ua.address, address); });
}

bool has_link(const Scenario& s, std::string_view a, std::string_view b) {
    return std::any_of(s.links.begin(), s.links.end(), [&](const LinkSpecData& l) {
        return (equals_ci(l.a, a) && equals_ci(l.b, b)) || (equals_ci(l.a, b) && equals_ci(l.b, a));
    });
}

} // namespace

std::string missing_name(const Action& action, const Scenario& s) {
    const auto host_gone = [&](const char* key) -> std::string {
        const std::string* name = action.get(key);
        if (!name || s.host(*name))
            return {};
        return "the host " + *name + " is no longer in the network";
    };
    // The user agents that compose and retrieve act through.
    const bool through_agent =
        action.verb == "compose" || action.verb == "send" || action.verb == "retrieve";
    for (const char* key : {"from", "user"}) {
        const std::string* address = action.get(key);
        if (!address || (action.verb == "telnet" && std::string_view(key) == "from"))
            continue;
        if (through_agent && !has_user_agent(s, *address))
            return *address + " has no user agent any more";
        if (!through_agent && !s.user(*address))
            return "the user " + *address + " is no longer in the network";
    }
    for (const char* key : {"host", "device", "allow", "deny"})
        if (auto gone = host_gone(key); !gone.empty())
            return gone;
    if (action.verb == "telnet")
        if (auto gone = host_gone("from"); !gone.empty())
            return gone;
    if (const std::string* link = action.get("link")) {
        // Host names have dashes too (alice-pc): any split into two linked hosts will do.
        bool found = false;
        for (auto dash = link->find('-'); dash != std::string::npos && !found;
             dash = link->find('-', dash + 1))
            found = has_link(s, link->substr(0, dash), link->substr(dash + 1));
        if (!found)
            return "the link " + *link + " is no longer in the network";
    }
    return {};
}

ReplayOutcome replay_inputs(World& world, const std::vector<RecordedInput>& inputs, SimTime until) {
    ReplayOutcome outcome;
    for (const auto& input : inputs) {
        if (input.t > until)
            break;
        world.run_until(input.t);
        if (auto reason = missing_name(input.action, world.scenario()); !reason.empty()) {
            outcome.dropped.push_back({input.action, input.t, std::move(reason)});
            continue;
        }
        if (auto status = world.perform(input.action); !status) {
            outcome.dropped.push_back({input.action, input.t, status.error().message});
            continue;
        }
        ++outcome.replayed;
    }
    world.run_until(until);
    return outcome;
}

} // namespace mailsim::world
