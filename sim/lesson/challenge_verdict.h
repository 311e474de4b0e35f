#pragma once
// What the "check" of a challenge found: per check whether it holds, and the world's own
// evidence of what still goes wrong. Plain values (the UI keeps the last verdict).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::lesson {

struct CheckResult {
    std::string check; // the check as written in lesson.toml
    bool holds = false;
    std::string error; // why it could not be judged (empty normally)
};

// One thing the world shows that explains a failure, newest first.
struct Evidence {
    enum class Kind { Bounce, ErrorReply, GaveUp, StillQueued, Fault };
    Kind kind = Kind::ErrorReply;
    std::string host; // where it happened (the server that answered, the queue's MTA)
    std::string text; // the world's own words: the reply line, the bounce reason, last error
    std::optional<std::size_t> event; // trace index to jump to, when it is one event
};

struct Verdict {
    bool solved = false;
    std::vector<CheckResult> checks;
    std::vector<Evidence> evidence; // empty when solved
};

std::string_view to_string(Evidence::Kind kind);

} // namespace mailsim::lesson
