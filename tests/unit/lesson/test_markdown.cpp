// The Markdown subset: each block kind, inline styles, and the problems lint reports.
#include "sim/lesson/markdown.h"

#include <doctest/doctest.h>

using namespace mailsim::lesson;

TEST_CASE("inline spans: bold, italic, code and escapes") {
    const Inline spans = parse_inline("a **b** *c* `d*e` \\*f ***g***", 1, nullptr);
    REQUIRE(spans.size() == 8);
    CHECK(spans[0] == Span{"a ", SpanStyle::Plain});
    CHECK(spans[1] == Span{"b", SpanStyle::Bold});
    CHECK(spans[2] == Span{" ", SpanStyle::Plain});
    CHECK(spans[3] == Span{"c", SpanStyle::Italic});
    CHECK(spans[4] == Span{" ", SpanStyle::Plain});
    CHECK(spans[5] == Span{"d*e", SpanStyle::Code});
    CHECK(spans[6] == Span{" *f ", SpanStyle::Plain});
    CHECK(spans[7] == Span{"g", SpanStyle::Bold | SpanStyle::Italic});
    CHECK(plain_text(spans) == "a b c d*e *f g");
}

TEST_CASE("every block kind of the subset") {
    const char* text = "### 세 단계\n"
                       "\n"
                       "첫 줄과\n"
                       "둘째 줄은 한 문단입니다.\n"
                       "\n"
                       "- 하나\n"
                       "- 둘이\n"
                       "  이어집니다\n"
                       "\n"
                       "1. first\n"
                       "2. second\n"
                       "\n"
                       "| code | meaning |\n"
                       "|------|---------|\n"
                       "| `220` | ready |\n"
                       "| 354 | go on |\n"
                       "\n"
                       "> **Note** a note\n"
                       "> on two lines\n"
                       "\n"
                       "```smtp\n"
                       "S: 220 hamburger.edu\n"
                       "\n"
                       "C: HELO crepes.fr\n"
                       "```\n";
    const Document doc = parse_markdown(text, 10);
    CHECK(doc.problems.empty());
    REQUIRE(doc.blocks.size() == 7);
    CHECK(doc.blocks[0].kind == BlockKind::Heading);
    CHECK(doc.blocks[0].level == 3);
    CHECK(plain_text(doc.blocks[0].text) == "세 단계");
    CHECK(doc.blocks[0].line == 10);
    CHECK(doc.blocks[1].kind == BlockKind::Paragraph);
    CHECK(plain_text(doc.blocks[1].text) == "첫 줄과 둘째 줄은 한 문단입니다.");
    CHECK(doc.blocks[1].line == 12);
    CHECK(doc.blocks[2].kind == BlockKind::BulletList);
    REQUIRE(doc.blocks[2].items.size() == 2);
    CHECK(plain_text(doc.blocks[2].items[1]) == "둘이 이어집니다");
    CHECK(doc.blocks[3].kind == BlockKind::NumberedList);
    CHECK(doc.blocks[3].items.size() == 2);
    CHECK(doc.blocks[4].kind == BlockKind::Table);
    REQUIRE(doc.blocks[4].rows.size() == 3);
    CHECK(plain_text(doc.blocks[4].rows[0][1]) == "meaning");
    CHECK(doc.blocks[4].rows[1][0][0] == Span{"220", SpanStyle::Code});
    CHECK(doc.blocks[5].kind == BlockKind::Note);
    CHECK(plain_text(doc.blocks[5].text) == "Note a note on two lines");
    CHECK(doc.blocks[5].text[0].style == SpanStyle::Bold);
    CHECK(doc.blocks[6].kind == BlockKind::Code);
    CHECK(doc.blocks[6].info == "smtp");
    CHECK(doc.blocks[6].code == "S: 220 hamburger.edu\n\nC: HELO crepes.fr");
}

TEST_CASE("CRLF line ends and a file without a final newline") {
    const Document doc = parse_markdown("one\r\ntwo\r\n\r\n- a\r\n- b", 1);
    REQUIRE(doc.blocks.size() == 2);
    CHECK(plain_text(doc.blocks[0].text) == "one two");
    CHECK(plain_text(doc.blocks[1].items[1]) == "b");
}

TEST_CASE("mail notation is text, real HTML, links and images are problems") {
    CHECK(parse_markdown("End with `<CRLF>.<CRLF>` or <CRLF> to <bob@hamburger.edu>.")
              .problems.empty());
    const Document doc = parse_markdown("line\nsee [RFC](http://x) and <br> and ![p](x.png)\n", 5);
    REQUIRE(doc.problems.size() == 4);
    CHECK(doc.problems[0].message ==
          "links are not supported in lessons (write the address as text)");
    CHECK(doc.problems[0].line == 6); // the line and column where the link is, not the paragraph's
    CHECK(doc.problems[0].column == 5);
    CHECK(doc.problems[1].message == "HTML is not supported in lessons");
    CHECK(doc.problems[2].message == "images are not supported in lessons");
}

TEST_CASE("structural problems: unclosed fence, bad tables, ## inside a step") {
    auto problems = [](const char* text) { return parse_markdown(text, 1).problems; };
    auto unclosed = problems("```\ncode\n");
    REQUIRE(unclosed.size() == 1);
    CHECK(unclosed[0].message == "code block is not closed with ```");
    auto table = problems("| a | b |\n| x | y |\n");
    REQUIRE(table.size() == 1);
    CHECK(table[0].line == 2);
    auto ragged = problems("| a | b |\n|---|---|\n| x |\n");
    REQUIRE(ragged.size() == 1);
    CHECK(ragged[0].message == "table row has 1 cells, the header has 2");
    CHECK(problems("## two\n").size() == 1);
    CHECK(problems("`open\n")[0].message == "unclosed `code` span");
    CHECK(problems("*open\n")[0].message == "unclosed *italic*");
    // Positions inside multi-line blocks: list continuation, note, table cell, heading.
    auto item = problems("- one\n  two **three\n");
    REQUIRE(item.size() == 1);
    CHECK(item[0].line == 2);
    CHECK(item[0].column == 7);
    auto note = problems("> 첫 줄\n> 둘째 `줄\n");
    REQUIRE(note.size() == 1);
    CHECK(note[0].line == 2);
    CHECK(note[0].column == 6);
    auto cell = problems("| a | b |\n|---|---|\n| x | *y |\n");
    REQUIRE(cell.size() == 1);
    CHECK(cell[0].line == 3);
    CHECK(cell[0].column == 7);
    auto heading = problems("### a <br> b\n");
    REQUIRE(heading.size() == 1);
    CHECK(heading[0].column == 7);
}

TEST_CASE("arbitrary bytes never crash the parser") {
    std::string text;
    const std::string_view alphabet = "*`|#>-1. \n\r```[]()<!";
    for (int i = 0; i < 2000; ++i)
        text += alphabet[static_cast<size_t>(i * 7) % alphabet.size()];
    const Document doc = parse_markdown(text);
    CHECK(doc.blocks.size() > 0);
}
