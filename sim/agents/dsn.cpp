#include "dsn.h"

#include "sim/mail/date.h"

namespace mailsim::agents {

Bytes build_dsn(const DsnInput& in) {
    const bool failed = in.action == "failed";
    const std::string boundary = "dsn=" + in.message_id.substr(1, in.message_id.find('@') - 1);
    std::string rcpts;
    for (const auto& r : in.recipients)
        rcpts += (rcpts.empty() ? "" : ", ") + r;
    Bytes out;
    out += "From: Mail Delivery Subsystem <MAILER-DAEMON@" + in.reporting_mta + ">\r\n";
    out += "To: <" + in.original_sender + ">\r\n";
    out += std::string("Subject: ") +
           (failed ? "Undelivered Mail Returned to Sender" : "Delayed Mail (still being retried)") +
           "\r\n";
    out += "Date: " + mail::format_date(in.unix_seconds, 0) + "\r\n";
    out += "Message-ID: " + in.message_id + "\r\n";
    out += "Auto-Submitted: auto-replied\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"" +
           boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
    out += "This is the mail system at host " + in.reporting_mta + ".\r\n\r\n";
    out += failed ? "Your message could not be delivered to " + rcpts + ".\r\n"
                  : "Your message to " + rcpts + " is delayed; delivery is still being tried.\r\n";
    out += "Reason: " + in.diagnostic + "\r\n\r\n";
    out += "--" + boundary + "\r\nContent-Type: message/delivery-status\r\n\r\n";
    out += "Reporting-MTA: dns; " + in.reporting_mta + "\r\n\r\n";
    for (const auto& r : in.recipients) {
        out += "Final-Recipient: rfc822; " + r + "\r\n";
        out += "Action: " + in.action + "\r\n";
        out += "Status: " + in.status + "\r\n";
        out += "Diagnostic-Code: smtp; " + in.diagnostic + "\r\n\r\n";
    }
    out += "--" + boundary + "\r\nContent-Type: text/rfc822-headers\r\n\r\n";
    const std::size_t end = in.original.find("\r\n\r\n");
    if (end != Bytes::npos)
        out += in.original.substr(0, end + 2);
    else
        out += "(the original message had no header)\r\n";
    out += "\r\n--" + boundary + "--\r\n";
    return out;
}

} // namespace mailsim::agents
