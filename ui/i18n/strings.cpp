#include "strings.h"

#include <toml++/toml.h>

namespace mailsim::ui {

const char* language_code(Language language) {
    return language == Language::Korean ? "ko" : "en";
}

Language language_from_code(const std::string& code, Language fallback) {
    if (code == "ko")
        return Language::Korean;
    if (code == "en")
        return Language::English;
    return fallback;
}

std::vector<std::string> Strings::load_toml(const std::string& file_name, const std::string& text) {
    std::vector<std::string> errors;
    auto position = [&](const toml::source_region& where) {
        return file_name + ":" + std::to_string(where.begin.line) + ":" +
               std::to_string(where.begin.column) + ": ";
    };
    toml::parse_result parsed = toml::parse(text, file_name);
    if (!parsed) {
        const auto& error = parsed.error();
        errors.push_back(position(error.source()) + std::string(error.description()));
        return errors;
    }
    for (const auto& [key, node] : parsed.table()) {
        const auto* entry = node.as_table();
        if (!entry) {
            errors.push_back(position(node.source()) + "'" + std::string(key.str()) +
                             "' must be a table { en = \"...\", ko = \"...\" }");
            continue;
        }
        Entry value;
        if (auto ko = (*entry)["ko"].value<std::string>())
            value.korean = *ko;
        if (auto en = (*entry)["en"].value<std::string>())
            value.english = *en;
        if (value.korean.empty() || value.english.empty())
            errors.push_back(position(node.source()) + "'" + std::string(key.str()) +
                             "' needs both ko and en texts");
        m_entries[std::string(key.str())] = std::move(value);
    }
    return errors;
}

const char* Strings::get(const std::string& key) const {
    return get(key, m_language);
}

const char* Strings::get(const std::string& key, Language language) const {
    auto found = m_entries.find(key);
    if (found == m_entries.end()) {
        m_missing.insert(key);
        return m_missing.find(key)->c_str();
    }
    const std::string& text =
        language == Language::Korean ? found->second.korean : found->second.english;
    if (text.empty())
        return language == Language::Korean ? found->second.english.c_str()
                                            : found->second.korean.c_str();
    return text.c_str();
}

std::vector<std::string> Strings::keys() const {
    std::vector<std::string> out;
    for (const auto& [key, _] : m_entries)
        out.push_back(key);
    return out;
}

std::vector<std::string> Strings::incomplete() const {
    std::vector<std::string> out;
    for (const auto& [key, entry] : m_entries)
        if (entry.korean.empty() || entry.english.empty())
            out.push_back(key);
    return out;
}

} // namespace mailsim::ui
