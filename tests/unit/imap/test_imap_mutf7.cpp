// Modified UTF-7 mailbox names (RFC 3501 §5.1.3). The vectors come from RFC 3501's own example,
// Dovecot's test-imap-utf7.c, and the Korean folder names Korean webmail and mobile clients
// create (computed with the usual Python recipe: UTF-16-BE, base64 without '=', '/' -> ',').
#include "sim/proto/imap/imap_mutf7.h"

#include "sim/mail/charset.h"

#include <doctest/doctest.h>

using namespace mailsim::imap;

TEST_CASE("modified UTF-7: known vectors both ways") {
    const std::pair<const char*, const char*> vectors[] = {
        {"보낸 편지함", "&vPSwuA- &07jJwNVo-"},
        {"받은 편지함", "&vBvHQA- &07jJwNVo-"},
        {"임시 보관함", "&x4TC3A- &vPStANVo-"},
        {"스팸메일함", "&wqTTOLpUx3zVaA-"},
        {"내게 쓴 메일함", "&sLSsjA- &xPQ- &ulTHfNVo-"},
        {"Sent/보낸 편지함", "Sent/&vPSwuA- &07jJwNVo-"},
        {"~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"}, // RFC 3501 §5.1.3
        {"tiet\xc3\xa4j\xc3\xa4", "tiet&AOQ-j&AOQ-"},
        {"&&x&&", "&-&-x&-&-"},
        {"A&B 메일", "A&-B &ulTHfA-"},
        {"😀 emoji", "&2D3eAA- emoji"}, // a surrogate pair
        {"INBOX", "INBOX"},
        {"", ""},
    };
    for (const auto& vector : vectors) {
        // Named copies: clang 14 cannot capture a structured binding in CAPTURE.
        const auto& utf8 = vector.first;
        const auto& wire = vector.second;
        CAPTURE(utf8);
        CHECK(utf8_to_mutf7(utf8) == std::optional<std::string>(wire));
        CHECK(mutf7_to_utf8(wire) == std::optional<std::string>(utf8));
        CHECK(mailbox_display_name(wire) == utf8);
    }
}

TEST_CASE("modified UTF-7: what is not valid is refused, and shown as written") {
    const char* invalid[] = {
        "&",                  // a run never closed
        "&Jjo",               // the same
        "&Jjo!",              // '!' is not a base64 digit
        "&U,BTFw-&ZeVnLIqe-", // two runs side by side: one would do
        "&AGE-",              // "a" encoded: printable ASCII stands for itself
        "&ACY-",              // "&" encoded: it is written "&-"
        "&AAA-",              // NUL
        "&AAo-",              // LF
        "&AOQ",               // unterminated
        "&AO-",               // 12 bits: a stray base64 digit, not a whole UTF-16 unit
        "&AOR-",              // U+00E4 with non-zero padding bits
        "&2D0-",              // a high surrogate alone
        "&3gA-",              // a low surrogate alone
        "p\xc3\xa4\xc3\xa4",  // 8-bit: UTF-8 sent raw
        "tab\there",          // control byte
        "a\x7f",              // DEL
    };
    for (const char* name : invalid) {
        CAPTURE(name);
        CHECK_FALSE(is_valid_mutf7(name));
        CHECK(mailbox_display_name(name) == name);
    }
    CHECK_FALSE(utf8_to_mutf7("\xed\xa0\x80").has_value()); // a surrogate in UTF-8
    CHECK_FALSE(utf8_to_mutf7("\xff").has_value());
}

TEST_CASE("modified UTF-7: every code point round-trips, alone and in runs") {
    // As Dovecot's test does: code points around the surrogate and BMP edges, among ASCII.
    for (char32_t c : {0x80u, 0xe4u, 0x7ffu, 0x800u, 0xd7ffu, 0xe000u, 0xfffdu, 0xffffu, 0x10000u,
                       0x1f600u, 0x10ffffu}) {
        std::string one;
        mailsim::mail::append_utf8(one, c);
        std::string text;
        for (int n = 1; n <= 7; ++n) {
            text += (n % 3 == 0 ? "x" : "") + std::string(n % 5 == 0 ? "&" : "") + one;
            CAPTURE(text);
            const auto wire = utf8_to_mutf7(text);
            REQUIRE(wire.has_value());
            CHECK(is_valid_mutf7(*wire));
            CHECK(mutf7_to_utf8(*wire) == std::optional<std::string>(text));
        }
    }
}

TEST_CASE("folder names written by people become modified UTF-7 once, never twice") {
    CHECK(mailbox_name_from_text("보낸 편지함") == "&vPSwuA- &07jJwNVo-");
    CHECK(mailbox_name_from_text("&vPSwuA- &07jJwNVo-") == "&vPSwuA- &07jJwNVo-");
    CHECK(mailbox_name_from_text("Lecture") == "Lecture");
    CHECK(mailbox_name_from_text("R&D") == "R&-D");
    CHECK(mailbox_name_from_text("\xff") == "\xff"); // not UTF-8: left for the caller to refuse
}
