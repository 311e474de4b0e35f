#pragma once
// Delivery status notifications (RFC 3464, RFC 6522 multipart/report): the bounce an MTA sends
// back to the envelope sender. Three parts: a human-readable explanation, the machine-readable
// message/delivery-status, and the original message's header (text/rfc822-headers) or the whole
// original (message/rfc822). Send it with the null reverse-path (MAIL FROM:<>) so that a bounce
// can never bounce again.
#include "sim/core/bytes.h"
#include "sim/core/result.h"
#include "sim/mail/address.h"
#include "sim/mail/message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::mail {

enum class DsnAction { Failed, Delayed, Delivered, Relayed, Expanded };
enum class DsnReturn { Headers, Full }; // RET=HDRS / RET=FULL of RFC 3461

const char* dsn_action_name(DsnAction action); // "failed"

struct DsnRecipient {
    std::string final_recipient;    // address (written "rfc822; addr")
    std::string original_recipient; // optional, as given in RCPT TO's ORCPT
    DsnAction action = DsnAction::Failed;
    std::string status;          // "5.1.1" (RFC 3463 enhanced status code)
    std::string diagnostic_code; // the remote reply, e.g. "550 5.1.1 <bob@b.example>: no such user"
    std::string remote_mta;      // optional host name (written "dns; host")
    std::optional<std::int64_t> last_attempt_unix;
};

struct DsnReport {
    std::string reporting_mta; // host name of the MTA writing the report
    Mailbox from;              // usually MAILER-DAEMON@reporting-mta
    std::string to;            // the original envelope sender (MAIL FROM)
    std::string subject;       // default depends on the actions
    std::string human_text;    // default: generated from the recipients (English)
    std::string envelope_id;   // optional Original-Envelope-Id
    std::optional<std::int64_t> arrival_unix;
    std::vector<DsnRecipient> recipients;
    ByteView original; // the original message as received
    DsnReturn return_content = DsnReturn::Headers;
    std::int64_t unix_seconds = 0;
    int tz_offset_minutes = 0;
    std::string message_id; // with '<>'
};

// Errors: no recipients, a status that is not "d.d.d" with class 2, 4 or 5.
Result<Message> build_dsn(const DsnReport& report);

// Reading one back (the UA shows bounces, tests check them).
struct DeliveryStatus {
    Headers per_message;                // Reporting-MTA, Arrival-Date, ...
    std::vector<Headers> per_recipient; // Final-Recipient, Action, Status, ...
};
// `part` is the message/delivery-status part (or a multipart/report containing one).
Result<DeliveryStatus> parse_delivery_status(const Part& part);

} // namespace mailsim::mail
