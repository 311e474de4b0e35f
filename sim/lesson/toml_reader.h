#pragma once
// Internal to sim/lesson: typed reads from a toml++ table that record a Diagnostic (with the
// node's source position) instead of failing, and flag keys the format does not know.
#include "sim/lesson/lesson_loader.h"

#include <toml++/toml.h>

#include <initializer_list>
#include <string_view>

namespace mailsim::lesson::detail {

enum class Need { Required, Optional };

class TomlReader {
public:
    TomlReader(std::string file, std::vector<Diagnostic>& diagnostics)
        : m_file(std::move(file)), m_diagnostics(diagnostics) {}

    const std::string& file() const { return m_file; }

    void report(const toml::source_region& where, std::string message);
    void report(SourcePos where, std::string message);
    static SourcePos pos(const toml::source_region& where) {
        return SourcePos{static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)};
    }

    // Keys of `table` that are not in `allowed` are reported as unknown.
    void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                   std::string_view what);

    // Readers: Need::Required reports a missing key at `table`'s own position.
    std::optional<std::string> string(const toml::table& table, std::string_view key, Need need);
    std::optional<Located> located(const toml::table& table, std::string_view key, Need need);
    std::optional<long long> integer(const toml::table& table, std::string_view key, Need need);
    Text text(const toml::table& table, std::string_view key, Need need);
    std::vector<Located> strings(const toml::table& table, std::string_view key);
    std::vector<int> indexes(const toml::table& table, std::string_view key);
    std::vector<Text> texts(const toml::table& table, std::string_view key);
    const toml::array* tables(const toml::table& table, std::string_view key);

    Text text_value(const toml::node& node, std::string_view key);

private:
    std::string m_file;
    std::vector<Diagnostic>& m_diagnostics;
};

bool is_kebab_id(std::string_view id);

} // namespace mailsim::lesson::detail
