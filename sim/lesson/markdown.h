#pragma once
// The Markdown subset the lesson player renders: `### ` headings, paragraphs with **bold**,
// *italic* and `code` spans, fenced code blocks, bullet and numbered lists, pipe tables with a
// header row, and `> ` notes. Anything else is kept as plain text and reported as a problem
// so lint can tell the author (the app never has to guess how to draw it).
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::lesson {

enum class SpanStyle : unsigned { Plain = 0, Bold = 1, Italic = 2, Code = 4 };

inline SpanStyle operator|(SpanStyle a, SpanStyle b) {
    return static_cast<SpanStyle>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
inline bool has_style(SpanStyle style, SpanStyle flag) {
    return (static_cast<unsigned>(style) & static_cast<unsigned>(flag)) != 0;
}

struct Span {
    std::string text;
    SpanStyle style = SpanStyle::Plain;
    bool operator==(const Span&) const = default;
};

using Inline = std::vector<Span>;

enum class BlockKind { Heading, Paragraph, Code, BulletList, NumberedList, Table, Note };

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;                         // Heading: 3 for `### ` (4 for `#### `)
    int line = 0;                          // 1-based line of the block's first line
    Inline text;                           // Heading, Paragraph, Note
    std::string code;                      // Code: the lines between the fences, '\n'-joined
    std::string info;                      // Code: the word after the opening fence
    std::vector<Inline> items;             // BulletList, NumberedList
    std::vector<std::vector<Inline>> rows; // Table: rows[0] is the header row
};

struct MarkdownProblem {
    int line = 0; // 1-based, relative to the text given to parse_markdown plus first_line - 1
    int column = 0;
    std::string message;
};

struct Document {
    std::vector<Block> blocks;
    std::vector<MarkdownProblem> problems;
};

// Parses `text`; line numbers in blocks and problems start at `first_line` (so a step body
// cut from a larger file reports positions in that file).
Document parse_markdown(std::string_view text, int first_line = 1);

// Inline spans of one line of text (exposed for headings and tests).
Inline parse_inline(std::string_view text, int line, std::vector<MarkdownProblem>* problems);

// The plain text of spans, styles dropped (search, handout export, tests).
std::string plain_text(const Inline& spans);

} // namespace mailsim::lesson
