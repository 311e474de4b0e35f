#include "sim/proto/line_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mailsim;

namespace {

std::vector<Line> read_all(LineReader& reader) {
    std::vector<Line> lines;
    while (auto line = reader.next_line())
        lines.push_back(*line);
    return lines;
}

// Feeds `input` split at `cut` and returns every line: the result must not depend on `cut`.
std::vector<Line> read_split(ByteView input, size_t cut, size_t limit, BareLineFeed policy) {
    LineReader reader(limit, policy);
    std::vector<Line> lines;
    reader.feed(input.substr(0, cut));
    for (auto& line : read_all(reader))
        lines.push_back(line);
    reader.feed(input.substr(cut));
    for (auto& line : read_all(reader))
        lines.push_back(line);
    return lines;
}

} // namespace

TEST_CASE("lines end at CRLF and partial lines wait for more data") {
    LineReader reader;
    reader.feed("HELO crepes.fr\r\nMAIL FR");
    auto first = reader.next_line();
    REQUIRE(first);
    CHECK(first->text == "HELO crepes.fr");
    CHECK_FALSE(first->bare_lf);
    CHECK_FALSE(reader.next_line());
    reader.feed("OM:<alice@crepes.fr>\r\n");
    auto second = reader.next_line();
    REQUIRE(second);
    CHECK(second->text == "MAIL FROM:<alice@crepes.fr>");
}

TEST_CASE("every split position gives the same lines") {
    const std::string input = "A\r\nBB\r\n\r\nlong line here\r\nbare\nend\r\n";
    for (auto policy : {BareLineFeed::AcceptAsLineEnd, BareLineFeed::KeepInLine}) {
        const auto whole = read_split(input, input.size(), 1000, policy);
        for (size_t cut = 0; cut <= input.size(); ++cut) {
            const auto split = read_split(input, cut, 1000, policy);
            REQUIRE(split.size() == whole.size());
            for (size_t i = 0; i < whole.size(); ++i) {
                CHECK(split[i].text == whole[i].text);
                CHECK(split[i].bare_lf == whole[i].bare_lf);
            }
        }
    }
}

TEST_CASE("bare LF policy") {
    SUBCASE("accepted as a line end and flagged") {
        LineReader reader(1000, BareLineFeed::AcceptAsLineEnd);
        reader.feed("one\ntwo\r\n");
        auto lines = read_all(reader);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].text == "one");
        CHECK(lines[0].bare_lf);
        CHECK_FALSE(lines[1].bare_lf);
    }
    SUBCASE("kept in the line when only CRLF ends lines") {
        LineReader reader(1000, BareLineFeed::KeepInLine);
        reader.feed("one\ntwo\r\n");
        auto lines = read_all(reader);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].text == "one\ntwo");
    }
}

TEST_CASE("overlong lines are reported once and not buffered past the limit") {
    LineReader reader(10);
    reader.feed(std::string(5, 'x'));
    CHECK_FALSE(reader.next_line());
    reader.feed(std::string(100, 'y'));
    auto line = reader.next_line();
    REQUIRE(line);
    CHECK(line->overlong);
    CHECK(line->text.size() == 10);
    CHECK(reader.buffered() <= 11);
    reader.feed(std::string(100000, 'z'));
    CHECK_FALSE(reader.next_line());
    CHECK(reader.buffered() <= 11);
    reader.feed("\r\nNOOP\r\n");
    auto next = reader.next_line();
    REQUIRE(next);
    CHECK_FALSE(next->overlong);
    CHECK(next->text == "NOOP");
}

TEST_CASE("a line exactly at the limit is not overlong; one byte more is") {
    LineReader reader(4);
    reader.feed("abcd\r\nabcde\r\n");
    auto a = reader.next_line();
    auto b = reader.next_line();
    REQUIRE(a);
    REQUIRE(b);
    CHECK_FALSE(a->overlong);
    CHECK(b->overlong);
    CHECK(b->text == "abcd");
}

TEST_CASE("take_exact reads literals across feeds") {
    LineReader reader;
    reader.feed("A1 APPEND INBOX {5}\r\nhel");
    auto line = reader.next_line();
    REQUIRE(line);
    CHECK_FALSE(reader.take_exact(5));
    reader.feed("lo)\r\n");
    auto literal = reader.take_exact(5);
    REQUIRE(literal);
    CHECK(*literal == "hello");
    auto rest = reader.next_line();
    REQUIRE(rest);
    CHECK(rest->text == ")");
}

TEST_CASE("an overlong line whose CR and LF arrive in separate reads still ends at that CRLF") {
    // Found by the SMTP transcripts: the first overlong report dropped a trailing CR, so the
    // LF of the next read looked bare and, with KeepInLine, the next line was swallowed too.
    for (auto policy : {BareLineFeed::KeepInLine, BareLineFeed::AcceptAsLineEnd}) {
        LineReader reader(8, policy);
        const std::string input = "123456789\r\n.\r\n";
        std::vector<Line> lines;
        for (char c : input) {
            reader.feed(std::string_view(&c, 1));
            while (auto line = reader.next_line())
                lines.push_back(*line);
        }
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].overlong);
        CHECK(lines[1].text == ".");
        CHECK_FALSE(lines[1].bare_lf);
    }
}
