#include "sim/lesson/toml_reader.h"

#include <algorithm>

namespace mailsim::lesson::detail {

bool is_kebab_id(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-')
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

void TomlReader::report(const toml::source_region& where, std::string message) {
    report(pos(where), std::move(message));
}

void TomlReader::report(SourcePos where, std::string message) {
    m_diagnostics.push_back(Diagnostic{m_file, where.line, where.column, std::move(message)});
}

void TomlReader::only_keys(const toml::table& table,
                           std::initializer_list<std::string_view> allowed, std::string_view what) {
    for (auto&& [key, value] : table) {
        if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end())
            continue;
        std::string list;
        for (auto name : allowed)
            list += (list.empty() ? "" : ", ") + std::string(name);
        report(key.source(), "unknown key '" + std::string(key.str()) + "' in " +
                                 std::string(what) + " (known: " + list + ")");
    }
}

std::optional<std::string> TomlReader::string(const toml::table& table, std::string_view key,
                                              Need need) {
    auto located_value = located(table, key, need);
    if (!located_value)
        return std::nullopt;
    return located_value->text;
}

std::optional<Located> TomlReader::located(const toml::table& table, std::string_view key,
                                           Need need) {
    const toml::node* node = table.get(key);
    if (!node) {
        if (need == Need::Required)
            report(table.source(), "missing '" + std::string(key) + "'");
        return std::nullopt;
    }
    const auto* value = node->as_string();
    if (!value) {
        report(node->source(), "'" + std::string(key) + "' must be a string");
        return std::nullopt;
    }
    return Located{value->get(), pos(node->source())};
}

std::optional<long long> TomlReader::integer(const toml::table& table, std::string_view key,
                                             Need need) {
    const toml::node* node = table.get(key);
    if (!node) {
        if (need == Need::Required)
            report(table.source(), "missing '" + std::string(key) + "'");
        return std::nullopt;
    }
    const auto* value = node->as_integer();
    if (!value) {
        report(node->source(), "'" + std::string(key) + "' must be a whole number");
        return std::nullopt;
    }
    return value->get();
}

Text TomlReader::text_value(const toml::node& node, std::string_view key) {
    Text text;
    const auto* table = node.as_table();
    if (!table) {
        report(node.source(), "'" + std::string(key) + "' must be { ko = \"...\", en = \"...\" }");
        return text;
    }
    only_keys(*table, {"ko", "en"}, std::string(key));
    for (auto [language, target] : {std::pair{"ko", &text.ko}, std::pair{"en", &text.en}}) {
        const toml::node* value = table->get(language);
        if (!value) {
            report(node.source(), "'" + std::string(key) + "' has no '" + language + "' text");
            continue;
        }
        if (!value->is_string()) {
            report(value->source(), "'" + std::string(key) + "." + language + "' must be a string");
            continue;
        }
        *target = value->as_string()->get();
        if (std::all_of(target->begin(), target->end(),
                        [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }))
            report(value->source(), "'" + std::string(key) + "." + language + "' is empty");
    }
    return text;
}

Text TomlReader::text(const toml::table& table, std::string_view key, Need need) {
    const toml::node* node = table.get(key);
    if (!node) {
        if (need == Need::Required)
            report(table.source(), "missing '" + std::string(key) + "'");
        return Text{};
    }
    return text_value(*node, key);
}

std::vector<Located> TomlReader::strings(const toml::table& table, std::string_view key) {
    std::vector<Located> out;
    const toml::node* node = table.get(key);
    if (!node)
        return out;
    const auto* array = node->as_array();
    if (!array) {
        report(node->source(), "'" + std::string(key) + "' must be an array of strings");
        return out;
    }
    for (const auto& element : *array) {
        if (!element.is_string()) {
            report(element.source(), "'" + std::string(key) + "' holds only strings");
            continue;
        }
        out.push_back(Located{element.as_string()->get(), pos(element.source())});
    }
    return out;
}

std::vector<int> TomlReader::indexes(const toml::table& table, std::string_view key) {
    std::vector<int> out;
    const toml::node* node = table.get(key);
    if (!node)
        return out;
    const auto* array = node->as_array();
    if (!array) {
        report(node->source(), "'" + std::string(key) + "' must be an array of indexes");
        return out;
    }
    for (const auto& element : *array) {
        const auto* value = element.as_integer();
        if (!value || value->get() < 0 || value->get() > 1000) {
            report(element.source(), "'" + std::string(key) + "' holds indexes (0, 1, 2, ...)");
            continue;
        }
        out.push_back(static_cast<int>(value->get()));
    }
    return out;
}

std::vector<Text> TomlReader::texts(const toml::table& table, std::string_view key) {
    std::vector<Text> out;
    const toml::node* node = table.get(key);
    if (!node)
        return out;
    const auto* array = node->as_array();
    if (!array) {
        report(node->source(), "'" + std::string(key) + "' must be an array of { ko, en }");
        return out;
    }
    for (const auto& element : *array)
        out.push_back(text_value(element, key));
    return out;
}

const toml::array* TomlReader::tables(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (!node)
        return nullptr;
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
        report(node->source(),
               "'" + std::string(key) + "' must be written as [[" + std::string(key) + "]] tables");
        return nullptr;
    }
    return array;
}

} // namespace mailsim::lesson::detail
