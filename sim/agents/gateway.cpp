#include "gateway.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/message_util.h"
#include "sim/store/store.h"

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

Gateway::Gateway(AgentContext& context, const HostSpec& spec) : m_context(context), m_spec(spec) {
    // The slow line: the declared store-and-forward link, else a 2400 bit/s modem.
    m_link.latency = 2 * kSecond;
    m_link.bandwidth_bps = 2400;
    for (const auto& l : context.links())
        if ((l.a == spec.name && l.b == spec.uucp_host) ||
            (l.b == spec.name && l.a == spec.uucp_host))
            m_link = l;
}

void Gateway::set_route(std::string domain, std::string site,
                        const std::vector<LinkSpecData>& links) {
    m_spec.uucp_domain = std::move(domain);
    m_spec.uucp_host = std::move(site);
    for (const auto& l : links)
        if ((l.a == m_spec.name && l.b == m_spec.uucp_host) ||
            (l.b == m_spec.name && l.a == m_spec.uucp_host))
            m_link = l;
}

bool Gateway::handles(std::string_view domain) const {
    return equals_ci(domain, m_spec.uucp_domain);
}

std::string Gateway::rewrite_recipient(std::string_view address) const {
    // carol@lab.hamburger.edu -> lab!carol
    return m_spec.uucp_host + "!" + local_part(address);
}

std::string Gateway::rewrite_sender(std::string_view address) const {
    // alice@crepes.fr -> gw!crepes.fr!alice: the bang path back through the gateway.
    if (address.empty())
        return m_spec.name.substr(0, m_spec.name.find('.')) + "!MAILER-DAEMON";
    return m_spec.name.substr(0, m_spec.name.find('.')) + "!" + domain_of(address) + "!" +
           local_part(address);
}

void Gateway::take(const std::string& msg_id, const std::string& from,
                   const std::vector<std::string>& rcpts, const Bytes& data) {
    for (const auto& rcpt : rcpts) {
        Item item{msg_id, from, rcpt, rewrite_recipient(rcpt), {}};
        // The envelope of the other world: a UUCP "From " line with the rewritten sender.
        item.data = "From " + rewrite_sender(from) + "\r\n" + data;
        m_context.record(trace::gateway({.host = m_spec.name,
                                         .uucp_host = m_spec.uucp_host,
                                         .msg_id = msg_id,
                                         .from = from,
                                         .rcpt = rcpt,
                                         .summary = rcpt + " -> " + item.uucp_rcpt + ", " +
                                                    (from.empty() ? "<>" : from) + " -> " +
                                                    rewrite_sender(from)}));
        m_batch.push_back(std::move(item));
    }
    if (!m_batch_scheduled) {
        m_batch_scheduled = true;
        // The line is dialled on a schedule, not per message: store and forward.
        const SimTime interval = std::max<SimTime>(m_spec.uucp_interval, kSecond);
        const SimTime now = m_context.now();
        m_context.sim().schedule_at(((now / interval) + 1) * interval, [this] { send_batch(); });
    }
}

void Gateway::send_batch() {
    m_batch_scheduled = false;
    std::vector<Item> batch = std::move(m_batch);
    m_batch.clear();
    std::size_t bytes = 0;
    for (const auto& item : batch)
        bytes += item.data.size();
    const SimTime transfer =
        m_link.latency +
        static_cast<SimTime>(static_cast<double>(bytes) * 8.0 * kSecond / m_link.bandwidth_bps);
    m_context.record(trace::gateway(
        {.host = m_spec.name,
         .uucp_host = m_spec.uucp_host,
         .summary = "batch of " + std::to_string(batch.size()) + " message(s), " +
                    std::to_string(bytes) + " bytes, " + format_sim_time(transfer) + " on the line",
         .batch_bytes = static_cast<std::int64_t>(bytes)}));
    m_context.sim().schedule_in(
        transfer, [this, batch = std::move(batch)]() mutable { arrive(std::move(batch)); });
}

void Gateway::arrive(std::vector<Item> batch) {
    store::Store* store = m_context.store_of(m_spec.uucp_host);
    for (auto& item : batch) {
        const UserSpec* user = m_context.user(item.rcpt);
        // In the site's spool first: then bounced, or straight to its local delivery.
        m_context.keep_message(m_context.record(trace::queued({.host = m_spec.uucp_host,
                                                               .peer = m_spec.name,
                                                               .proto = trace::Proto::Uucp,
                                                               .msg_id = item.msg_id,
                                                               .from = item.from,
                                                               .rcpt = item.rcpt})),
                               item.data);
        if (!store || !user || user->host != m_spec.uucp_host) {
            m_context.record(
                trace::bounced({.host = m_spec.uucp_host,
                                .peer = m_spec.name,
                                .proto = trace::Proto::Uucp,
                                .msg_id = item.msg_id,
                                .from = item.from,
                                .rcpt = item.rcpt,
                                .why = "no such user at the UUCP site: " + item.uucp_rcpt}));
            continue;
        }
        m_context.record(trace::delivered({.host = m_spec.uucp_host,
                                           .peer = m_spec.name,
                                           .proto = trace::Proto::Uucp,
                                           .msg_id = item.msg_id,
                                           .from = item.from,
                                           .rcpt = item.rcpt,
                                           .mailbox = item.rcpt + "/INBOX",
                                           .note = item.uucp_rcpt}));
        (void)store->deliver(user->login, std::move(item.data), m_context.now());
    }
}

} // namespace mailsim::agents
