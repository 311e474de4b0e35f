// Header fields, RFC 2047 words, addresses and dates, from the RFCs' own examples.
#include "sim/core/rng.h"
#include "sim/mail/address.h"
#include "sim/mail/date.h"
#include "sim/mail/encoded_word.h"
#include "sim/mail/header.h"
#include "sim/mail/trace_headers.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::mail;

TEST_CASE("header fields keep order, raw form, and unfold; lookup ignores case") {
    const std::string raw = "Received: from a\r\n\tby b; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                            "Subject: one\r\n two\r\n"
                            "X-Custom:value\r\n"
                            "received: second\r\n"
                            "\r\nbody";
    std::size_t consumed = 0;
    Warnings warnings;
    const Headers headers = parse_headers(raw, consumed, &warnings);
    CHECK(warnings.empty());
    REQUIRE(headers.size() == 4);
    CHECK(raw.substr(consumed) == "body");
    CHECK(headers.fields()[0].value == "from a\tby b; Mon, 1 Jan 2024 00:00:00 +0000");
    CHECK(headers.fields()[1].raw == "Subject: one\r\n two\r\n");
    CHECK(*headers.get("SUBJECT") == "one two");
    CHECK(*headers.get("x-custom") == "value");
    CHECK(headers.get_all("Received").size() == 2);
    CHECK(headers.serialize() == raw.substr(0, consumed - 2));
}

TEST_CASE("a line that is not a field ends the header block with a warning") {
    std::size_t consumed = 0;
    Warnings warnings;
    const std::string raw = "Subject: x\nthis is body\n";
    const Headers headers = parse_headers(raw, consumed, &warnings);
    CHECK(headers.size() == 1);
    CHECK(raw.substr(consumed) == "this is body\n");
    CHECK(warnings.at(0).key == "mime.warning.missing_blank_line");
}

TEST_CASE("an indented first line is skipped, but not lost when no field follows") {
    std::size_t consumed = 0;
    Warnings warnings;
    const std::string raw = " \r\nSubject: hi\r\n\r\nbody\r\n";
    const Headers headers = parse_headers(raw, consumed, &warnings);
    CHECK(headers.get("Subject") == "hi");
    CHECK(raw.substr(consumed) == "body\r\n");
    CHECK(warnings.at(0).key == "mime.warning.leading_continuation");
    // No field at all: the indented text is the body (Python drops it; we keep the bytes).
    const std::string text = "  indented text\r\nmore\r\n";
    CHECK(parse_headers(text, consumed).size() == 0);
    CHECK(text.substr(consumed) == text);
    const std::string only = "  indented only";
    CHECK(parse_headers(only, consumed).size() == 0);
    CHECK(consumed == 0);
}

TEST_CASE("fields built by us are folded at 78 characters") {
    std::string value;
    for (int i = 0; i < 30; ++i)
        value += "word" + std::to_string(i) + " ";
    const Bytes folded = fold_field("Subject", value);
    std::size_t start = 0;
    int lines = 0;
    while (start < folded.size()) {
        const std::size_t end = folded.find("\r\n", start);
        CHECK(end - start <= 78);
        start = end + 2;
        ++lines;
    }
    CHECK(lines > 1);
    CHECK(unfold(folded.substr(9, folded.size() - 11)) == value);
    CHECK(fold_field("X", "a\r\nInjected: yes") == "X: aInjected: yes\r\n");
}

TEST_CASE("RFC 2047 section 8 examples decode") {
    CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?=)") == "(a)");
    CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?= b)") == "(a b)");
    CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)") == "(ab)");
    CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)") == "(ab)");
    CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)") == "(ab)");
    CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a_b?=)") == "(a b)");
    CHECK(decode_encoded_words("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)") == "(a b)");
    CHECK(decode_encoded_words("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=") ==
          "Keld J\xc3\xb8rn Simonsen");
    CHECK(decode_encoded_words("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n    "
                               "=?ISO-8859-1?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=") ==
          "If you can read this you understand the example.");
    CHECK(decode_encoded_words("=?bad") == "=?bad");
}

TEST_CASE("Western and Korean charsets real mail uses decode in encoded-words") {
    CHECK(decode_encoded_words("=?windows-1252?q?Fr=FCsche_=80_=93ok=94?=") ==
          "Fr\xc3\xbcsche \xe2\x82\xac \xe2\x80\x9cok\xe2\x80\x9d");
    CHECK(decode_encoded_words("=?ISO-8859-15?q?=A4_=BD?=") == "\xe2\x82\xac \xc5\x93");
    // 똠 is not in KS X 1001; Outlook sent it in CP949 under the ks_c_5601-1987 label.
    CHECK(decode_encoded_words("=?ks_c_5601-1987?B?jGO55rCix88=?=") == "똠방각하");
    // ISO-2022-KR (RFC 1557): 7-bit, so before it was "shown as written" (ESC is not printable).
    CHECK(decode_encoded_words("=?iso-2022-kr?B?GyQpQw4+SDNnDyBtYWls?=") == "안녕 mail");
}

TEST_CASE("RFC 2047 6.2: an encoded-word in a charset we cannot decode is shown as written") {
    // iso-2022-jp (escape sequences) and gb2312 (8-bit): decoding them as UTF-8 printed
    // "\x1b$BF|K\\8l" and U+FFFD garbage.
    Warnings warnings;
    CHECK(decode_encoded_words("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", &warnings) ==
          "=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].key == "mime.warning.unknown_charset");
    CHECK(decode_encoded_words("=?gb2312?B?xOO6ww==?=") == "=?gb2312?B?xOO6ww==?=");
    // Next to decoded words it is plain text: the white space around it stays.
    CHECK(decode_encoded_words("=?utf-8?q?a?= =?gb2312?q?=C4=E3?= =?utf-8?q?b?=") ==
          "a =?gb2312?q?=C4=E3?= b");
    // Printable ASCII reads the same in any ASCII-based charset, so it is still decoded.
    CHECK(decode_encoded_words("=?x-unknown?q?plain_text?=") == "plain text");
}

TEST_CASE("Korean subjects: UTF-8 and EUC-KR encoded-words") {
    // "안녕하세요" in UTF-8 (B) and in EUC-KR (B and Q).
    CHECK(decode_encoded_words("=?UTF-8?B?7JWI64WV7ZWY7IS47JqU?=") == "안녕하세요");
    CHECK(decode_encoded_words("=?EUC-KR?B?vsiz58fPvLy/5A==?=") == "안녕하세요");
    CHECK(decode_encoded_words("=?ks_c_5601-1987?Q?=BE=C8=B3=E7?=") == "안녕");
    const std::string subject =
        "메일 시뮬레이터 수업 자료입니다 — 첨부 파일을 확인해 주세요 (MIME 실습)";
    const std::string encoded = encode_header_text(subject);
    CHECK(decode_encoded_words(encoded) == subject);
    std::size_t start = 0;
    while (start < encoded.size()) {
        std::size_t end = encoded.find(' ', start);
        if (end == std::string::npos)
            end = encoded.size();
        CHECK(end - start <= 75);
        start = end + 1;
    }
    CHECK(encode_header_text("plain ascii") == "plain ascii");
    CHECK(decode_encoded_words(encode_header_text("caf\xc3\xa9 au lait", WordEncoding::Q)) ==
          "caf\xc3\xa9 au lait");
}

TEST_CASE("addresses: addr-spec, name-addr, quoted local parts, comments, groups") {
    auto list = parse_address_list(
        "=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>, \"john q. public\"@example.com, "
        "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>, "
        "A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, "
        "Undisclosed recipients:;");
    REQUIRE(list.ok());
    REQUIRE(list->size() == 5);
    const auto& keith = std::get<Mailbox>((*list)[0]);
    CHECK(keith.display_name == "Keith Moore");
    CHECK(keith.addr_spec() == "moore@cs.utk.edu");
    const auto& john = std::get<Mailbox>((*list)[1]);
    CHECK(john.local_part == "john q. public");
    CHECK(john.addr_spec() == "\"john q. public\"@example.com");
    const auto& pete = std::get<Mailbox>((*list)[2]);
    CHECK(pete.display_name == "Pete");
    CHECK(pete.addr_spec() == "pete@silly.test");
    const auto& group = std::get<Group>((*list)[3]);
    CHECK(group.display_name == "A Group");
    CHECK(group.members.size() == 3);
    CHECK(std::get<Group>((*list)[4]).members.empty());
    CHECK(flatten(*list).size() == 6);
    CHECK(display_address_list(*list) ==
          "Keith Moore <moore@cs.utk.edu>, \"john q. public\"@example.com, Pete "
          "<pete@silly.test>, A Group: Ed Jones <c@a.test>, joe@where.test, John "
          "<jdoe@one.test>;, Undisclosed recipients:;");
}

TEST_CASE("Korean display names survive encode and parse") {
    Mailbox box{"홍길동", "hong", "example.kr"};
    const std::string header = box.to_header();
    CHECK(header.find("=?UTF-8?") == 0);
    auto parsed = parse_mailbox(header);
    REQUIRE(parsed.ok());
    CHECK(*parsed == box);
    CHECK(parsed->to_display() == "홍길동 <hong@example.kr>");
}

TEST_CASE("plain addresses parse the same with and without the full tokenizer") {
    // parse_mailbox takes a shortcut for "local@domain" dot-atoms; "<...>" always goes through
    // the full parser. Random near-plain addresses must come out the same both ways, errors
    // included.
    const std::string alphabet = "ab.Z9-_+@. x\"";
    std::uint64_t x = 7;
    for (int round = 0; round < 4000; ++round) {
        std::string text;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::size_t size = 1 + (x >> 40) % 12;
        for (std::size_t i = 0; i < size; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            text += alphabet[(x >> 33) % alphabet.size()];
        }
        CAPTURE(text);
        const auto direct = parse_mailbox(text);
        const auto angled = parse_mailbox("<" + text + ">");
        CHECK(direct.ok() == angled.ok());
        if (direct.ok() && angled.ok())
            CHECK(*direct == *angled);
    }
    CHECK(*parse_mailbox("Ann.Lee+tag@Mail.Example-1.test") ==
          Mailbox{"", "Ann.Lee+tag", "Mail.Example-1.test"});
}

TEST_CASE("malformed addresses give clear errors") {
    auto missing_at = parse_mailbox("just-a-name");
    REQUIRE_FALSE(missing_at.ok());
    CHECK(missing_at.error().message == "missing '@' in address 'just-a-name'");
    auto unclosed = parse_mailbox("Joe <joe@example.com");
    REQUIRE_FALSE(unclosed.ok());
    CHECK(unclosed.error().message == "'<' at column 5 is not closed");
    CHECK(parse_mailbox("\"open quote@x").error().message == "unterminated quoted string");
    CHECK(parse_mailbox("a@").error().message == "expected a domain after '@'");
    CHECK(parse_mailbox("a@b..c").error().message == "empty label in domain 'b.'");
    CHECK(parse_address_list("g: a@b").error().message == "group 'g' is not closed with ';'");
    CHECK(parse_address_list("a@b c@d").error().message.find("expected ','") == 0);
    CHECK(parse_addr_spec("Name <a@b>").ok() == false);
    CHECK(parse_addr_spec("user@[192.0.2.1]")->domain == "[192.0.2.1]");
}

TEST_CASE("dates: format from (unix seconds, zone) and parse back") {
    CHECK(format_date(0, 0) == "Thu, 1 Jan 1970 00:00:00 +0000");
    CHECK(format_date(1795412212, 540) == "Mon, 23 Nov 2026 14:36:52 +0900");
    CHECK(format_date(1795412212, -330) == "Mon, 23 Nov 2026 00:06:52 -0530");
    CHECK(format_date(1795392000 + 9 * 86400, 0) == "Wed, 2 Dec 2026 00:00:00 +0000");
    CHECK(format_date(-62135596800, 0) == "Mon, 1 Jan 0001 00:00:00 +0000");  // digits by hand
    CHECK(format_date(253402300800, 0) == "Sat, 1 Jan 10000 00:00:00 +0000"); // snprintf's way
    auto parsed = parse_date("Mon, 23 Nov 2026 14:36:52 +0900");
    REQUIRE(parsed.ok());
    CHECK(parsed->unix_seconds == 1795412212);
    CHECK(parsed->tz_offset_minutes == 540);
    // RFC 5322 appendix A examples, obsolete forms included.
    CHECK(parse_date("Fri, 21 Nov 1997 09:55:06 -0600")->unix_seconds == 880127706);
    CHECK(parse_date("21 Nov 97 09:55:06 GMT")->unix_seconds == 880106106);
    CHECK(parse_date("Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n"
                     "               -0330 (Newfoundland Time)")
              ->unix_seconds == -27723480);
    CHECK(parse_date("Sun, 21 Mar 1993 23:56:48 -0800 (PST)")->tz_offset_minutes == -480);
    CHECK_FALSE(parse_date("Mon, 32 Nov 2026 10:00 +0000").ok());
    CHECK(parse_date("Mon, 23 Foo 2026 10:00 +0000").error().message ==
          "bad date: unknown month 'Foo'");
    for (std::int64_t t = -100000000; t < 4000000000; t += 7777777)
        CHECK(parse_date(format_date(t, 540))->unix_seconds == t);
}

TEST_CASE("message ids come from the simulation's Rng") {
    Rng a(7, 3), b(7, 3);
    const std::string id = make_message_id(a, "mail.example.kr");
    CHECK(id == make_message_id(b, "mail.example.kr"));
    CHECK(id.front() == '<');
    CHECK(id.find("@mail.example.kr>") != std::string::npos);
    CHECK(id != make_message_id(a, "mail.example.kr"));
}

namespace {
ReceivedInfo sample_received() {
    ReceivedInfo info;
    info.from_helo = "mail.a.example";
    info.from_ip = "192.0.2.7";
    info.by_host = "mx.b.example";
    info.id = "4F2A";
    info.for_rcpt = "bob@b.example";
    info.unix_seconds = 1795412212;
    info.tz_offset_minutes = 540;
    return info;
}
} // namespace

TEST_CASE("Received and Return-Path trace fields") {
    const ReceivedInfo info = sample_received();
    CHECK(received_value(info) == "from mail.a.example ([192.0.2.7]) by mx.b.example with ESMTP "
                                  "id 4F2A for <bob@b.example>; Mon, 23 Nov 2026 14:36:52 +0900");
    Headers headers;
    headers.add("Subject", "x");
    prepend_received(headers, info);
    set_return_path(headers, "alice@a.example");
    CHECK(headers.fields()[0].name == "Return-Path");
    CHECK(headers.fields()[0].value == "<alice@a.example>");
    CHECK(headers.fields()[1].name == "Received");
    CHECK(return_path_value("") == "<>");
}

TEST_CASE("Received values read back: our own, real servers' forms, and junk") {
    auto ours = parse_received(received_value(sample_received()));
    REQUIRE(ours);
    CHECK(ours->from_helo == "mail.a.example");
    CHECK(ours->from_ip == "192.0.2.7");
    CHECK(ours->by_host == "mx.b.example");
    CHECK(ours->id == "4F2A");
    CHECK(ours->for_rcpt == "bob@b.example");

    // Postfix, folded, with a reverse-DNS name and a comment after "by".
    auto postfix = parse_received("from Mail.Example.org (mail.example.org [198.51.100.4])\r\n"
                                  "\tby MX.example.com (Postfix) with ESMTPS id 4AbC\r\n"
                                  "\tfor <x@example.com>; Mon, 23 Nov 2026 09:00:00 +0000");
    REQUIRE(postfix);
    CHECK(postfix->from_helo == "mail.example.org");
    CHECK(postfix->from_ip == "198.51.100.4");
    CHECK(postfix->by_host == "mx.example.com");
    CHECK(postfix->for_rcpt == "x@example.com");

    // A literal instead of a name, nested comments, an IPv6 literal.
    auto literal = parse_received("from [192.0.2.9] (helo=(odd (nested)) x) by h.test; date");
    REQUIRE(literal);
    CHECK(literal->from_ip == "192.0.2.9");
    CHECK(literal->by_host == "h.test");
    auto v6 = parse_received("from a.test (a.test [IPv6:2001:db8::1]) by b.test with SMTP");
    REQUIRE(v6);
    CHECK(v6->from_ip == "2001:db8::1");

    // No "by", or a "by" only inside the date or a comment: nothing to draw.
    CHECK_FALSE(parse_received(""));
    CHECK_FALSE(parse_received("from a.test"));
    CHECK_FALSE(parse_received("from a.test (by b.test); by c.test"));
    CHECK_FALSE(parse_received("by"));
    CHECK_FALSE(parse_received("(((((( by"));
    CHECK_FALSE(parse_received(std::string(10000, '(')));
}
