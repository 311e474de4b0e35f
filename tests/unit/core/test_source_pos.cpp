// Columns in data-file errors count characters, not bytes: the TOML guard, the Markdown checks
// and `mailsim lint` all point with the one column_of/position_of (sim/core/source_pos.h), and
// read their files with the one TextLines (sim/core/text_lines.h).
#include "sim/core/source_pos.h"
#include "sim/core/text_lines.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using mailsim::column_of;
using mailsim::position_of;

TEST_CASE("column_of counts UTF-8 characters from 1") {
    CHECK(column_of("", 0) == 1);
    CHECK(column_of("abc", 2) == 3);
    const std::string_view korean = "제목 = 1"; // 제목 is 6 bytes, 2 characters
    CHECK(column_of(korean, 6) == 3);
    CHECK(column_of(korean, 7) == 4);
    CHECK(column_of("ab", 10) == 3); // past the end: the end of the line
}

TEST_CASE("position_of finds the line and the character column of a byte") {
    const std::string_view text = "a = 1\n제목 = {x}\n\nz";
    CHECK(position_of(text, 0).line == 1);
    CHECK(position_of(text, 0).column == 1);
    const auto brace = position_of(text, text.find('{'));
    CHECK(brace.line == 2);
    CHECK(brace.column == 6); // 제, 목, space, =, space, then {
    const auto z = position_of(text, text.find('z'));
    CHECK(z.line == 4);
    CHECK(z.column == 1);
    static_assert(position_of("x\ny", 2).line == 2);
}

TEST_CASE("TextLines numbers lines as an editor does, LF or CRLF, with the empty last one") {
    const auto all = [](std::string_view text) {
        std::vector<std::string> out;
        std::string_view line;
        for (mailsim::TextLines lines(text); lines.next(line);)
            out.push_back(std::to_string(lines.number()) + (lines.last() ? "$" : ":") +
                          std::string(line) + "|" + std::string(lines.raw()));
        return out;
    };
    CHECK(all("") == std::vector<std::string>{"1$|"});
    CHECK(all("a") == std::vector<std::string>{"1$a|a"});
    CHECK(all("a\r\nb\n") == std::vector<std::string>{"1:a|a\r\n", "2:b|b\n", "3$|"});
    CHECK(all("\n\n") == std::vector<std::string>{"1:|\n", "2:|\n", "3$|"});
}
