// MtaOutbound: one SMTP client session to a destination, MX hosts tried in order.
#include "sim/agents/mta_connections.h"

#include "sim/agents/message_util.h"
#include "sim/agents/mta.h"
#include "sim/world/world.h"

#include <variant>

namespace mailsim::agents {

using world::Event;
using world::EventKind;

MtaOutbound::MtaOutbound(Mta& mta, world::World& world, std::string destination,
                         std::vector<std::string> queue_ids, std::vector<net::MailTarget> targets)
    : m_mta(mta), m_world(world), m_destination(std::move(destination)),
      m_queue_ids(std::move(queue_ids)), m_targets(std::move(targets)) {}

MtaOutbound::~MtaOutbound() {
    m_world.sim().cancel(m_timer);
}

void MtaOutbound::detach() {
    if (m_conn != 0)
        m_world.network().detach(m_conn, net::Side::Client);
}

void MtaOutbound::start() {
    try_next_target("");
}

void MtaOutbound::try_next_target(const std::string& why) {
    if (!why.empty())
        m_last_error = why;
    auto& net = m_world.network();
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
        m_closing = false;
        m_messages.clear();
        smtp::ClientConfig config;
        config.hostname = m_mta.smtp_name();
        config.style = m_world.style() == world::TextStyle::Classic ? smtp::ClientStyle::Classic
                                                                    : smtp::ClientStyle::Modern;
        m_client = std::make_unique<smtp::SmtpClient>(config);
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
            m_client->add_message(smtp::OutgoingMessage{entry->from, rcpts, entry->data,
                                                        smtp::DeliveryMode::Mailbox});
            m_messages.emplace_back(id, rcpts);
        }
        if (m_messages.empty()) {
            finish("", false);
            return;
        }
        auto self = *net.find_host(m_mta.host_name());
        if (m_conn != 0)
            net.detach(m_conn, net::Side::Client);
        m_conn = net.connect(self, *server, 25, world::Proto::Smtp, this);
        m_log = m_world.wire_log(m_conn, world::Proto::Smtp);
        return;
    }
    finish(m_last_error.empty() ? "451 4.4.1 no reachable mail exchanger" : m_last_error, true);
}

void MtaOutbound::on_established(world::ConnId) {
    pump();
}

void MtaOutbound::on_data(world::ConnId, ByteView bytes) {
    if (!m_client)
        return;
    m_client->receive_data(bytes);
    pump();
}

void MtaOutbound::on_peer_fin(world::ConnId id) {
    if (m_client) {
        m_client->receive_eof();
        pump();
    }
    m_world.network().close(id, net::Side::Client);
}

void MtaOutbound::on_closed(world::ConnId, net::CloseReason reason) {
    m_world.sim().cancel(m_timer);
    if (m_finished)
        return;
    const bool never_talked =
        m_log == nullptr || (m_results == 0 && !m_client->is_closed() &&
                             m_client->server_state() == smtp::State::Greeting);
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
    if (m_log && m_log->dot_pending() && m_results < m_messages.size()) {
        const auto& [queue_id, rcpts] = m_messages[m_results];
        SpoolEntry* entry = m_mta.find_entry(queue_id);
        for (const auto& rcpt : rcpts) {
            Event e;
            e.kind = EventKind::DuplicateRisk;
            e.host = m_mta.host_name();
            e.peer = m_peer;
            e.conn = m_conn;
            e.msg_id = entry ? entry->msg_id : "";
            e.rcpt = rcpt;
            e.reason = "connection lost after the final dot, before the reply (RFC 1047)";
            m_world.record(std::move(e));
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

void MtaOutbound::pump() {
    if (!m_client || m_finished)
        return;
    std::vector<smtp::TransactionResult> results;
    bool close = false;
    for (;;) {
        smtp::Event event = m_client->next_event();
        if (std::holds_alternative<smtp::NeedData>(event))
            break;
        if (auto* change = std::get_if<smtp::StateChanged>(&event)) {
            Bytes out = m_client->take_output();
            if (!out.empty()) {
                set_current_message();
                m_log->sent(net::Side::Client, out);
                m_world.network().send(m_conn, net::Side::Client, out);
            }
            (void)change; // the server records the state machine; one diagram per connection
        } else if (auto* reply = std::get_if<smtp::ReplyReceived>(&event)) {
            if (reply->in_reply_to == smtp::Verb::Unknown && reply->reply.code != 220) {
                m_greeting_failed = true;
                m_last_error = std::to_string(reply->reply.code) + " " + reply->reply.text();
            }
        } else if (auto* finished = std::get_if<smtp::TransactionFinished>(&event)) {
            results.push_back(finished->result);
        } else if (auto* timer = std::get_if<smtp::TimerRequest>(&event)) {
            m_world.sim().cancel(m_timer);
            m_timer = m_world.sim().schedule_in(timer->duration, [this] {
                m_timer = net::kNoEvent;
                m_client->on_timeout();
                pump();
            });
        } else if (std::holds_alternative<smtp::ConnectionClosed>(event)) {
            close = true;
        }
    }
    Bytes out = m_client->take_output();
    if (!out.empty()) {
        set_current_message();
        m_log->sent(net::Side::Client, out);
        m_world.network().send(m_conn, net::Side::Client, out);
    }
    for (const auto& result : results) {
        // A refused greeting: the next MX gets its chance (RFC 5321 5.1) before any retry.
        if (m_greeting_failed && m_target < m_targets.size())
            continue;
        handle_result(result);
    }
    if ((close || m_client->is_closed()) && !m_closing) {
        m_closing = true;
        m_world.network().close(m_conn, net::Side::Client);
        if (!m_greeting_failed || m_target >= m_targets.size())
            finish("", false);
    }
}

void MtaOutbound::set_current_message() {
    // Data lines name the message being sent: the first one without a verdict yet.
    if (m_results >= m_messages.size())
        return;
    if (SpoolEntry* entry = m_mta.find_entry(m_messages[m_results].first))
        m_log->set_message(entry->msg_id);
}

void MtaOutbound::finish(const std::string& error, bool connection_level) {
    if (m_finished)
        return;
    m_finished = true;
    m_world.sim().cancel(m_timer);
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
