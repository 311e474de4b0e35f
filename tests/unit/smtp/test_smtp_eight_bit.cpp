// 8-bit content to a server without 8BITMIME: converted to quoted-printable or base64 part by
// part, so that the receiver decodes exactly the original bytes.
#include "sim/mail/message.h"
#include "sim/proto/smtp/smtp_data.h"
#include "sim/proto/smtp/smtp_eight_bit.h"
#include "smtp_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace mailsim;
using namespace mailsim::smtp;
using namespace mailsim::smtp::testing;

namespace {

const Bytes kKoreanText =
    "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94"; // 안녕하세요

Bytes binary_blob() {
    Bytes blob;
    for (int i = 0; i < 300; ++i)
        blob += static_cast<char>((i * 37) & 0xff); // includes NUL, CR, LF and 8-bit octets
    return blob;
}

Bytes multipart_message() {
    return "From: alice@crepes.fr\r\n"
           "To: bob@hamburger.edu\r\n"
           "Subject: =?UTF-8?B?7JWI64WV?=\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n"
           "\r\n"
           "preamble\r\n"
           "--XYZ\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n"
           "\r\n" +
           kKoreanText + " =equals= caf\xc3\xa9\r\n" +
           "--XYZ\r\n"
           "Content-Type: application/octet-stream\r\n"
           "Content-Transfer-Encoding: binary\r\n"
           "\r\n" +
           binary_blob() +
           "\r\n--XYZ\r\n"
           "Content-Type: text/plain\r\n"
           "\r\n"
           "plain ascii stays as it is\r\n"
           "--XYZ--\r\n";
}

} // namespace

TEST_CASE("a multipart message is downgraded part by part and decodes to the same bytes") {
    for (auto encoding : {SevenBitEncoding::QuotedPrintable, SevenBitEncoding::Base64}) {
        CAPTURE(static_cast<int>(encoding));
        const Bytes original = multipart_message();
        const mail::Message before = mail::parse_message(original);
        auto result = downgrade_to_seven_bit(original, encoding);
        REQUIRE(result);
        CHECK(result->parts_converted == 2);
        CHECK_FALSE(has_eight_bit(result->message));
        const mail::Message after = mail::parse_message(result->message);
        REQUIRE(after.children.size() == 3);
        CHECK(after.children[0].transfer_encoding() ==
              (encoding == SevenBitEncoding::QuotedPrintable
                   ? mail::TransferEncoding::QuotedPrintable
                   : mail::TransferEncoding::Base64));
        CHECK(after.children[1].transfer_encoding() == mail::TransferEncoding::Base64);
        CHECK(after.children[2].transfer_encoding() == mail::TransferEncoding::SevenBit);
        for (std::size_t i = 0; i < 3; ++i)
            CHECK(after.children[i].decoded_body() == before.children[i].decoded_body());
        CHECK(after.subject() == before.subject());
    }
}

TEST_CASE("a plain 8-bit message gets MIME headers; 8-bit headers cannot be converted") {
    auto plain = downgrade_to_seven_bit("Subject: hi\r\n\r\n" + kKoreanText + "\r\n",
                                        SevenBitEncoding::QuotedPrintable);
    REQUIRE(plain);
    const mail::Message parsed = mail::parse_message(plain->message);
    CHECK(parsed.headers.get("MIME-Version") == std::optional<std::string_view>("1.0"));
    CHECK(parsed.content_type().param("charset") == std::optional<std::string>("utf-8"));
    CHECK(parsed.text() == kKoreanText + "\r\n");

    auto latin1 =
        downgrade_to_seven_bit("Subject: hi\r\n\r\ncaf\xe9\r\n", SevenBitEncoding::QuotedPrintable);
    REQUIRE(latin1);
    CHECK(mail::parse_message(latin1->message).content_type().param("charset") ==
          std::optional<std::string>("unknown-8bit"));

    CHECK_FALSE(downgrade_to_seven_bit("Subject: caf\xc3\xa9\r\n\r\nbody\r\n",
                                       SevenBitEncoding::QuotedPrintable));
}

TEST_CASE("the client converts for a server without 8BITMIME and the message arrives intact") {
    for (auto policy : {EightBitPolicy::ConvertQuotedPrintable, EightBitPolicy::ConvertBase64}) {
        StaticPolicy server_policy = hamburger_policy();
        ServerConfig server_config = modern_server();
        server_config.extensions = kExtSize | kExtPipelining; // no 8BITMIME
        SmtpServer server(server_config, server_policy);
        ClientConfig client_config;
        client_config.hostname = "crepes.fr";
        client_config.eight_bit = policy;
        const Bytes original = multipart_message();
        SmtpClient client(
            client_config,
            {{"alice@crepes.fr", {"bob@hamburger.edu"}, original, {}},
             {"alice@crepes.fr", {"bob@hamburger.edu"}, "Subject: caf\xc3\xa9\r\n\r\nx\r\n", {}}});
        const LoopbackRun run = run_loopback(client, server);
        std::vector<std::string> described;
        for (const auto& e : run.client_events)
            described.push_back(describe(e));
        const std::string expected_event = policy == EightBitPolicy::ConvertBase64
                                               ? "MessageConverted #0 base64 parts=2"
                                               : "MessageConverted #0 quoted-printable parts=2";
        CHECK(std::find(described.begin(), described.end(), expected_event) != described.end());
        REQUIRE(client.results().size() == 2);
        CHECK(client.results()[0].recipients[0].status == RecipientStatus::Accepted);
        CHECK(client.results()[1].recipients[0].status == RecipientStatus::PermanentFailure);
        CHECK(client.results()[1].recipients[0].reply.key == "smtp.client.conversion_failed");

        REQUIRE(server_policy.deliveries().size() == 1);
        const Bytes& stored = server_policy.deliveries()[0].message;
        CHECK_FALSE(has_eight_bit(stored));
        const mail::Message got = mail::parse_message(stored);
        const mail::Message want = mail::parse_message(original);
        REQUIRE(got.children.size() == want.children.size());
        for (std::size_t i = 0; i < got.children.size(); ++i)
            CHECK(got.children[i].decoded_body() == want.children[i].decoded_body());
    }
}
