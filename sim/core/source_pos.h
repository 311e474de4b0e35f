#pragma once
// Where something was written in a data file (scenario, lesson, quiz), so an error can point
// at it: file:line:col.
#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim {

// 1-based position in a source file; 0 = unknown.
struct SourcePos {
    int line = 0;
    int column = 0;
};

// A string from a data file together with where it was written, so lint can point at it.
struct Located {
    std::string text;
    SourcePos pos;
};

// The 1-based column of byte `offset` in `line`, counted in characters (a UTF-8 sequence is
// one), so a Korean line points at the right place in an editor.
constexpr int column_of(std::string_view line, std::size_t offset) {
    int column = 1;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80)
            ++column;
    return column;
}

// Where byte `offset` of a whole file's `text` is: its line, and its column as column_of counts.
constexpr SourcePos position_of(std::string_view text, std::size_t offset) {
    SourcePos pos{1, 1};
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    pos.column = column_of(text.substr(line_start), offset - line_start);
    return pos;
}

} // namespace mailsim
