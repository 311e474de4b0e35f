#pragma once
// Every UI string comes from here: keys to Korean and English texts, loaded from
// lessons/i18n/*.toml (one entry per key with both languages, so none can be forgotten).
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mailsim::ui {

enum class Language { Korean, English };

const char* language_code(Language language); // "ko" / "en"
Language language_from_code(const std::string& code, Language fallback);

class Strings {
public:
    // Adds every entry of one TOML file; returns error lines ("file:line:col: message").
    std::vector<std::string> load_toml(const std::string& file_name, const std::string& text);

    void set_language(Language language) { m_language = language; }
    Language language() const { return m_language; }

    // The text for the current language. An unknown key returns the key itself (visible in
    // the UI and recorded in missing(), which a test keeps empty).
    const char* get(const std::string& key) const;
    const char* get(const std::string& key, Language language) const;
    bool has(const std::string& key) const { return m_entries.count(key) != 0; }
    const std::set<std::string>& missing() const { return m_missing; }
    std::vector<std::string> keys() const;
    // Keys that lack one of the two languages.
    std::vector<std::string> incomplete() const;

private:
    struct Entry {
        std::string korean;
        std::string english;
    };
    std::map<std::string, Entry> m_entries;
    Language m_language = Language::Korean;
    mutable std::set<std::string> m_missing;
};

} // namespace mailsim::ui
