// The world's header lookups on raw message bytes: folded fields unfold, names match without
// regard to case, the header section ends at the blank line, and a lecture-style message with
// no header is named by a hash of what follows the trace fields.
#include "sim/agents/message_util.h"

#include <doctest/doctest.h>

using namespace mailsim::agents;

TEST_CASE("header lookups: folding, case, the end of the header section") {
    const char* message = "Received: from a.test\r\n"
                          "\tby b.test; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                          "received: from c.test by d.test\r\n"
                          "Subject:   Hello\r\n"
                          "  there \r\n"
                          "Message-ID: <1@a.test>\r\n"
                          "\r\n"
                          "Subject: not a header, the body\r\n";
    CHECK(header_value(message, "subject") == "Hello there");
    CHECK(header_value(message, "RECEIVED") ==
          "from a.test by b.test; Mon, 1 Jan 2024 00:00:00 +0000");
    CHECK(header_value(message, "Message-ID") == "<1@a.test>");
    CHECK(header_value(message, "X-Missing").empty());
    CHECK(count_headers(message, "Received") == 2);
    CHECK(count_headers(message, "Subject") == 1);
    CHECK(tracking_id(message) == "<1@a.test>");
    // Folded last field before the end of the text, and LF-only line ends.
    CHECK(header_value("To: a@b\n c@d", "to") == "a@b c@d");
}

TEST_CASE("tracking ids: a message without Message-ID is named by its content") {
    const char* bare = "Do you like ketchup?\r\nHow about pickles?\r\n";
    const std::string id = tracking_id(bare);
    CHECK(id.find("@nomsgid>") != std::string::npos);
    CHECK(header_value(bare, "Do you like ketchup?") == ""); // a body is not a header section
    // The same content behind other trace fields is the same message.
    CHECK(tracking_id(std::string("Received: from x by y\r\nReturn-Path: <a@b>\r\n") + bare) == id);
}
