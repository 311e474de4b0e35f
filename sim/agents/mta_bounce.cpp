// Mta: bounces. A recipient that failed for good is reported to the envelope sender with a
// delivery status notification from <>; a bounce itself is never bounced.
#include "mta.h"

#include "sim/agents/agent_context.h"
#include "sim/agents/dsn.h"

#include <algorithm>

namespace mailsim::agents {

using trace::Event;
using trace::EventKind;

void Mta::fail_permanently(SpoolEntry& entry, const std::string& rcpt, const std::string& error) {
    entry.rcpts.erase(std::remove(entry.rcpts.begin(), entry.rcpts.end(), rcpt), entry.rcpts.end());
    bounce(entry.msg_id, entry.from, rcpt, error, entry.data);
}

void Mta::bounce(const std::string& msg_id, const std::string& from, const std::string& rcpt,
                 const std::string& reason, const Bytes& original) {
    m_context.record(trace::bounced(
        {.host = m_spec.name,
         .msg_id = msg_id,
         .from = from,
         .rcpt = rcpt,
         .why = from.empty() ? reason + " (a bounce is never bounced: discarded)" : reason}));
    if (from.empty())
        return;
    const Bytes dsn = build_mta_dsn(DsnInput{m_spec.name,
                                             from,
                                             {rcpt},
                                             DsnKind::Failed,
                                             reason,
                                             original,
                                             m_context.next_message_id(m_spec.name),
                                             kEpochUnixSeconds + m_context.now() / kSecond});
    submit("", {from}, dsn, "bounce");
}

} // namespace mailsim::agents
