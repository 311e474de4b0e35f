#include "received_path.h"

#include "sim/core/bytes.h"
#include "sim/mail/trace_headers.h"

namespace mailsim::ui {
namespace {

std::string find_host(const world::WorldView& view, const std::string& ip,
                      const std::string& name) {
    if (!ip.empty())
        for (const auto& host : view.hosts)
            if (host.ip == ip)
                return host.name;
    if (name.empty())
        return {};
    for (const auto& host : view.hosts)
        if (equals_ci(host.name, name))
            return host.name;
    for (const auto& host : view.hosts)
        for (const auto& domain : host.domains)
            if (equals_ci(domain, name))
                return host.name;
    return {};
}

} // namespace

std::vector<ReceivedHop> received_path(const mail::Headers& headers, const world::WorldView& view) {
    std::vector<ReceivedHop> hops;
    const auto fields = headers.get_all("Received");
    for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
        auto info = mail::parse_received((*it)->value);
        if (!info)
            continue;
        hops.push_back(ReceivedHop{find_host(view, info->from_ip, info->from_helo),
                                   find_host(view, {}, info->by_host), (*it)->value});
    }
    return hops;
}

} // namespace mailsim::ui
