#pragma once
// Typed reads from a toml++ table for every data file of sim/ (scenarios, lessons, quizzes).
// A read that fails reports a problem with the node's position to the caller's sink and
// gives no value, so a loader goes on and can name every problem (lessons) or keep the first
// (scenarios); keys a format does not know are problems too, so a typo never passes silently.
#include "sim/core/source_pos.h"

// toml++ 3.3 asserts (aborts) on a few malformed inputs such as a line that is only "=" before
// it reports the parse error; a broken data file must give file:line:col, never abort. The
// same definition in every translation unit that includes toml++ (this header is the one way
// in), so the header-only library's inline functions agree.
#ifndef TOML_ASSERT
#define TOML_ASSERT(expr) static_cast<void>(0)
#endif
#include <toml++/toml.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim {

enum class Need { Required, Optional };

class TomlReader {
public:
    using Sink = std::function<void(SourcePos, std::string)>;

    explicit TomlReader(Sink sink) : m_sink(std::move(sink)) {}

    static SourcePos pos(const toml::source_region& where) {
        return SourcePos{static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)};
    }
    void report(SourcePos where, std::string message) { m_sink(where, std::move(message)); }
    void report(const toml::source_region& where, std::string message) {
        report(pos(where), std::move(message));
    }

    // Keys of `table` that are not in `allowed` are reported as unknown.
    void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                   std::string_view what);

    // Need::Required reports a missing key at `table`'s own position.
    std::optional<std::string> string(const toml::table& table, std::string_view key, Need need);
    std::optional<Located> located(const toml::table& table, std::string_view key, Need need);
    std::optional<long long> integer(const toml::table& table, std::string_view key, Need need);
    // Any number, integer or not, within [low, high].
    std::optional<double> number(const toml::table& table, std::string_view key, double low,
                                 double high);
    std::optional<bool> boolean(const toml::table& table, std::string_view key);
    // An array of strings (a single string counts as an array of one).
    std::vector<Located> strings(const toml::table& table, std::string_view key);
    // [[key]] tables; nullptr (reported) when `key` holds anything else, nullptr when absent.
    const toml::array* tables(const toml::table& table, std::string_view key);

protected:
    // `key`'s node; a missing one is reported when it is required.
    const toml::node* find(const toml::table& table, std::string_view key, Need need);

private:
    Sink m_sink;
};

} // namespace mailsim
