#pragma once
// A small JSON value with a writer and a bounded parser, enough for saved progress. sim/ has
// no nlohmann/json (the dependency rule), and the progress model and its tests live here.
#include "sim/core/result.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::lesson {

class JsonValue {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    JsonValue() = default;
    static JsonValue boolean(bool value);
    static JsonValue number(double value);
    static JsonValue string(std::string value);
    static JsonValue array();
    static JsonValue object();

    Kind kind() const { return m_kind; }
    bool is(Kind kind) const { return m_kind == kind; }
    bool as_bool() const { return m_bool; }
    double as_number() const { return m_number; }
    const std::string& as_string() const { return m_string; }
    const std::vector<JsonValue>& items() const { return m_items; }
    // Objects keep keys sorted, so the same progress always serialises to the same text.
    const std::map<std::string, JsonValue>& members() const { return m_members; }

    void push(JsonValue value) { m_items.push_back(std::move(value)); }
    void set(const std::string& key, JsonValue value) { m_members[key] = std::move(value); }
    const JsonValue* find(std::string_view key) const;

    std::string dump() const;

private:
    void dump_to(std::string& out) const;

    Kind m_kind = Kind::Null;
    bool m_bool = false;
    double m_number = 0;
    std::string m_string;
    std::vector<JsonValue> m_items;
    std::map<std::string, JsonValue> m_members;
};

// Errors carry line and column; nesting deeper than 64 is refused (no unbounded recursion).
Result<JsonValue> parse_json(std::string_view text);

} // namespace mailsim::lesson
