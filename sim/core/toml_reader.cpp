#include "sim/core/toml_reader.h"

#include <algorithm>

namespace mailsim {

namespace {

std::string quoted(std::string_view key) {
    return "'" + std::string(key) + "'";
}

} // namespace

void TomlReader::only_keys(const toml::table& table,
                           std::initializer_list<std::string_view> allowed, std::string_view what) {
    for (auto&& [key, value] : table) {
        if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end())
            continue;
        std::string list;
        for (auto name : allowed)
            list += (list.empty() ? "" : ", ") + std::string(name);
        report(key.source(), "unknown key " + quoted(key.str()) + " in " + std::string(what) +
                                 " (known: " + list + ")");
    }
}

const toml::node* TomlReader::find(const toml::table& table, std::string_view key, Need need) {
    const toml::node* node = table.get(key);
    if (!node && need == Need::Required)
        report(table.source(), "missing " + quoted(key));
    return node;
}

std::optional<std::string> TomlReader::string(const toml::table& table, std::string_view key,
                                              Need need) {
    auto located_value = located(table, key, need);
    if (!located_value)
        return std::nullopt;
    return std::move(located_value->text);
}

std::optional<Located> TomlReader::located(const toml::table& table, std::string_view key,
                                           Need need) {
    const toml::node* node = find(table, key, need);
    if (!node)
        return std::nullopt;
    const auto* value = node->as_string();
    if (!value) {
        report(node->source(), quoted(key) + " must be a string");
        return std::nullopt;
    }
    return Located{value->get(), pos(node->source())};
}

std::optional<long long> TomlReader::integer(const toml::table& table, std::string_view key,
                                             Need need) {
    const toml::node* node = find(table, key, need);
    if (!node)
        return std::nullopt;
    const auto* value = node->as_integer();
    if (!value) {
        report(node->source(), quoted(key) + " must be a whole number");
        return std::nullopt;
    }
    return value->get();
}

std::optional<double> TomlReader::number(const toml::table& table, std::string_view key, double low,
                                         double high) {
    const toml::node* node = table.get(key);
    if (!node)
        return std::nullopt;
    const auto value = node->value<double>();
    if (!value) {
        report(node->source(), quoted(key) + " must be a number");
        return std::nullopt;
    }
    if (*value < low || *value > high) {
        report(node->source(), quoted(key) + " out of range");
        return std::nullopt;
    }
    return value;
}

std::optional<bool> TomlReader::boolean(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (!node)
        return std::nullopt;
    if (const auto* value = node->as_boolean())
        return value->get();
    report(node->source(), quoted(key) + " must be true or false");
    return std::nullopt;
}

std::vector<Located> TomlReader::strings(const toml::table& table, std::string_view key) {
    std::vector<Located> out;
    const toml::node* node = table.get(key);
    if (!node)
        return out;
    if (const auto* single = node->as_string())
        return {Located{single->get(), pos(node->source())}};
    const auto* array = node->as_array();
    if (!array) {
        report(node->source(), quoted(key) + " must be an array of strings");
        return out;
    }
    for (const auto& element : *array) {
        if (!element.is_string()) {
            report(element.source(), quoted(key) + " holds only strings");
            continue;
        }
        out.push_back(Located{element.as_string()->get(), pos(element.source())});
    }
    return out;
}

const toml::array* TomlReader::tables(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (!node)
        return nullptr;
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
        report(node->source(),
               quoted(key) + " must be written as [[" + std::string(key) + "]] tables");
        return nullptr;
    }
    return array;
}

} // namespace mailsim
