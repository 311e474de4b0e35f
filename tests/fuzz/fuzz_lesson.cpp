// Lesson files are written by teachers and edited by hand: whatever the bytes, the loader,
// the Markdown parser, the spec checkers and the progress JSON reader must return problems,
// never crash, hang or recurse without bound. The first byte picks the parser.
#include "sim/lesson/lesson_loader.h"
#include "sim/lesson/lesson_syntax.h"
#include "sim/lesson/progress.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    using namespace mailsim::lesson;
    const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % 5) {
    case 0: {
        const Document doc = parse_markdown(input, 1);
        for (const auto& problem : doc.problems)
            if (problem.line < 1 || problem.column < 1)
                __builtin_trap();
        break;
    }
    case 1:
        (void)load_quiz(SourceFile{"quiz.toml", input});
        break;
    case 2: {
        // lesson.toml, lesson.ko.md and lesson.en.md separated by NUL bytes.
        const size_t a = input.find('\0');
        const size_t b = a == std::string::npos ? a : input.find('\0', a + 1);
        LessonSources sources;
        sources.toml = SourceFile{"lesson.toml", input.substr(0, a)};
        sources.markdown_ko = SourceFile{
            "lesson.ko.md", a == std::string::npos ? "" : input.substr(a + 1, b - a - 1)};
        sources.markdown_en =
            SourceFile{"lesson.en.md", b == std::string::npos ? "" : input.substr(b + 1)};
        (void)load_lesson(sources);
        break;
    }
    case 3: {
        auto progress = Progress::from_json(input);
        // Whatever parses must serialise back to text that parses to the same progress.
        if (progress.ok()) {
            auto again = Progress::from_json(progress->to_json());
            if (!again.ok() || !(*again == *progress))
                __builtin_trap();
        }
        break;
    }
    case 4:
        (void)check_event_match(input);
        (void)check_task_check(input);
        (void)check_solution_action(input);
        (void)check_highlight(input);
        break;
    }
    return 0;
}
