#include "smtp_static_policy.h"

#include <cstdio>

namespace mailsim::smtp {

void StaticPolicy::add_local_domain(std::string domain) {
    m_local_domains.insert(to_lower_ascii(domain));
}

void StaticPolicy::add_user(std::string mailbox, std::string full_name) {
    const std::string key = to_lower_ascii(mailbox);
    m_local_domains.insert(std::string(domain_of(key)));
    m_users[key] = std::move(full_name);
}

void StaticPolicy::add_list(std::string name, std::vector<std::string> members) {
    for (auto& member : members)
        member = to_lower_ascii(member);
    m_lists[to_lower_ascii(name)] = std::move(members);
}

void StaticPolicy::add_forward(std::string mailbox, std::string new_address, ForwardKind kind) {
    m_forwards[to_lower_ascii(mailbox)] = Forward{std::move(new_address), kind};
}

void StaticPolicy::force_reply(FaultPoint::Kind kind, Verb verb, int code, int times) {
    m_rules.push_back(Rule{kind, verb, code, times});
}

bool StaticPolicy::is_local_domain(std::string_view domain) const {
    return m_local_domains.count(to_lower_ascii(domain)) > 0;
}

std::string StaticPolicy::qualify(std::string_view name) const {
    std::string lower = to_lower_ascii(name);
    if (lower.find('@') != std::string::npos)
        return lower;
    if (m_local_domains.empty())
        return lower;
    return lower + "@" + *m_local_domains.begin();
}

std::string StaticPolicy::describe_member(const std::string& address) const {
    auto user = m_users.find(address);
    if (user != m_users.end() && !user->second.empty())
        return user->second + " <" + address + ">";
    return "<" + address + ">";
}

std::optional<Reply> StaticPolicy::forced_reply(const FaultPoint& at, const SessionInfo&) {
    for (auto& rule : m_rules) {
        if (rule.kind != at.kind || rule.remaining == 0)
            continue;
        if (at.kind == FaultPoint::Kind::Command && rule.verb != at.verb)
            continue;
        if (rule.remaining > 0)
            --rule.remaining;
        Reply reply;
        reply.code = rule.code;
        return reply;
    }
    return std::nullopt;
}

SenderDecision StaticPolicy::check_sender(const SessionInfo&, const Transaction&,
                                          std::string_view reverse_path) {
    SenderDecision decision;
    if (m_refused_senders.count(to_lower_ascii(reverse_path)))
        decision.kind = SenderDecision::Kind::Refused;
    return decision;
}

RecipientDecision StaticPolicy::check_recipient(const SessionInfo& session, const Transaction&,
                                                std::string_view forward_path) {
    RecipientDecision decision;
    std::string address = to_lower_ascii(forward_path);
    if (address == "postmaster" && !m_local_domains.empty())
        address = qualify(address);
    if (auto forward = m_forwards.find(address); forward != m_forwards.end()) {
        decision.kind = forward->second.kind == ForwardKind::ServerForwards
                            ? RecipientDecision::Kind::WillForward
                            : RecipientDecision::Kind::NotLocal;
        decision.forward_path = forward->second.address;
        return decision;
    }
    if (is_local_domain(domain_of(address))) {
        // Every domain must have a postmaster (RFC 5321 §4.5.1).
        const bool known = local_part_of(address) == "postmaster" || m_users.count(address) ||
                           m_lists.count(address) ||
                           m_lists.count(std::string(local_part_of(address)));
        decision.kind = known ? RecipientDecision::Kind::Accept : RecipientDecision::Kind::Unknown;
        return decision;
    }
    const bool relay =
        m_relaying == Relaying::Open || m_relay_clients.count(session.client_address) > 0;
    decision.kind = relay ? RecipientDecision::Kind::Accept : RecipientDecision::Kind::RelayDenied;
    return decision;
}

VerifyDecision StaticPolicy::verify(const SessionInfo&, std::string_view query) {
    VerifyDecision decision;
    if (m_vrfy == VrfyMode::Disabled) {
        decision.kind = VerifyDecision::Kind::Disabled;
        return decision;
    }
    if (m_vrfy == VrfyMode::CannotVerify) {
        decision.kind = VerifyDecision::Kind::CannotVerify;
        return decision;
    }
    std::string text = to_lower_ascii(trim_ascii(query));
    if (text.size() > 2 && text.front() == '<' && text.back() == '>')
        text = text.substr(1, text.size() - 2);
    if (auto forward = m_forwards.find(qualify(text)); forward != m_forwards.end()) {
        decision.kind = forward->second.kind == ForwardKind::ServerForwards
                            ? VerifyDecision::Kind::WillForward
                            : VerifyDecision::Kind::Unknown;
        decision.mailbox = forward->second.address;
        return decision;
    }
    // A mailbox, a local part, or a piece of a full name (RFC 5321 §3.5.1 allows each).
    std::vector<std::string> matches;
    for (const auto& [mailbox, name] : m_users) {
        const bool hit = mailbox == text || std::string(local_part_of(mailbox)) == text ||
                         (!name.empty() && to_lower_ascii(name).find(text) != std::string::npos);
        if (hit)
            matches.push_back(mailbox);
    }
    if (matches.empty()) {
        decision.kind = VerifyDecision::Kind::Unknown;
    } else if (matches.size() == 1) {
        decision.kind = VerifyDecision::Kind::Verified;
        decision.mailbox = matches.front();
        decision.full_name = m_users[matches.front()];
    } else {
        decision.kind = VerifyDecision::Kind::Ambiguous;
        for (const auto& mailbox : matches)
            decision.candidates.push_back(describe_member(mailbox));
    }
    return decision;
}

ExpandDecision StaticPolicy::expand(const SessionInfo&, std::string_view list) {
    ExpandDecision decision;
    if (m_expn == ExpnMode::Disabled)
        return decision;
    if (m_expn == ExpnMode::Denied) {
        decision.kind = ExpandDecision::Kind::Denied;
        return decision;
    }
    std::string name = to_lower_ascii(trim_ascii(list));
    if (name.size() > 2 && name.front() == '<' && name.back() == '>')
        name = name.substr(1, name.size() - 2);
    auto found = m_lists.find(name);
    if (found == m_lists.end())
        found = m_lists.find(std::string(local_part_of(name)));
    if (found == m_lists.end()) {
        decision.kind = ExpandDecision::Kind::NotAList;
        return decision;
    }
    decision.kind = ExpandDecision::Kind::Expanded;
    for (const auto& member : found->second)
        decision.members.push_back(describe_member(member));
    return decision;
}

Presence StaticPolicy::presence(std::string_view mailbox) {
    return m_logged_in.count(to_lower_ascii(mailbox)) ? Presence::LoggedIn : Presence::NotLoggedIn;
}

MessageDecision StaticPolicy::accept_message(const SessionInfo&, const Transaction& transaction,
                                             ByteView message) {
    MessageDecision decision;
    std::vector<std::string> to_mailbox, to_terminal;
    for (const auto& rcpt : transaction.rcpt_to) {
        const std::string who = to_lower_ascii(rcpt);
        const bool at_terminal = m_logged_in.count(who) > 0;
        switch (transaction.mode) {
        case DeliveryMode::Mailbox:
            to_mailbox.push_back(who);
            break;
        case DeliveryMode::Terminal:
            if (at_terminal)
                to_terminal.push_back(who);
            break;
        case DeliveryMode::TerminalOrMailbox:
            (at_terminal ? to_terminal : to_mailbox).push_back(who);
            break;
        case DeliveryMode::TerminalAndMailbox:
            if (at_terminal)
                to_terminal.push_back(who);
            to_mailbox.push_back(who);
            break;
        }
    }
    if (m_quota)
        for (const auto& who : to_mailbox)
            if (m_mailbox_bytes[who] + message.size() > m_quota) {
                decision.kind = MessageDecision::Kind::ExceededStorage;
                return decision;
            }
    char id[32];
    std::snprintf(id, sizeof id, "%05zu", ++m_queue_counter);
    decision.queue_id = m_queue_prefix + id;
    for (const auto& who : to_mailbox) {
        m_mailboxes[who].emplace_back(message);
        m_mailbox_bytes[who] += message.size();
    }
    for (const auto& who : to_terminal)
        m_terminal_writes.push_back({who, Bytes(message)});
    m_deliveries.push_back({transaction, Bytes(message), decision.queue_id});
    return decision;
}

} // namespace mailsim::smtp
