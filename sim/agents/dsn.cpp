#include "sim/agents/dsn.h"

#include "sim/mail/dsn.h"

namespace mailsim::agents {

std::string dsn_status(DsnKind kind, const std::string& diagnostic) {
    // A warning says the delivery time is running out, whatever the last reply was.
    if (kind == DsnKind::Delayed)
        return "4.4.7";
    // "550 5.1.1 text": a three-digit reply, a space, then class.subject.detail.
    if (diagnostic.size() > 10 && diagnostic[3] == ' ' && diagnostic[5] == '.')
        return diagnostic.substr(4, diagnostic.find(' ', 4) - 4);
    return "5.0.0";
}

Bytes build_mta_dsn(const DsnInput& in) {
    mail::DsnReport report;
    report.reporting_mta = in.reporting_mta;
    report.from = mail::Mailbox{"Mail Delivery Subsystem", "MAILER-DAEMON", in.reporting_mta};
    report.to = "<" + in.original_sender + ">";
    if (in.kind == DsnKind::Delayed)
        report.subject = "Delayed Mail (still being retried)";
    for (const auto& rcpt : in.recipients) {
        mail::DsnRecipient r;
        r.final_recipient = rcpt;
        r.action = in.kind == DsnKind::Failed ? mail::DsnAction::Failed : mail::DsnAction::Delayed;
        r.status = dsn_status(in.kind, in.diagnostic);
        r.diagnostic_code = in.diagnostic;
        report.recipients.push_back(std::move(r));
    }
    report.original = in.original;
    report.unix_seconds = in.unix_seconds;
    report.message_id = in.message_id;
    auto message = mail::build_dsn(report);
    if (!message) {
        // Only a status that is not d.d.d fails, and dsn_status gives d.d.d or a fixed code;
        // a bounce that cannot be built must still not be lost: the generic code then.
        for (auto& r : report.recipients)
            r.status = in.kind == DsnKind::Failed ? "5.0.0" : "4.4.7";
        message = mail::build_dsn(report);
    }
    return message ? mail::serialize(*message) : Bytes();
}

} // namespace mailsim::agents
