#include "sim/store/flags.h"

#include "sim/core/bytes.h"

#include <algorithm>

namespace mailsim::store {

std::string_view system_flag_name(SystemFlag flag) {
    switch (flag) {
    case SystemFlag::Seen:
        return "\\Seen";
    case SystemFlag::Answered:
        return "\\Answered";
    case SystemFlag::Flagged:
        return "\\Flagged";
    case SystemFlag::Deleted:
        return "\\Deleted";
    case SystemFlag::Draft:
        return "\\Draft";
    case SystemFlag::Recent:
        return "\\Recent";
    }
    return "";
}

std::optional<SystemFlag> system_flag_from_name(std::string_view name) {
    for (auto flag : kAllSystemFlags)
        if (equals_ci(name, system_flag_name(flag)))
            return flag;
    return std::nullopt;
}

namespace {

// Position of `keyword` in the sorted list (by lower-case), and whether it is there.
std::pair<std::vector<std::string>::const_iterator, bool>
locate(const std::vector<std::string>& keywords, std::string_view keyword) {
    const std::string key = to_lower_ascii(keyword);
    auto it = std::lower_bound(keywords.begin(), keywords.end(), key,
                               [](const std::string& element, const std::string& k) {
                                   return to_lower_ascii(element) < k;
                               });
    const bool found = it != keywords.end() && equals_ci(*it, keyword);
    return {it, found};
}

} // namespace

bool Flags::has_keyword(std::string_view keyword) const {
    return locate(m_keywords, keyword).second;
}

void Flags::add_keyword(std::string_view keyword) {
    if (keyword.empty())
        return;
    auto [it, found] = locate(m_keywords, keyword);
    if (!found)
        m_keywords.insert(it, std::string(keyword));
}

void Flags::remove_keyword(std::string_view keyword) {
    auto [it, found] = locate(m_keywords, keyword);
    if (found)
        m_keywords.erase(it);
}

bool Flags::add_by_name(std::string_view name) {
    if (auto flag = system_flag_from_name(name)) {
        set(*flag);
        return true;
    }
    if (!name.empty() && name.front() == '\\')
        return false;
    add_keyword(name);
    return true;
}

void Flags::add_all(const Flags& other) {
    m_bits |= other.m_bits;
    for (const auto& keyword : other.m_keywords)
        add_keyword(keyword);
}

void Flags::remove_all(const Flags& other) {
    m_bits &= static_cast<std::uint8_t>(~other.m_bits);
    for (const auto& keyword : other.m_keywords)
        remove_keyword(keyword);
}

std::string Flags::to_string() const {
    std::string out;
    for (auto flag : kAllSystemFlags) {
        if (!has(flag))
            continue;
        if (!out.empty())
            out += ' ';
        out += system_flag_name(flag);
    }
    for (const auto& keyword : m_keywords) {
        if (!out.empty())
            out += ' ';
        out += keyword;
    }
    return out;
}

bool operator==(const Flags& a, const Flags& b) {
    if (a.m_bits != b.m_bits || a.m_keywords.size() != b.m_keywords.size())
        return false;
    for (size_t i = 0; i < a.m_keywords.size(); ++i)
        if (!equals_ci(a.m_keywords[i], b.m_keywords[i]))
            return false;
    return true;
}

} // namespace mailsim::store
