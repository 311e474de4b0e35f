// MtaOutbound: one SMTP client session to a destination, MX hosts tried in order.
#include "sim/agents/mta_connections.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/message_util.h"
#include "sim/agents/mta.h"

#include <variant>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

MtaOutbound::MtaOutbound(Mta& mta, AgentContext& context, std::string destination,
                         std::vector<std::string> queue_ids, std::vector<net::MailTarget> targets)
    : EngineConnection(context.network(), net::Side::Client), m_mta(mta), m_context(context),
      m_destination(std::move(destination)), m_queue_ids(std::move(queue_ids)),
      m_targets(std::move(targets)) {}

void MtaOutbound::start() {
    try_next_target("");
}

void MtaOutbound::try_next_target(const std::string& why) {
    if (!why.empty())
        m_last_error = why;
    auto& net = m_context.network();
    while (m_target < m_targets.size()) {
        const net::MailTarget& target = m_targets[m_target++];
        if (!target.address)
            continue;
        auto server = net.find_host_by_ip(*target.address);
        if (!server)
            continue;
        m_peer = net.host(*server).name;
        m_results = 0;
        m_greeting_failed = false;
        m_messages.clear();
        smtp::ClientConfig config;
        config.hostname = m_mta.smtp_name();
        config.style = m_context.style() == TextStyle::Classic ? smtp::ClientStyle::Classic
                                                               : smtp::ClientStyle::Modern;
        smtp::SmtpClient& client = start_engine(config);
        for (const auto& id : m_queue_ids) {
            SpoolEntry* entry = m_mta.find_entry(id);
            if (!entry)
                continue;
            std::vector<std::string> rcpts;
            for (const auto& r : entry->rcpts)
                if (m_mta.route_key(r) == m_destination)
                    rcpts.push_back(r);
            if (rcpts.empty())
                continue;
            client.add_message(smtp::OutgoingMessage{entry->from, rcpts, entry->data,
                                                     smtp::DeliveryMode::Mailbox});
            m_messages.emplace_back(id, rcpts);
        }
        if (m_messages.empty()) {
            finish("", false);
            return;
        }
        connect(m_context, *net.find_host(m_mta.host_name()), *server, 25, trace::Proto::Smtp);
        return;
    }
    finish(m_last_error.empty() ? "451 4.4.1 no reachable mail exchanger" : m_last_error, true);
}

void MtaOutbound::closed(net::CloseReason reason) {
    if (m_finished)
        return;
    const bool never_talked =
        wire_log() == nullptr || (m_results == 0 && !engine().is_closed() &&
                                  engine().server_state() == smtp::State::Greeting);
    if (reason == net::CloseReason::Refused || reason == net::CloseReason::Timeout ||
        reason == net::CloseReason::HostDown) {
        if (never_talked || m_greeting_failed) {
            try_next_target("451 4.4.1 " + m_peer + ": connection " +
                            std::string(net::to_string(reason)));
            return;
        }
    }
    if (m_greeting_failed && m_results == 0) {
        try_next_target(m_last_error);
        return;
    }
    // Lost in the middle: RFC 1047's window if the final dot was out and no reply came.
    if (wire_log() && wire_log()->dot_pending() && m_results < m_messages.size()) {
        const auto& [queue_id, rcpts] = m_messages[m_results];
        SpoolEntry* entry = m_mta.find_entry(queue_id);
        for (const auto& rcpt : rcpts) {
            m_context.record(trace::duplicate_risk(
                {.host = m_mta.host_name(),
                 .peer = m_peer,
                 .conn = id(),
                 .msg_id = entry ? entry->msg_id : "",
                 .rcpt = rcpt,
                 .why = "connection lost after the final dot, before the reply (RFC 1047)"}));
        }
    }
    finish("421 4.4.2 connection to " + m_peer + " lost (" + std::string(net::to_string(reason)) +
               ")",
           true);
}

void MtaOutbound::handle_result(const smtp::TransactionResult& result) {
    if (result.message_index >= m_messages.size())
        return;
    const auto& [queue_id, rcpts] = m_messages[result.message_index];
    SpoolEntry* entry = m_mta.find_entry(queue_id);
    ++m_results;
    if (!entry)
        return;
    for (const auto& r : result.recipients) {
        const std::string rcpt = to_lower_ascii(r.recipient);
        const std::string error =
            r.reply.code > 0 ? std::to_string(r.reply.code) + " " + r.reply.text() : "no reply";
        switch (r.status) {
        case smtp::RecipientStatus::Accepted:
            m_mta.relayed(*entry, rcpt, m_peer);
            break;
        case smtp::RecipientStatus::PermanentFailure:
            m_mta.fail_permanently(*entry, rcpt, error);
            break;
        case smtp::RecipientStatus::TransientFailure:
        case smtp::RecipientStatus::Pending:
            m_mta.defer(*entry, rcpt, error);
            break;
        }
    }
}

void MtaOutbound::react(smtp::Event& event) {
    if (std::holds_alternative<smtp::StateChanged>(event)) {
        flush(); // the server records the state machine; one diagram per connection
    } else if (auto* reply = std::get_if<smtp::ReplyReceived>(&event)) {
        if (reply->in_reply_to == smtp::Verb::Unknown && reply->reply.code != 220) {
            m_greeting_failed = true;
            m_last_error = std::to_string(reply->reply.code) + " " + reply->reply.text();
        }
    } else if (auto* finished = std::get_if<smtp::TransactionFinished>(&event)) {
        m_round_results.push_back(finished->result);
    } else if (auto* timer = std::get_if<smtp::TimerRequest>(&event)) {
        arm_timer(timer->duration);
    }
}

void MtaOutbound::batch_done() {
    const std::vector<smtp::TransactionResult> results = std::move(m_round_results);
    m_round_results.clear();
    for (const auto& result : results) {
        // A refused greeting: the next MX gets its chance (RFC 5321 5.1) before any retry.
        if (m_greeting_failed && m_target < m_targets.size())
            continue;
        handle_result(result);
    }
}

void MtaOutbound::closing() {
    if (!m_greeting_failed || m_target >= m_targets.size())
        finish("", false);
}

void MtaOutbound::set_current_message() {
    // Data lines name the message being sent: the first one without a verdict yet.
    if (m_results >= m_messages.size())
        return;
    if (SpoolEntry* entry = m_mta.find_entry(m_messages[m_results].first))
        wire_log()->set_message(entry->msg_id);
}

void MtaOutbound::finish(const std::string& error, bool connection_level) {
    if (m_finished)
        return;
    m_finished = true;
    cancel_timer();
    // Recipients that got no verdict on this connection wait for the next attempt.
    for (std::size_t i = m_results; i < m_messages.size(); ++i) {
        const auto& [queue_id, rcpts] = m_messages[i];
        SpoolEntry* entry = m_mta.find_entry(queue_id);
        if (!entry)
            continue;
        for (const auto& rcpt : rcpts)
            if (std::find(entry->rcpts.begin(), entry->rcpts.end(), rcpt) != entry->rcpts.end())
                m_mta.defer(*entry, rcpt, error.empty() ? "no verdict" : error);
    }
    if (connection_level && m_messages.empty()) {
        for (const auto& id : m_queue_ids) {
            SpoolEntry* entry = m_mta.find_entry(id);
            if (!entry)
                continue;
            const std::vector<std::string> rcpts = entry->rcpts;
            for (const auto& rcpt : rcpts)
                if (m_mta.route_key(rcpt) == m_destination)
                    m_mta.defer(*entry, rcpt, error);
        }
    }
    m_mta.destination_free(m_destination);
    for (const auto& id : m_queue_ids)
        m_mta.after_attempt(id);
}

} // namespace mailsim::agents
