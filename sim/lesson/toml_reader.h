#pragma once
// Internal to sim/lesson: the one TOML reader (sim/core/toml_reader.h) recording Diagnostics
// with the file name, plus the reads only lessons and quizzes have ({ ko, en } texts, indexes).
#include "sim/core/toml_reader.h"
#include "sim/lesson/lesson_loader.h"

#include <string_view>

namespace mailsim::lesson::detail {

using mailsim::Need;

class TomlReader : public mailsim::TomlReader {
public:
    TomlReader(std::string file, std::vector<Diagnostic>& diagnostics)
        : mailsim::TomlReader([this](SourcePos where, std::string message) {
              m_diagnostics.push_back(
                  Diagnostic{m_file, where.line, where.column, std::move(message)});
          }),
          m_file(std::move(file)), m_diagnostics(diagnostics) {}
    TomlReader(const TomlReader&) = delete;
    TomlReader& operator=(const TomlReader&) = delete;

    const std::string& file() const { return m_file; }

    Text text(const toml::table& table, std::string_view key, Need need);
    // A text the app draws as the lessons' Markdown (a task, a quiz prompt): its Markdown
    // mistakes (an unclosed `code` span or **bold**) are reported at the string.
    Text markdown_text(const toml::table& table, std::string_view key, Need need);
    std::vector<int> indexes(const toml::table& table, std::string_view key);
    std::vector<Text> texts(const toml::table& table, std::string_view key);
    Text text_value(const toml::node& node, std::string_view key);

private:
    std::string m_file;
    std::vector<Diagnostic>& m_diagnostics;
};

bool is_kebab_id(std::string_view id);

} // namespace mailsim::lesson::detail
