#pragma once
// `{panel.topology}` in lesson prose: a key of the UI string table (lessons/i18n/ui.toml),
// replaced when the text is shown by what that key says in the learner's language. Lessons
// name panels and buttons this way so the text always matches the title on the screen.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::lesson {

struct Placeholder {
    std::string key;    // "panel.topology"
    std::size_t offset; // of the opening brace
    std::size_t length; // braces included
};

// Every `{key.name}` in the text (a dotted lower-case key; `{#step-id}` is not one).
std::vector<Placeholder> find_placeholders(std::string_view text);

// The text with each placeholder replaced by lookup(key).
std::string expand_placeholders(std::string_view text,
                                const std::function<std::string(std::string_view)>& lookup);

} // namespace mailsim::lesson
