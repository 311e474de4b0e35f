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

std::optional<MissingName> missing_name(const Action& action, const Scenario& s) {
    const auto host_gone = [&](const char* key) -> std::optional<MissingName> {
        const std::string* name = action.get(key);
        if (!name || s.host(*name))
            return std::nullopt;
        return MissingName{DropReason::HostGone, *name};
    };
    // The user agents that compose and retrieve act through.
    const bool through_agent =
        action.verb == "compose" || action.verb == "send" || action.verb == "retrieve";
    for (const char* key : {"from", "user"}) {
        const std::string* address = action.get(key);
        if (!address || (action.verb == "telnet" && std::string_view(key) == "from"))
            continue;
        if (through_agent && !has_user_agent(s, *address))
            return MissingName{DropReason::UserAgentGone, *address};
        if (!through_agent && !s.user(*address))
            return MissingName{DropReason::UserGone, *address};
    }
    for (const char* key : {"host", "device", "allow", "deny"})
        if (auto gone = host_gone(key))
            return gone;
    if (action.verb == "telnet")
        if (auto gone = host_gone("from"))
            return gone;
    if (const std::string* link = action.get("link")) {
        // Host names have dashes too (alice-pc): any split into two linked hosts will do.
        bool found = false;
        for (auto dash = link->find('-'); dash != std::string::npos && !found;
             dash = link->find('-', dash + 1))
            found = has_link(s, link->substr(0, dash), link->substr(dash + 1));
        if (!found)
            return MissingName{DropReason::LinkGone, *link};
    }
    return std::nullopt;
}

std::string describe(const MissingName& missing) {
    switch (missing.why) {
    case DropReason::HostGone:
        return "the host " + missing.name + " is no longer in the network";
    case DropReason::UserGone:
        return "the user " + missing.name + " is no longer in the network";
    case DropReason::UserAgentGone:
        return missing.name + " has no user agent any more";
    case DropReason::LinkGone:
        return "the link " + missing.name + " is no longer in the network";
    case DropReason::Refused:
        return missing.name;
    }
    return missing.name;
}

const char* drop_reason_id(DropReason why) {
    switch (why) {
    case DropReason::HostGone:
        return "host_gone";
    case DropReason::UserGone:
        return "user_gone";
    case DropReason::UserAgentGone:
        return "agent_gone";
    case DropReason::LinkGone:
        return "link_gone";
    case DropReason::Refused:
        return "refused";
    }
    return "refused";
}

ReplayOutcome replay_inputs(World& world, const std::vector<RecordedInput>& inputs, SimTime until) {
    ReplayOutcome outcome;
    for (const auto& input : inputs) {
        if (input.t > until)
            break;
        world.run_until(input.t);
        if (auto missing = missing_name(input.action, world.scenario())) {
            outcome.dropped.push_back({input.action, input.t, std::move(*missing)});
            continue;
        }
        if (auto status = world.perform(input.action); !status) {
            outcome.dropped.push_back(
                {input.action, input.t, {DropReason::Refused, status.error().message}});
            continue;
        }
        ++outcome.replayed;
    }
    world.run_until(until);
    return outcome;
}

} // namespace mailsim::world
