#include "sim/lesson/toml_reader.h"

#include "sim/lesson/markdown.h"

#include <algorithm>

namespace mailsim::lesson::detail {

bool is_kebab_id(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-')
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
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
    const toml::node* node = find(table, key, need);
    return node ? text_value(*node, key) : Text{};
}

Text TomlReader::markdown_text(const toml::table& table, std::string_view key, Need need) {
    Text text = this->text(table, key, need);
    const toml::table* languages = table.get(key) ? table.get(key)->as_table() : nullptr;
    if (!languages)
        return text;
    for (auto [language, value] : {std::pair{"ko", &text.ko}, std::pair{"en", &text.en}})
        if (const toml::node* node = languages->get(language))
            for (const auto& problem : parse_markdown(*value).problems)
                report(node->source(),
                       "'" + std::string(key) + "." + language + "': " + problem.message);
    return text;
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

} // namespace mailsim::lesson::detail
