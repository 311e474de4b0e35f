// Columns in data-file errors count characters, not bytes: the TOML guard, the Markdown checks
// and `mailsim lint` all point with the one column_of/position_of (sim/core/source_pos.h).
#include "sim/core/source_pos.h"

#include <doctest/doctest.h>

#include <string_view>

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
