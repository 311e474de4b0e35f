// Mta: the local delivery agent. After the 250, each local recipient's copy goes to its
// terminal, its mailbox or both; remote recipients (after alias expansion) are queued.
#include "mta.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/message_util.h"
#include "sim/mail/trace_headers.h"
#include "sim/store/store.h"

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

void Mta::deliver_local(const std::string& msg_id, const std::string& from,
                        const std::vector<std::string>& rcpts,
                        const std::vector<std::string>& also_remote, const Bytes& data,
                        smtp::DeliveryMode mode) {
    // The local delivery agent runs just after the 250 went out (at once when the delay is 0:
    // `mailsim serve` wants the message in the store before the 250 reaches a real socket).
    // Only a delayed delivery copies the message and the envelope.
    if (m_local_delivery_delay == 0) {
        deliver_now(msg_id, from, rcpts, also_remote, data, mode);
        return;
    }
    m_context.sim().schedule_in(m_local_delivery_delay,
                                [this, msg_id, from, rcpts, also_remote, data, mode] {
                                    deliver_now(msg_id, from, rcpts, also_remote, data, mode);
                                });
}

void Mta::deliver_now(const std::string& msg_id, const std::string& from,
                      const std::vector<std::string>& rcpts,
                      const std::vector<std::string>& also_remote, const Bytes& data,
                      smtp::DeliveryMode mode) {
    std::vector<std::string> finals = expand_aliases(msg_id, from, rcpts, also_remote, data);
    std::vector<std::string> remote;
    for (const auto& final_rcpt : finals) {
        if (!is_local_domain(domain_of(final_rcpt))) {
            remote.push_back(final_rcpt);
            continue;
        }
        const UserSpec* user = m_context.user(final_rcpt);
        store::Store* store = m_context.store_of(m_spec.name);
        if (!user || !store || user->host != m_spec.name) {
            bounce(msg_id, from, final_rcpt, "550 5.1.1 no such user here", data);
            continue;
        }
        const bool at_terminal = m_terminals.count(final_rcpt) > 0;
        const bool to_terminal = (mode == smtp::DeliveryMode::Terminal ||
                                  mode == smtp::DeliveryMode::TerminalOrMailbox ||
                                  mode == smtp::DeliveryMode::TerminalAndMailbox) &&
                                 at_terminal;
        if (to_terminal) {
            std::string line =
                "Message from " + (from.empty() ? std::string("MAILER-DAEMON") : from);
            const std::string subject = header_value(data, "Subject");
            if (!subject.empty())
                line += ": " + subject;
            m_context.record(trace::terminal_output(
                {.host = m_spec.name, .user = final_rcpt, .msg_id = msg_id, .line = line}));
        }
        const bool to_mailbox = mode == smtp::DeliveryMode::Mailbox ||
                                mode == smtp::DeliveryMode::TerminalAndMailbox ||
                                (mode == smtp::DeliveryMode::TerminalOrMailbox && !at_terminal);
        const auto record_delivered = [&](std::string_view folder) {
            std::string mailbox = final_rcpt;
            mailbox.append("/").append(folder);
            m_context.record(trace::delivered({.host = m_spec.name,
                                               .msg_id = msg_id,
                                               .from = from,
                                               .rcpt = final_rcpt,
                                               .mailbox = std::move(mailbox)}));
        };
        if (!to_mailbox) {
            record_delivered("terminal");
            continue;
        }
        Bytes stored;
        if (m_context.trace_headers()) {
            const std::string return_path = mail::return_path_value(from);
            stored.reserve(16 + return_path.size() + data.size());
            stored.append("Return-Path: ").append(return_path).append("\r\n");
        }
        stored.append(data);
        if (store->would_exceed_quota(user->login, stored.size())) {
            bounce(msg_id, from, final_rcpt, "552 5.2.2 mailbox full (quota exceeded)", data);
            continue;
        }
        // The room was reserved before the 250 (has_room); a disk that still refuses is
        // reported, and `mailsim serve` does not send that 250.
        if (!store->reserve(stored.size() + store::Store::kRecordBound)) {
            storage_failure(msg_id, final_rcpt);
            continue;
        }
        record_delivered("INBOX");
        auto added = store->deliver(user->login, std::move(stored), m_context.now());
        if (!added && added.error() == store::StoreError::StorageFull)
            storage_failure(msg_id, final_rcpt);
        // Quota was checked above; the store reports the add itself.
    }
    if (!remote.empty())
        enqueue(msg_id, from, remote, data);
}

} // namespace mailsim::agents
