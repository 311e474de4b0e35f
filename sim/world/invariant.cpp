#include "invariant.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace mailsim::world {
namespace {

using Key = std::tuple<std::string, std::string, std::string>; // host, msg_id, rcpt

std::string describe(const Key& k) {
    return std::get<0>(k) + " " + std::get<1>(k) + " " + std::get<2>(k);
}

std::vector<std::string> members_of(const std::string& text) {
    std::vector<std::string> out;
    const auto arrow = text.find(" -> ");
    if (arrow == std::string::npos)
        return out;
    std::string rest = text.substr(arrow + 4);
    std::size_t start = 0;
    while (start < rest.size()) {
        std::size_t comma = rest.find(", ", start);
        if (comma == std::string::npos)
            comma = rest.size();
        if (comma > start)
            out.push_back(rest.substr(start, comma - start));
        start = comma + 2;
    }
    return out;
}

} // namespace

std::vector<std::string> check_reliability(const EventList& events, const WorldView& final_view) {
    std::vector<std::string> problems;
    std::map<Key, long> open;           // units a host is responsible for
    std::map<Key, long> awaiting_queue; // accepted, not yet routed (a `queued` follows)
    std::map<Key, long> relayed_to;     // (peer, msg, rcpt) -> hand-overs sent to peer
    std::map<Key, long> accepted_at;    // (host, msg, rcpt) -> accepted
    std::map<std::pair<std::string, std::string>, long> delivered; // (msg, rcpt)
    std::set<std::pair<std::string, std::string>> at_risk;
    // How many times (msg, rcpt) became a recipient: composed to it, reached through an alias,
    // or a bounce addressed to it. Two lists holding the same person give two copies; that is
    // two recipients, not a duplicate.
    std::map<std::pair<std::string, std::string>, long> introduced;

    auto close = [&](const Key& k, const Event& e) {
        auto& n = open[k];
        if (n <= 0) {
            problems.push_back("event " + std::to_string(e.index) + " (" +
                               std::string(to_string(e.kind)) + ") closes " + describe(k) +
                               " which no host held");
            return;
        }
        --n;
        auto& w = awaiting_queue[k];
        if (w > 0)
            --w;
    };

    for (const auto& e : events) {
        const Key k{e.host, e.msg_id, e.rcpt};
        switch (e.kind) {
        case EventKind::Accepted:
            ++open[k];
            ++awaiting_queue[k];
            ++accepted_at[k];
            break;
        case EventKind::Queued:
            // After an accept the queue entry is the same unit; otherwise a new one.
            if (awaiting_queue[k] > 0)
                --awaiting_queue[k];
            else
                ++open[k];
            if (e.from.empty())
                ++introduced[{e.msg_id, e.rcpt}]; // a bounce or a delay warning
            break;
        case EventKind::Compose: {
            std::size_t start = 0;
            while (start <= e.rcpt.size()) {
                std::size_t comma = e.rcpt.find(',', start);
                if (comma == std::string::npos)
                    comma = e.rcpt.size();
                ++introduced[{e.msg_id, e.rcpt.substr(start, comma - start)}];
                start = comma + 1;
            }
            break;
        }
        case EventKind::Expanded:
            close(k, e);
            for (const auto& m : members_of(e.text)) {
                ++introduced[{e.msg_id, m}];
                const Key mk{e.host, e.msg_id, m};
                ++open[mk];
                ++awaiting_queue[mk];
            }
            break;
        case EventKind::Delivered:
            close(k, e);
            ++delivered[{e.msg_id, e.rcpt}];
            break;
        case EventKind::Relayed:
            close(k, e);
            ++relayed_to[Key{e.peer, e.msg_id, e.rcpt}];
            break;
        case EventKind::Bounced:
            close(k, e);
            break;
        case EventKind::DuplicateRisk:
            at_risk.insert({e.msg_id, e.rcpt});
            break;
        default:
            break;
        }
    }

    // Whatever is still open must be in that host's queue.
    std::map<Key, long> queued_now;
    for (const auto& [host, entries] : final_view.queues)
        for (const auto& entry : entries)
            for (const auto& r : entry.rcpts)
                ++queued_now[Key{host, entry.msg_id, r.rcpt}];
    for (const auto& [k, n] : open) {
        const long waiting = queued_now.count(k) ? queued_now[k] : 0;
        if (n != waiting)
            problems.push_back("lost: " + describe(k) + " held " + std::to_string(n) +
                               " time(s), " + std::to_string(waiting) + " in the queue at the end");
    }
    // A hand-over counts only if the next host took it (or a gateway's site queued it).
    for (const auto& [k, n] : relayed_to) {
        long took = 0;
        for (const auto& [ak, m] : accepted_at)
            if (ak == k)
                took += m;
        long site = 0;
        for (const auto& e : events)
            if (e.kind == EventKind::Queued && e.host == std::get<0>(k) &&
                e.msg_id == std::get<1>(k) && e.rcpt == std::get<2>(k))
                ++site;
        if (took + site < n)
            problems.push_back("relayed but never accepted: " + describe(k));
    }
    for (const auto& [mr, n] : delivered)
        if (n > std::max(1L, introduced[mr]) && !at_risk.count(mr))
            problems.push_back("delivered " + std::to_string(n) +
                               " times without duplicate_risk: " + mr.first + " " + mr.second);
    return problems;
}

} // namespace mailsim::world
