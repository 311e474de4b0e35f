#include "sim/lesson/markdown.h"

#include "sim/core/source_pos.h"
#include "sim/core/text_lines.h"

#include <algorithm>
#include <array>

namespace mailsim::lesson {
namespace {

bool is_html_tag_at(std::string_view text, size_t at) {
    // Only real HTML tag names count: `<CRLF>` and `<bob@hamburger.edu>` are mail notation.
    static constexpr std::array<std::string_view, 24> kTags = {
        "a",  "b",  "i",  "p",  "br", "hr", "em", "strong", "div", "span", "img", "pre",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "table",  "tr",  "td",   "sub", "sup"};
    size_t i = at + 1;
    if (i < text.size() && text[i] == '/')
        ++i;
    if (text.substr(at).starts_with("<!--"))
        return true;
    size_t end = i;
    while (end < text.size() &&
           ((text[end] >= 'a' && text[end] <= 'z') || (text[end] >= 'A' && text[end] <= 'Z') ||
            (text[end] >= '0' && text[end] <= '9')))
        ++end;
    if (end == i || end >= text.size() ||
        (text[end] != '>' && text[end] != ' ' && text[end] != '/'))
        return false;
    std::string name(text.substr(i, end - i));
    for (char& c : name)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    for (auto tag : kTags)
        if (name == tag)
            return true;
    return false;
}

void add_problem(std::vector<MarkdownProblem>* problems, int line, int column, std::string text) {
    if (problems)
        problems->push_back(MarkdownProblem{line, column, std::move(text)});
}

bool is_blank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t')
            return false;
    return true;
}

size_t leading_spaces(std::string_view line) {
    size_t n = 0;
    while (n < line.size() && line[n] == ' ')
        ++n;
    return n;
}

bool is_fence(std::string_view line) {
    return line.substr(leading_spaces(line)).starts_with("```");
}

bool is_bullet(std::string_view line) {
    return line.starts_with("- ") || line.starts_with("* ") || line == "-" || line == "*";
}

// "12. text" -> length of "12. ", or 0.
size_t numbered_prefix(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && i < 4 && line[i] >= '0' && line[i] <= '9')
        ++i;
    if (i == 0 || i + 1 >= line.size() || line[i] != '.' || line[i + 1] != ' ')
        return 0;
    return i + 2;
}

int heading_level(std::string_view line) {
    int level = 0;
    while (static_cast<size_t>(level) < line.size() && line[level] == '#')
        ++level;
    if (level == 0 || static_cast<size_t>(level) >= line.size() || line[level] != ' ')
        return 0;
    return level;
}

bool is_table_row(std::string_view line) {
    return line.starts_with("|");
}

bool is_block_start(std::string_view line) {
    return is_fence(line) || heading_level(line) > 0 || is_bullet(line) ||
           numbered_prefix(line) > 0 || is_table_row(line) || line.starts_with(">");
}

// Splits "| a | `b|c` | d |" into cells; pipes inside code spans belong to the cell.
std::vector<std::pair<std::string_view, size_t>> split_row(std::string_view line) {
    std::vector<std::pair<std::string_view, size_t>> cells;
    size_t start = line.starts_with("|") ? 1 : 0;
    bool in_code = false;
    for (size_t i = start; i <= line.size(); ++i) {
        if (i < line.size() && line[i] == '`')
            in_code = !in_code;
        const bool cut = i == line.size() || (!in_code && line[i] == '|' && line[i - 1] != '\\');
        if (!cut)
            continue;
        std::string_view cell = line.substr(start, i - start);
        size_t offset = start;
        while (!cell.empty() && cell.front() == ' ') {
            cell.remove_prefix(1);
            ++offset;
        }
        while (!cell.empty() && cell.back() == ' ')
            cell.remove_suffix(1);
        if (!(i == line.size() && cell.empty() && start == line.size()))
            cells.emplace_back(cell, offset);
        start = i + 1;
    }
    if (!cells.empty() && cells.back().first.empty() && line.ends_with("|"))
        cells.pop_back();
    return cells;
}

bool is_separator_row(std::string_view line) {
    auto cells = split_row(line);
    if (cells.empty())
        return false;
    for (auto& [cell, offset] : cells) {
        if (cell.empty())
            return false;
        for (char c : cell)
            if (c != '-' && c != ':')
                return false;
    }
    return true;
}

struct Line {
    std::string_view text;
    int number;
};

// Where each byte of a block's joined inline text came from, so a problem in the third line of
// a paragraph is reported on that line and column, not at the paragraph's start.
class TextMap {
public:
    void add(size_t joined_start, int line, std::string_view source, size_t source_offset) {
        m_segments.push_back(Segment{joined_start, line, source, source_offset});
    }
    std::pair<int, int> position(size_t offset) const {
        const Segment* segment = &m_segments.front();
        for (const auto& candidate : m_segments)
            if (candidate.joined_start <= offset)
                segment = &candidate;
        return {segment->line, column_of(segment->source,
                                         segment->source_offset + offset - segment->joined_start)};
    }

private:
    struct Segment {
        size_t joined_start;
        int line;
        std::string_view source;
        size_t source_offset;
    };
    std::vector<Segment> m_segments;
};

Inline parse_inline_mapped(std::string_view text, const TextMap& map,
                           std::vector<MarkdownProblem>* problems);

} // namespace

Inline parse_inline(std::string_view text, int line, std::vector<MarkdownProblem>* problems) {
    TextMap map;
    map.add(0, line, text, 0);
    return parse_inline_mapped(text, map, problems);
}

namespace {

Inline parse_inline_mapped(std::string_view text, const TextMap& map,
                           std::vector<MarkdownProblem>* problems) {
    auto report = [&](size_t offset, std::string message) {
        const auto [line, column] = map.position(offset);
        add_problem(problems, line, column, std::move(message));
    };
    Inline spans;
    std::string current;
    bool bold = false, italic = false;
    size_t bold_at = 0, italic_at = 0;
    auto style = [&] {
        SpanStyle s = SpanStyle::Plain;
        if (bold)
            s = s | SpanStyle::Bold;
        if (italic)
            s = s | SpanStyle::Italic;
        return s;
    };
    auto flush = [&] {
        if (current.empty())
            return;
        if (!spans.empty() && spans.back().style == style())
            spans.back().text += current;
        else
            spans.push_back(Span{current, style()});
        current.clear();
    };
    for (size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() &&
            std::string_view("\\`*_[]|#>-.!").find(text[i + 1]) != std::string_view::npos) {
            current += text[i + 1];
            i += 2;
            continue;
        }
        if (c == '`') {
            const size_t close = text.find('`', i + 1);
            if (close == std::string_view::npos) {
                report(i, "unclosed `code` span");
                current += c;
                ++i;
                continue;
            }
            flush();
            spans.push_back(
                Span{std::string(text.substr(i + 1, close - i - 1)), style() | SpanStyle::Code});
            i = close + 1;
            continue;
        }
        if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
            flush();
            bold = !bold;
            bold_at = i;
            i += 2;
            continue;
        }
        if (c == '*') {
            flush();
            italic = !italic;
            italic_at = i;
            ++i;
            continue;
        }
        if (c == '!' && i + 1 < text.size() && text[i + 1] == '[')
            report(i, "images are not supported in lessons");
        if (c == '[') {
            const size_t close = text.find(']', i);
            if (close != std::string_view::npos && close + 1 < text.size() &&
                text[close + 1] == '(')
                report(i, "links are not supported in lessons (write the address as text)");
        }
        if (c == '<' && is_html_tag_at(text, i))
            report(i, "HTML is not supported in lessons");
        current += c;
        ++i;
    }
    if (bold)
        report(bold_at, "unclosed **bold**");
    if (italic)
        report(italic_at, "unclosed *italic*");
    flush();
    return spans;
}

} // namespace

std::string plain_text(const Inline& spans) {
    std::string out;
    for (const auto& span : spans)
        out += span.text;
    return out;
}

Document parse_markdown(std::string_view text, int first_line) {
    std::vector<Line> lines;
    std::string_view line;
    for (TextLines text_lines(text); text_lines.next(line);)
        if (!(text_lines.last() && line.empty()))
            lines.push_back(Line{line, first_line + text_lines.number() - 1});

    Document doc;
    auto* problems = &doc.problems;
    size_t i = 0;
    while (i < lines.size()) {
        const Line& line = lines[i];
        std::string_view t = line.text;
        if (is_blank(t)) {
            ++i;
            continue;
        }
        Block block;
        block.line = line.number;
        if (is_fence(t)) {
            const size_t indent = leading_spaces(t);
            block.kind = BlockKind::Code;
            block.info = std::string(t.substr(indent + 3));
            size_t j = i + 1;
            bool closed = false;
            for (; j < lines.size(); ++j) {
                if (is_fence(lines[j].text)) {
                    closed = true;
                    break;
                }
                std::string_view code_line = lines[j].text;
                code_line.remove_prefix(std::min(indent, leading_spaces(code_line)));
                if (!block.code.empty() || j > i + 1)
                    block.code += '\n';
                block.code += code_line;
            }
            if (!closed)
                add_problem(problems, line.number, 1, "code block is not closed with ```");
            i = closed ? j + 1 : j;
        } else if (int level = heading_level(t); level > 0) {
            block.kind = BlockKind::Heading;
            block.level = level;
            if (level < 3)
                add_problem(problems, line.number, 1,
                            "inside a step only ### and #### headings are allowed (## starts a "
                            "new step)");
            if (level > 4)
                add_problem(problems, line.number, 1,
                            "headings deeper than #### are not supported");
            TextMap map;
            map.add(0, line.number, t, static_cast<size_t>(level) + 1);
            block.text =
                parse_inline_mapped(t.substr(static_cast<size_t>(level) + 1), map, problems);
            ++i;
        } else if (is_bullet(t) || numbered_prefix(t) > 0) {
            const bool bullets = is_bullet(t);
            block.kind = bullets ? BlockKind::BulletList : BlockKind::NumberedList;
            std::string item;
            TextMap map;
            auto end_item = [&] {
                block.items.push_back(parse_inline_mapped(item, map, problems));
                item.clear();
                map = TextMap{};
            };
            size_t j = i;
            for (; j < lines.size(); ++j) {
                std::string_view l = lines[j].text;
                if (is_blank(l))
                    break;
                const size_t prefix = bullets ? (is_bullet(l) ? std::min<size_t>(2, l.size()) : 0)
                                              : numbered_prefix(l);
                if (prefix > 0) {
                    if (j > i)
                        end_item();
                    item = std::string(l.substr(prefix));
                    map.add(0, lines[j].number, l, prefix);
                } else if (leading_spaces(l) >= 2) {
                    item += ' ';
                    map.add(item.size(), lines[j].number, l, leading_spaces(l));
                    item += l.substr(leading_spaces(l));
                } else {
                    break;
                }
            }
            end_item();
            i = j;
        } else if (is_table_row(t)) {
            block.kind = BlockKind::Table;
            size_t j = i;
            size_t width = 0;
            for (; j < lines.size() && is_table_row(lines[j].text); ++j) {
                std::string_view l = lines[j].text;
                if (j == i + 1) {
                    if (!is_separator_row(l))
                        add_problem(problems, lines[j].number, 1,
                                    "a table needs a separator row like |---|---| under its "
                                    "header");
                    continue;
                }
                std::vector<Inline> row;
                for (auto& [cell, offset] : split_row(l)) {
                    TextMap map;
                    map.add(0, lines[j].number, l, offset);
                    row.push_back(parse_inline_mapped(cell, map, problems));
                }
                if (j == i)
                    width = row.size();
                else if (row.size() != width)
                    add_problem(problems, lines[j].number, 1,
                                "table row has " + std::to_string(row.size()) +
                                    " cells, the header has " + std::to_string(width));
                block.rows.push_back(std::move(row));
            }
            if (j == i + 1)
                add_problem(problems, line.number, 1, "a table needs a header and a separator row");
            i = j;
        } else if (t.starts_with(">")) {
            block.kind = BlockKind::Note;
            std::string note;
            TextMap map;
            size_t j = i;
            for (; j < lines.size() && lines[j].text.starts_with(">"); ++j) {
                const size_t skip = lines[j].text.starts_with("> ") ? 2 : 1;
                if (!note.empty())
                    note += ' ';
                map.add(note.size(), lines[j].number, lines[j].text, skip);
                note += lines[j].text.substr(skip);
            }
            block.text = parse_inline_mapped(note, map, problems);
            i = j;
        } else {
            block.kind = BlockKind::Paragraph;
            std::string paragraph(t.substr(leading_spaces(t)));
            TextMap map;
            map.add(0, line.number, t, leading_spaces(t));
            size_t j = i + 1;
            for (; j < lines.size() && !is_blank(lines[j].text) && !is_block_start(lines[j].text);
                 ++j) {
                paragraph += ' ';
                const size_t indent = leading_spaces(lines[j].text);
                map.add(paragraph.size(), lines[j].number, lines[j].text, indent);
                paragraph += lines[j].text.substr(indent);
            }
            block.text = parse_inline_mapped(paragraph, map, problems);
            i = j;
        }
        doc.blocks.push_back(std::move(block));
    }
    return doc;
}

} // namespace mailsim::lesson
