#include "agent_context.h"

namespace mailsim::agents {

const HostSpec* AgentContext::host(std::string_view name) const {
    for (const auto& h : hosts())
        if (equals_ci(h.name, name))
            return &h;
    return nullptr;
}

} // namespace mailsim::agents
