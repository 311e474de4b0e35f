// Bounces (RFC 3464) and message/partial split/join (RFC 2046 5.2.2).
#include "sim/mail/builder.h"
#include "sim/mail/dsn.h"
#include "sim/mail/partial.h"
#include "sim/mail/text_checks.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace mailsim;
using namespace mailsim::mail;

namespace {

Bytes sample_message(std::size_t attachment_size) {
    Attachment attachment;
    attachment.filename = "data.bin";
    attachment.content_type.type = "application";
    attachment.content_type.subtype = "octet-stream";
    for (std::size_t i = 0; i < attachment_size; ++i)
        attachment.data.push_back(static_cast<char>(i * 31 + 7));
    auto message = MessageBuilder()
                       .from(Mailbox{"Alice", "alice", "a.example"})
                       .to(Mailbox{"", "bob", "b.example"})
                       .subject("큰 첨부 파일")
                       .date(1795412212, 540)
                       .message_id("<big@a.example>")
                       .text("see attachment\n")
                       .attach(attachment)
                       .build();
    return serialize(*message);
}

} // namespace

TEST_CASE("a bounce has the three parts of RFC 3464 and reads back") {
    const Bytes original = sample_message(10);
    DsnReport report;
    report.reporting_mta = "mx.b.example";
    report.from = Mailbox{"Mail Delivery System", "MAILER-DAEMON", "mx.b.example"};
    report.to = "alice@a.example";
    report.original = original;
    report.unix_seconds = 1795412300;
    report.tz_offset_minutes = 540;
    report.arrival_unix = 1795412212;
    DsnRecipient bob;
    bob.final_recipient = "bob@b.example";
    bob.status = "5.1.1";
    bob.diagnostic_code = "550 5.1.1 <bob@b.example>: Recipient address rejected";
    bob.remote_mta = "mx.b.example";
    report.recipients.push_back(bob);
    DsnRecipient carol = bob;
    carol.final_recipient = "carol@b.example";
    carol.action = DsnAction::Delayed;
    carol.status = "4.2.2";
    carol.diagnostic_code = "452 4.2.2 mailbox full";
    report.recipients.push_back(carol);
    auto dsn = build_dsn(report);
    REQUIRE(dsn.ok());
    const Message parsed = parse_message(serialize(*dsn));
    CHECK(parsed.mime_type() == "multipart/report");
    CHECK(*parsed.content_type().param("report-type") == "delivery-status");
    REQUIRE(parsed.children.size() == 3);
    CHECK(parsed.children[0].mime_type() == "text/plain");
    CHECK(parsed.children[0].text().find("<bob@b.example>: failed (5.1.1)") != std::string::npos);
    CHECK(parsed.children[1].mime_type() == "message/delivery-status");
    CHECK(parsed.children[2].mime_type() == "text/rfc822-headers");
    CHECK(parsed.children[2].body().find("Message-ID: <big@a.example>") != std::string::npos);
    CHECK(parsed.children[2].body().find("see attachment") == std::string::npos);
    CHECK(*parsed.subject() == "Undelivered Mail Returned to Sender");
    CHECK(is_7bit(serialize(*dsn)));

    auto status = parse_delivery_status(parsed);
    REQUIRE(status.ok());
    CHECK(*status->per_message.get("Reporting-MTA") == "dns; mx.b.example");
    CHECK(*status->per_message.get("Arrival-Date") == "Mon, 23 Nov 2026 14:36:52 +0900");
    REQUIRE(status->per_recipient.size() == 2);
    CHECK(*status->per_recipient[0].get("Final-Recipient") == "rfc822; bob@b.example");
    CHECK(*status->per_recipient[0].get("Action") == "failed");
    CHECK(*status->per_recipient[0].get("Status") == "5.1.1");
    CHECK(*status->per_recipient[0].get("Diagnostic-Code") ==
          "smtp; 550 5.1.1 <bob@b.example>: Recipient address rejected");
    CHECK(*status->per_recipient[1].get("Action") == "delayed");

    report.return_content = DsnReturn::Full;
    const Message full = parse_message(serialize(*build_dsn(report)));
    CHECK(full.children[2].mime_type() == "message/rfc822");
    CHECK(serialize(full.children[2].children[0]) == original);

    report.recipients[0].status = "9.9";
    CHECK(build_dsn(report).error().message.find("is not an RFC 3463 code") != std::string::npos);
}

TEST_CASE("a long diagnostic stays readable plain text in the human part") {
    // A student reads the first part as it is: a reply longer than a line is wrapped, not
    // turned into quoted-printable with "=" breaks inside words.
    DsnReport report;
    report.reporting_mta = "mail.crepes.fr";
    report.from = Mailbox{"Mail Delivery Subsystem", "MAILER-DAEMON", "mail.crepes.fr"};
    report.to = "<alice@crepes.fr>";
    report.original = "From: alice@crepes.fr\r\nSubject: Lab report\r\n\r\nbody\r\n";
    DsnRecipient bob;
    bob.final_recipient = "bob@hamburger.edu";
    bob.status = "5.0.0";
    bob.diagnostic_code = "gave up after 5d 00:00:01: 451 4.4.1 mail.hamburger.edu: connection "
                          "refused by the peer after several attempts";
    report.recipients.push_back(bob);
    auto dsn = build_dsn(report);
    REQUIRE(dsn.ok());
    const Message parsed = parse_message(serialize(*dsn));
    REQUIRE(parsed.children.size() == 3);
    const Part& human = parsed.children[0];
    CHECK(human.headers.get("Content-Transfer-Encoding").value_or("7bit") == "7bit");
    const std::string text = human.text();
    CHECK(text.find("    gave up after 5d 00:00:01: 451 4.4.1 mail.hamburger.edu: connection\r\n"
                    "    refused by the peer after several attempts") != std::string::npos);
}

TEST_CASE("message/partial: split, join in any order, same message") {
    const Bytes original = sample_message(20000);
    auto fragments = split_partial(original, 4000, "frag-1@a.example");
    REQUIRE(fragments.ok());
    CHECK(fragments->size() > 5);
    for (std::size_t i = 0; i < fragments->size(); ++i) {
        const Bytes& fragment = (*fragments)[i];
        CHECK(fragment.size() <= 4000);
        const Message part = parse_message(fragment);
        auto info = partial_info(part);
        REQUIRE(info.ok());
        CHECK(info->id == "frag-1@a.example");
        CHECK(info->number == static_cast<int>(i) + 1);
        CHECK(info->total == static_cast<int>(fragments->size()));
    }
    std::vector<ByteView> views(fragments->begin(), fragments->end());
    std::reverse(views.begin(), views.end());
    auto joined = join_partial(views);
    REQUIRE(joined.ok());
    const Message a = parse_message(original);
    const Message b = parse_message(*joined);
    CHECK(b.body() == a.body());
    for (const auto& field : a.headers.fields())
        CHECK(b.headers.get(field.name) == a.headers.get(field.name));
    CHECK(b.headers.size() == a.headers.size());

    views.pop_back();
    CHECK(join_partial(views).error().message ==
          "fragment 1 of " + std::to_string(fragments->size()) + " is missing");
    views.push_back((*fragments)[1]);
    CHECK(join_partial(views).error().message.find("appears twice") != std::string::npos);
    CHECK(split_partial(original, 200).error().message.find("leaves no room") != std::string::npos);
    CHECK(split_partial("Subject: x\r\n\r\ncaf\xc3\xa9\r\n", 4000).error().message.find("7bit") !=
          std::string::npos);
}
