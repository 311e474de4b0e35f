#include "sim/mail/dsn.h"

#include "sim/mail/builder.h"
#include "sim/mail/date.h"
#include "sim/mail/encoded_word.h"

#include <algorithm>

namespace mailsim::mail {

const char* dsn_action_name(DsnAction action) {
    switch (action) {
    case DsnAction::Failed:
        return "failed";
    case DsnAction::Delayed:
        return "delayed";
    case DsnAction::Delivered:
        return "delivered";
    case DsnAction::Relayed:
        return "relayed";
    case DsnAction::Expanded:
        return "expanded";
    }
    return "failed";
}

namespace {

bool valid_status(std::string_view status) {
    // class "." subject "." detail; class 2, 4 or 5; 1-3 digit subject and detail.
    if (status.size() < 5 || (status[0] != '2' && status[0] != '4' && status[0] != '5') ||
        status[1] != '.')
        return false;
    std::size_t i = 2, digits = 0, dots = 0;
    for (; i < status.size(); ++i) {
        if (status[i] == '.') {
            if (digits == 0 || ++dots > 1)
                return false;
            digits = 0;
        } else if (status[i] >= '0' && status[i] <= '9' && digits < 3) {
            ++digits;
        } else {
            return false;
        }
    }
    return dots == 1 && digits > 0;
}

std::string block(const Headers& headers) {
    return headers.serialize();
}

// The reply on indented lines of at most 76 characters, broken at spaces: a student reads the
// notification as plain text (a longer line would turn the part into quoted-printable).
std::string indented_lines(std::string_view reply) {
    constexpr std::size_t kWidth = 76 - 4;
    std::string out;
    while (!reply.empty()) {
        std::size_t cut = reply.size();
        if (cut > kWidth) {
            cut = reply.rfind(' ', kWidth);
            if (cut == std::string_view::npos || cut == 0)
                cut = std::min(reply.find(' '), reply.size());
        }
        out += "\r\n    ";
        out += reply.substr(0, cut);
        reply.remove_prefix(cut);
        while (!reply.empty() && reply.front() == ' ')
            reply.remove_prefix(1);
    }
    return out;
}

std::string default_text(const DsnReport& report) {
    std::string text = "This is the mail system at host " + report.reporting_mta + ".\r\n\r\n";
    bool failed = false, delayed = false;
    for (const auto& rcpt : report.recipients) {
        failed = failed || rcpt.action == DsnAction::Failed;
        delayed = delayed || rcpt.action == DsnAction::Delayed;
    }
    if (failed)
        text += "I'm sorry to have to inform you that your message could not\r\n"
                "be delivered to one or more recipients.\r\n\r\n";
    else if (delayed)
        text += "Your message could not be delivered yet. The mail system will\r\n"
                "keep trying; you do not need to send it again.\r\n\r\n";
    else
        text += "This is a report about the delivery of your message.\r\n\r\n";
    for (const auto& rcpt : report.recipients) {
        text += "<" + rcpt.final_recipient + ">: " + dsn_action_name(rcpt.action) + " (" +
                rcpt.status + ")";
        if (!rcpt.diagnostic_code.empty())
            text += indented_lines(rcpt.diagnostic_code);
        text += "\r\n";
    }
    return text;
}

} // namespace

Result<Message> build_dsn(const DsnReport& report) {
    if (report.recipients.empty())
        return make_error("a delivery status notification needs at least one recipient");
    for (const auto& rcpt : report.recipients)
        if (!valid_status(rcpt.status))
            return make_error("status '" + rcpt.status + "' of <" + rcpt.final_recipient +
                              "> is not an RFC 3463 code like 5.1.1");

    // 1. The human-readable part.
    ContentType plain;
    plain.params.push_back(Parameter{"charset", "utf-8"});
    auto human =
        make_leaf(plain, report.human_text.empty() ? default_text(report) : report.human_text);
    if (!human)
        return human.error();
    human->headers.add("Content-Description", "Notification");

    // 2. message/delivery-status: one per-message block, one block per recipient.
    Headers per_message;
    per_message.add("Reporting-MTA", "dns; " + report.reporting_mta);
    if (!report.envelope_id.empty())
        per_message.add("Original-Envelope-Id", report.envelope_id);
    if (report.arrival_unix)
        per_message.add("Arrival-Date",
                        format_date(*report.arrival_unix, report.tz_offset_minutes));
    std::string status_body = block(per_message);
    for (const auto& rcpt : report.recipients) {
        Headers fields;
        if (!rcpt.original_recipient.empty())
            fields.add("Original-Recipient", "rfc822; " + rcpt.original_recipient);
        fields.add("Final-Recipient", "rfc822; " + rcpt.final_recipient);
        fields.add("Action", dsn_action_name(rcpt.action));
        fields.add("Status", rcpt.status);
        if (!rcpt.remote_mta.empty())
            fields.add("Remote-MTA", "dns; " + rcpt.remote_mta);
        if (!rcpt.diagnostic_code.empty())
            fields.add("Diagnostic-Code", "smtp; " + rcpt.diagnostic_code);
        if (rcpt.last_attempt_unix)
            fields.add("Last-Attempt-Date",
                       format_date(*rcpt.last_attempt_unix, report.tz_offset_minutes));
        status_body += "\r\n" + block(fields);
    }
    Part status;
    status.headers.add("Content-Type", "message/delivery-status");
    status.headers.add("Content-Description", "Delivery report");
    status.set_body(status_body);

    // 3. The original: its header only, or all of it.
    Part original;
    const Message parsed = parse_message(report.original);
    if (report.return_content == DsnReturn::Full) {
        original = make_message_part(parsed);
        original.children.front().set_body(parsed.shared_body());
        original.set_body(Bytes(report.original));
    } else {
        original.headers.add("Content-Type", "text/rfc822-headers");
        original.set_body(parsed.headers.serialize());
    }
    original.headers.add("Content-Description", "Undelivered message headers");

    std::vector<Part> parts;
    parts.push_back(std::move(*human));
    parts.push_back(std::move(status));
    parts.push_back(std::move(original));
    Part report_part = make_multipart("report", std::move(parts));
    // RFC 6522: report-type says what the second part is.
    ContentType type = report_part.content_type();
    type.params.insert(type.params.begin(), Parameter{"report-type", "delivery-status"});

    bool failed = false;
    for (const auto& rcpt : report.recipients)
        failed = failed || rcpt.action == DsnAction::Failed;
    Message message;
    message.headers.add("From", report.from.to_header());
    message.headers.add("To", report.to.empty() ? "<>" : report.to);
    message.headers.add("Subject",
                        encode_header_text(!report.subject.empty() ? report.subject
                                           : failed ? "Undelivered Mail Returned to Sender"
                                                    : "Delivery Status Notification"));
    message.headers.add("Date", format_date(report.unix_seconds, report.tz_offset_minutes));
    if (!report.message_id.empty())
        message.headers.add("Message-ID", report.message_id);
    message.headers.add("Auto-Submitted", "auto-replied"); // RFC 3834: no replies to this
    message.headers.add("MIME-Version", "1.0");
    message.headers.add("Content-Type", format_content_type(type));
    message.set_body(report_part.shared_body());
    message.children = std::move(report_part.children);
    return message;
}

Result<DeliveryStatus> parse_delivery_status(const Part& part) {
    const Part* status = nullptr;
    for (const Part* candidate : walk(part))
        if (candidate->mime_type() == "message/delivery-status") {
            status = candidate;
            break;
        }
    if (!status)
        return make_error("no message/delivery-status part");
    const Bytes body = status->decoded_body();
    DeliveryStatus out;
    ByteView rest = body;
    bool first = true;
    while (!rest.empty()) {
        // Blocks are separated by blank lines; skip extra ones.
        while (rest.substr(0, 2) == "\r\n" || rest.substr(0, 1) == "\n")
            rest.remove_prefix(rest[0] == '\r' ? 2 : 1);
        if (rest.empty())
            break;
        std::size_t consumed = 0;
        Headers fields = parse_headers(rest, consumed);
        if (consumed == 0 || fields.empty())
            break;
        rest.remove_prefix(std::min(consumed, rest.size()));
        if (first)
            out.per_message = std::move(fields);
        else
            out.per_recipient.push_back(std::move(fields));
        first = false;
    }
    if (!out.per_message.contains("Reporting-MTA"))
        return make_error("delivery status has no Reporting-MTA field");
    return out;
}

} // namespace mailsim::mail
