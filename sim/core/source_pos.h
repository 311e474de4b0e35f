#pragma once
// Where something was written in a data file (scenario, lesson, quiz), so an error can point
// at it: file:line:col.
#include <string>

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

} // namespace mailsim
