// Parsed bodies are ranges of the message's one buffer, not copies per nesting level: they must
// stay right when the message, or one part of it, is copied, moved, or outlives its source, and
// an edit of one copy must not show in another.
#include "sim/mail/message.h"

#include <doctest/doctest.h>

#include <memory>
#include <utility>

using namespace mailsim;
using namespace mailsim::mail;

namespace {

// multipart/mixed > (text/plain, message/rfc822 > multipart/alternative > (text, html)), with a
// preamble and an epilogue: every kind of range the parser hands out, three levels deep.
Bytes nested_message() {
    return to_crlf("From: a@example.org\n"
                   "Content-Type: multipart/mixed; boundary=outer\n"
                   "\n"
                   "the preamble\n"
                   "--outer\n"
                   "Content-Type: text/plain\n"
                   "\n"
                   "first part\n"
                   "--outer\n"
                   "Content-Type: message/rfc822\n"
                   "\n"
                   "Subject: inner\n"
                   "Content-Type: multipart/alternative; boundary=inner\n"
                   "\n"
                   "--inner\n"
                   "Content-Type: text/plain\n"
                   "\n"
                   "inner text\n"
                   "--inner\n"
                   "Content-Type: text/html\n"
                   "\n"
                   "<p>inner html</p>\n"
                   "--inner--\n"
                   "--outer--\n"
                   "the epilogue\n");
}

// Every body, preamble and epilogue of the tree, checked against what the parser must find.
void check_tree(const Message& m) {
    REQUIRE(m.children.size() == 2);
    CHECK(m.preamble() == "the preamble");
    CHECK(m.epilogue() == "the epilogue\r\n");
    CHECK(m.children[0].body() == "first part");
    const Part& rfc822 = m.children[1];
    REQUIRE(rfc822.children.size() == 1);
    const Part& inner = rfc822.children[0];
    CHECK(inner.subject() == "inner");
    REQUIRE(inner.children.size() == 2);
    CHECK(inner.children[0].body() == "inner text");
    CHECK(inner.children[1].body() == "<p>inner html</p>");
    CHECK(inner.children[1].text() == "<p>inner html</p>");
}

bool inside(ByteView range, const Bytes& buffer) {
    return range.data() >= buffer.data() &&
           range.data() + range.size() <= buffer.data() + buffer.size();
}

} // namespace

TEST_CASE("a parsed message owns its bytes: the source can go away") {
    Bytes source = nested_message();
    const Message m = parse_message(source);
    source.assign(source.size(), 'x'); // the caller's buffer changes
    source = Bytes();                  // and is freed
    check_tree(m);
}

TEST_CASE("copies and moves of a parsed message keep every range right") {
    auto original = std::make_unique<Message>(parse_message(nested_message()));
    const Message copy = *original;
    Message moved = std::move(*original);
    original.reset(); // the message both were made from is gone
    check_tree(copy);
    check_tree(moved);

    Message assigned;
    assigned = copy;
    check_tree(assigned);
    Message move_assigned;
    move_assigned = std::move(moved);
    check_tree(move_assigned);
}

TEST_CASE("a part taken out of a temporary message keeps its body") {
    const Part inner = parse_message(nested_message()).children[1].children[0];
    REQUIRE(inner.children.size() == 2);
    CHECK(inner.children[0].body() == "inner text");
    // The children vector growing (reallocating, moving parts) changes nothing either.
    std::vector<Part> parts;
    for (int i = 0; i < 64; ++i)
        parts.push_back(parse_message(nested_message()).children[0]);
    for (const Part& part : parts)
        CHECK(part.body() == "first part");
}

TEST_CASE("editing the body of a copy does not change the original") {
    const Message m = parse_message(nested_message());
    Message edited = m;
    edited.children[0].set_body(Bytes("changed"));
    edited.children[1].children[0].children[1].set_body(Bytes("<p>changed</p>"));
    CHECK(edited.children[0].body() == "changed");
    check_tree(m);
}

TEST_CASE("no body is copied out of the message buffer while parsing") {
    // Shared: every range points into the caller's buffer itself, at every nesting level.
    const auto raw = std::make_shared<const Bytes>(nested_message());
    const Message m = parse_message(raw);
    check_tree(m);
    for (const Part* part : walk(m)) {
        CHECK(inside(part->body(), *raw));
        if (!part->is_multipart())
            continue;
        CHECK(inside(part->preamble(), *raw));
        CHECK(inside(part->epilogue(), *raw));
    }
    // Copied once: the ranges share one buffer of the message's own, whose start is the root's.
    const Message copied = parse_message(ByteView(*raw));
    const char* first = copied.body().data();
    for (const Part* part : walk(copied))
        CHECK((part->body().data() >= first && part->body().data() < first + raw->size()));
    CHECK(!inside(copied.body(), *raw));
}

TEST_CASE("an mbox From line before a part is skipped inside the shared buffer too") {
    const Message m = parse_message(std::string("From a@example.org Mon Nov 23 14:36:52 2026\r\n"
                                                "Subject: s\r\n\r\nbody\r\n"));
    CHECK(m.subject() == "s");
    CHECK(m.body() == "body\r\n");
    const Message only_from = parse_message(std::string("From nobody"));
    CHECK(only_from.headers.empty());
    CHECK(only_from.body().empty());
}
