// MIME trees: the RFC 2046 examples, digests, nested messages, malformed input, and
// build -> parse round trips.
#include "sim/core/sha256.h"
#include "sim/mail/builder.h"
#include "sim/mail/message.h"
#include "sim/mail/text_checks.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::mail;

namespace {

// The multipart example of RFC 2046 section 5.1.1, with CRLF line ends.
const std::string kRfc2046 = to_crlf("From: Nathaniel Borenstein <nsb@bellcore.com>\n"
                                     "To: Ned Freed <ned@innosoft.com>\n"
                                     "Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)\n"
                                     "Subject: Sample message\n"
                                     "MIME-Version: 1.0\n"
                                     "Content-type: multipart/mixed; boundary=\"simple boundary\"\n"
                                     "\n"
                                     "This is the preamble.  It is to be ignored, though it\n"
                                     "is a handy place for composition agents to include an\n"
                                     "explanatory note to non-MIME conformant readers.\n"
                                     "\n"
                                     "--simple boundary\n"
                                     "\n"
                                     "This is implicitly typed plain US-ASCII text.\n"
                                     "It does NOT end with a linebreak.\n"
                                     "--simple boundary\n"
                                     "Content-type: text/plain; charset=us-ascii\n"
                                     "\n"
                                     "This is explicitly typed plain US-ASCII text.\n"
                                     "It DOES end with a linebreak.\n"
                                     "\n"
                                     "--simple boundary--\n"
                                     "\n"
                                     "This is the epilogue.  It is also to be ignored.\n");

} // namespace

TEST_CASE("RFC 2046 5.1.1 multipart example") {
    const Message message = parse_message(kRfc2046, ParseOptions{32, BoundaryTrace::On});
    CHECK(message.warnings.empty());
    CHECK(message.mime_type() == "multipart/mixed");
    CHECK(*message.content_type().param("boundary") == "simple boundary");
    REQUIRE(message.children.size() == 2);
    CHECK(message.children[0].headers.empty());
    CHECK(message.children[0].mime_type() == "text/plain");
    CHECK(message.children[0].decoded_body() ==
          "This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.");
    CHECK(message.children[1].decoded_body() ==
          "This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n");
    CHECK(message.preamble().find("This is the preamble.") == 0);
    CHECK(message.epilogue() == "\r\nThis is the epilogue.  It is also to be ignored.\r\n");
    REQUIRE(message.boundaries.size() == 3);
    CHECK(message.boundaries[2].closing);
    CHECK(message.body().substr(message.boundaries[0].offset, message.boundaries[0].length) ==
          "--simple boundary");
    CHECK(serialize(message) == kRfc2046);
    CHECK(*message.subject() == "Sample message");
}

TEST_CASE("multipart/digest parts default to message/rfc822") {
    const std::string raw = to_crlf("Content-Type: multipart/digest; boundary=d\n\n"
                                    "--d\n\nSubject: first\n\none\n"
                                    "--d\nContent-Type: text/plain\n\nnot a message\n"
                                    "--d--\n");
    const Message message = parse_message(raw);
    REQUIRE(message.children.size() == 2);
    CHECK(message.children[0].mime_type() == "message/rfc822");
    REQUIRE(message.children[0].children.size() == 1);
    CHECK(*message.children[0].children[0].subject() == "first");
    CHECK(message.children[1].mime_type() == "text/plain");
}

TEST_CASE("message/external-body exposes its access parameters") {
    const std::string raw = to_crlf(
        "Content-Type: message/external-body; access-type=anon-ftp;\n"
        "  site=\"ftp.example.org\"; directory=\"pub\"; name=\"lecture.ps\"; mode=\"image\"\n\n"
        "Content-Type: application/postscript\n\n");
    const Message message = parse_message(raw);
    const ContentType type = message.content_type();
    CHECK(*type.param("access-type") == "anon-ftp");
    CHECK(*type.param("site") == "ftp.example.org");
    CHECK(*type.param("directory") == "pub");
    CHECK(*type.param("name") == "lecture.ps");
    REQUIRE(message.children.size() == 1);
    CHECK(message.children[0].mime_type() == "application/postscript");
}

TEST_CASE("RFC 2231 continuations and Korean file names") {
    const std::string raw = to_crlf("Content-Type: application/octet-stream;\n"
                                    " name*0*=utf-8''%ED%95%9C%EA%B8%80;\n name*1=\"_file.bin\"\n"
                                    "Content-Disposition: attachment; "
                                    "filename*=UTF-8''%EA%B0%95%EC%9D%98%EC%9E%90%EB%A3%8C.pdf\n"
                                    "Content-Transfer-Encoding: base64\n\nAAEC\n");
    const Message message = parse_message(raw);
    CHECK(*message.content_type().param("name") == "한글_file.bin");
    CHECK(*message.filename() == "강의자료.pdf");
    CHECK(message.decoded_body() == std::string("\0\1\2", 3));
    const std::string euc =
        to_crlf("Content-Type: text/plain; name=\"=?EUC-KR?B?x9Gx2y50eHQ=?=\"\n\nx");
    CHECK(*parse_message(euc).filename() == "한글.txt");
    const std::string euc2231 =
        to_crlf("Content-Disposition: attachment; filename*=euc-kr''%C7%D1%B1%DB.txt\n\nx");
    CHECK(*parse_message(euc2231).filename() == "한글.txt");
}

TEST_CASE("malformed multipart never crashes: missing, unterminated, absent boundaries") {
    SUBCASE("no boundary parameter") {
        const Message m = parse_message(to_crlf("Content-Type: multipart/mixed\n\n--x\n\nhi\n"));
        CHECK(m.children.empty());
        CHECK(m.warnings.at(0).key == "mime.warning.no_boundary");
    }
    SUBCASE("boundary never occurs") {
        const Message m =
            parse_message(to_crlf("Content-Type: multipart/mixed; boundary=b\n\nhi\n"));
        CHECK(m.children.empty());
        CHECK(m.warnings.at(0).key == "mime.warning.boundary_not_found");
    }
    SUBCASE("no closing boundary") {
        const Message m = parse_message(
            to_crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo\n"));
        REQUIRE(m.children.size() == 2);
        CHECK(m.children[1].body() == "two\r\n");
        CHECK(m.warnings.at(0).key == "mime.warning.unterminated_multipart");
    }
    SUBCASE("a longer line that only starts like the boundary is content") {
        const Message m = parse_message(
            to_crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n--bb\n--b--\n"));
        REQUIRE(m.children.size() == 1);
        CHECK(m.children[0].body() == "--bb");
    }
    SUBCASE("duplicate boundaries give empty parts") {
        const Message m = parse_message(
            to_crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n--b--\n"));
        CHECK(m.children.size() == 2);
    }
    SUBCASE("bad content type falls back to text/plain") {
        const Message m = parse_message("Content-Type: garbage\r\n\r\nx");
        CHECK(m.mime_type() == "text/plain");
        CHECK(m.warnings.at(0).key == "mime.warning.bad_content_type");
    }
}

TEST_CASE("nesting deeper than the limit stops with a warning, not a stack overflow") {
    std::string raw;
    for (int i = 0; i < 5000; ++i)
        raw += "Content-Type: message/rfc822\r\n\r\n";
    raw += "Subject: bottom\r\n\r\nx";
    const Message message = parse_message(raw);
    const auto parts = walk(message);
    CHECK(parts.size() == 33);
    CHECK(parts.back()->warnings.at(0).key == "mime.warning.too_deep");
    std::string multi;
    for (int i = 0; i < 2000; ++i)
        multi += "Content-Type: multipart/mixed; boundary=" + std::to_string(i) + "\r\n\r\n--" +
                 std::to_string(i) + "\r\n";
    CHECK(walk(parse_message(multi)).size() == 33);
}

TEST_CASE("LF-only messages parse like CRLF ones") {
    const Message crlf = parse_message(kRfc2046);
    std::string lf = kRfc2046;
    std::erase(lf, '\r');
    const Message message = parse_message(lf);
    REQUIRE(message.children.size() == 2);
    CHECK(message.children[1].mime_type() == "text/plain");
    CHECK(to_crlf(message.children[0].decoded_body()) == crlf.children[0].decoded_body());
}

TEST_CASE("7-bit and line length checks") {
    CHECK(is_7bit("plain text\r\n"));
    CHECK_FALSE(is_7bit("caf\xc3\xa9"));
    CHECK(longest_line("ab\r\nabcd\r\nabc") == 4);
    CHECK(classify("hello\r\n") == DataClass::SevenBit);
    CHECK(classify("h\xc3\xa9llo\r\n") == DataClass::EightBit);
    CHECK(classify(std::string(999, 'a')) == DataClass::Binary);
    CHECK(classify("bare\nlf") == DataClass::Binary);
}

TEST_CASE("builder: text, html, Korean subject, attachment -> parse gives the same tree") {
    Attachment attachment;
    attachment.filename = "강의자료.bin";
    attachment.content_type.type = "application";
    attachment.content_type.subtype = "octet-stream";
    for (int i = 0; i < 1000; ++i)
        attachment.data.push_back(static_cast<char>(i * 7));
    auto built = MessageBuilder()
                     .from(Mailbox{"김교수", "prof", "univ.ac.kr"})
                     .to(Mailbox{"", "student", "univ.ac.kr"})
                     .subject("MIME 실습 과제 안내")
                     .date(1795412212, 540)
                     .message_id("<1@univ.ac.kr>")
                     .text("안녕하세요.\n과제를 첨부합니다.\n")
                     .html("<p>안녕하세요.</p>")
                     .attach(attachment)
                     .build();
    REQUIRE(built.ok());
    const Bytes wire = serialize(*built);
    CHECK(is_7bit(wire));
    CHECK(longest_line(wire) <= 78);
    const Message parsed = parse_message(wire);
    CHECK(parsed.warnings.empty());
    CHECK(*parsed.subject() == "MIME 실습 과제 안내");
    CHECK(display_address_list(*parsed.addresses("From")) == "김교수 <prof@univ.ac.kr>");
    CHECK(parsed.mime_type() == "multipart/mixed");
    REQUIRE(parsed.children.size() == 2);
    CHECK(parsed.children[0].mime_type() == "multipart/alternative");
    REQUIRE(parsed.children[0].children.size() == 2);
    CHECK(parsed.children[0].children[0].text() == "안녕하세요.\r\n과제를 첨부합니다.\r\n");
    CHECK(parsed.children[0].children[1].mime_type() == "text/html");
    CHECK(*parsed.children[1].filename() == "강의자료.bin");
    CHECK(parsed.children[1].decoded_body() == attachment.data);
    CHECK(serialize(parsed) == wire);
}

TEST_CASE("make_leaf refuses encodings that cannot carry the data") {
    ContentType binary;
    binary.type = "application";
    binary.subtype = "octet-stream";
    CHECK_FALSE(make_leaf(binary, std::string("\0\xff", 2), EncodingChoice::SevenBit).ok());
    CHECK_FALSE(make_leaf(binary, std::string("a\0b", 3), EncodingChoice::EightBit).ok());
    auto qp = make_leaf(binary, std::string("a\r\n\0b", 5), EncodingChoice::QuotedPrintable);
    REQUIRE(qp.ok());
    CHECK(parse_message(serialize(*qp)).decoded_body() == std::string("a\r\n\0b", 5));
}

TEST_CASE("every media type of the lecture builds and parses back") {
    std::vector<Part> leaves;
    const char* types[][2] = {{"text", "plain"},
                              {"text", "enriched"},
                              {"text", "richtext"},
                              {"text", "html"},
                              {"image", "jpeg"},
                              {"image", "gif"},
                              {"video", "mpeg"},
                              {"audio", "basic"},
                              {"application", "postscript"},
                              {"application", "octet-stream"}};
    for (const auto& [type, subtype] : types) {
        ContentType content_type;
        content_type.type = type;
        content_type.subtype = subtype;
        auto leaf = make_leaf(content_type, std::string(type) + "/" + subtype + " data\n");
        REQUIRE(leaf.ok());
        leaves.push_back(std::move(*leaf));
    }
    auto inner =
        MessageBuilder().from(Mailbox{"", "a", "b.example"}).subject("inner").text("hi").build();
    REQUIRE(inner.ok());
    std::vector<Part> digest_items;
    digest_items.push_back(make_message_part(*inner));
    std::vector<Part> outer;
    outer.push_back(
        make_multipart("parallel", std::vector<Part>(leaves.begin(), leaves.begin() + 3)));
    outer.push_back(make_multipart("related", std::vector<Part>(leaves.begin() + 3, leaves.end())));
    outer.push_back(make_multipart("digest", std::move(digest_items)));
    outer.push_back(make_external_body({{"access-type", "anon-ftp"},
                                        {"site", "ftp.example.org"},
                                        {"directory", "pub"},
                                        {"name", "big.ps"}},
                                       Headers{}));
    Part top = make_multipart("mixed", std::move(outer));
    const Message parsed = parse_message(serialize(top));
    REQUIRE(parsed.children.size() == 4);
    CHECK(parsed.children[0].mime_type() == "multipart/parallel");
    CHECK(parsed.children[0].children[2].mime_type() == "text/richtext");
    CHECK(parsed.children[1].children[5].mime_type() == "application/postscript");
    CHECK(parsed.children[1].children[5].decoded_body() == "application/postscript data\n");
    CHECK(parsed.children[1].children[0].decoded_body() == "text/html data\r\n");
    CHECK(parsed.children[2].children[0].mime_type() == "message/rfc822");
    CHECK(*parsed.children[2].children[0].children[0].subject() == "inner");
    CHECK(*parsed.children[3].content_type().param("site") == "ftp.example.org");
    std::size_t count = 0;
    for (const Part* part : walk(parsed))
        count += part->warnings.size();
    CHECK(count == 0);
}

TEST_CASE("a backslash at the very end of a comment does not read past the value") {
    const ContentType type = parse_content_type("text/plain (comment\\");
    CHECK(type.mime_type() == "text/plain");
    CHECK(parse_content_type("text/html; charset=\"utf-8\\").param("charset").has_value());
}

TEST_CASE("Bcc recipients are in the recipient list but never in the header") {
    MessageBuilder builder;
    builder.from(Mailbox{"", "a", "a.example"})
        .to(Mailbox{"", "b", "b.example"})
        .cc(Mailbox{"", "c", "c.example"})
        .bcc(Mailbox{"", "secret", "d.example"})
        .to(Mailbox{"", "b", "b.example"})
        .text("x");
    CHECK(builder.recipients() ==
          std::vector<std::string>{"b@b.example", "c@c.example", "secret@d.example"});
    const Bytes wire = serialize(*builder.build());
    CHECK(wire.find("secret") == Bytes::npos);
    CHECK(wire.find("Bcc") == Bytes::npos);
}

TEST_CASE("Content-Type: the first field counts, its warnings once, then the duplicate's") {
    const Message m = parse_message(std::string("Content-Type: text\r\n"
                                                "Content-Type: multipart/mixed; boundary=b\r\n"
                                                "\r\n--b\r\n\r\nnot a part\r\n--b--\r\n"));
    CHECK(m.mime_type() == "text/plain");
    CHECK(m.children.empty());
    REQUIRE(m.warnings.size() == 2);
    CHECK(m.warnings[0].key == "mime.warning.bad_content_type");
    CHECK(m.warnings[1].key == "mime.warning.duplicate_field");
    const Message none = parse_message(std::string("Subject: s\r\n\r\nbody"));
    CHECK(none.mime_type() == "text/plain");
    CHECK(none.warnings.empty());
}
