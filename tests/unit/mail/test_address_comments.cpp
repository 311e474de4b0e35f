// The parts of an address that are not the address: the comment of the old
// "user@domain (Real Name)" form and the obsolete source route "<@relay:user@domain>"
// (RFC 5322 §3.4, §4.4). IMAP's ENVELOPE and SEARCH need both; display names stay as they were.
#include "sim/mail/address.h"

#include <doctest/doctest.h>

using namespace mailsim::mail;

TEST_CASE("addresses: each addr-spec keeps its own comments; name-addrs keep their route") {
    auto list =
        parse_address_list("user@domain (Real Name), (before) b@c (after),\r\n"
                           " Pete <pete(account)@silly.test>, x@y (=?UTF-8?B?7ZmN6ri464+Z?=),"
                           " <@a.example,@b.example:u@d>, plain@example.org");
    REQUIRE(list.ok());
    const auto boxes = flatten(*list);
    REQUIRE(boxes.size() == 6);
    CHECK(boxes[0].comment == "Real Name");
    CHECK(boxes[0].display_name.empty()); // as Python's email.headerregistry has it
    CHECK(boxes[1].comment == "before after");
    CHECK(boxes[2].display_name == "Pete");
    CHECK(boxes[2].comment.empty()); // a comment inside a name-addr is not a name
    CHECK(boxes[3].comment == "홍길동");
    CHECK(boxes[4].route == "@a.example,@b.example");
    CHECK(boxes[4].addr_spec() == "u@d");
    CHECK(boxes[5].comment.empty());
    CHECK(boxes[5].route.empty());
    // Writing the list again drops comments and routes, as before.
    CHECK(display_address_list(*list) ==
          "user@domain, b@c, Pete <pete@silly.test>, x@y, u@d, plain@example.org");
}

TEST_CASE("parse_mailbox: the comment of a lone addr-spec is its display name") {
    auto box = parse_mailbox("user@domain (Real Name)");
    REQUIRE(box.ok());
    CHECK(box->display_name == "Real Name");
    CHECK(box->comment == "Real Name");
    auto routed = parse_mailbox("<@route:user@domain>");
    REQUIRE(routed.ok());
    CHECK(routed->route == "@route");
    CHECK(routed->addr_spec() == "user@domain");
}
