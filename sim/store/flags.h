#pragma once
// Message flags as IMAP defines them (RFC 3501 §2.3.2): six system flags plus free keywords.
// POP3 has no flags of its own but marks what it retrieved as \Seen, so both protocols share
// this one type.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::store {

enum class SystemFlag : std::uint8_t {
    Seen = 1 << 0,
    Answered = 1 << 1,
    Flagged = 1 << 2,
    Deleted = 1 << 3,
    Draft = 1 << 4,
    Recent = 1 << 5,
};

inline constexpr SystemFlag kAllSystemFlags[] = {SystemFlag::Seen,    SystemFlag::Answered,
                                                 SystemFlag::Flagged, SystemFlag::Deleted,
                                                 SystemFlag::Draft,   SystemFlag::Recent};

// "\Seen", "\Answered", ... (the IMAP spelling, backslash included).
std::string_view system_flag_name(SystemFlag flag);
// Case-insensitive inverse of system_flag_name; nullopt for keywords and unknown \names.
std::optional<SystemFlag> system_flag_from_name(std::string_view name);

class Flags {
public:
    Flags() = default;
    Flags(std::initializer_list<SystemFlag> flags) {
        for (auto flag : flags)
            set(flag);
    }

    bool has(SystemFlag flag) const { return (m_bits & static_cast<std::uint8_t>(flag)) != 0; }
    void set(SystemFlag flag) { m_bits |= static_cast<std::uint8_t>(flag); }
    void clear(SystemFlag flag) {
        m_bits &= static_cast<std::uint8_t>(~static_cast<unsigned>(flag));
    }
    std::uint8_t system_bits() const { return m_bits; }

    // Keywords compare case-insensitively (IMAP flag names are atoms a client may re-case);
    // the first spelling seen is kept. The list stays sorted by lower-cased name, so the order
    // never depends on insertion history.
    bool has_keyword(std::string_view keyword) const;
    void add_keyword(std::string_view keyword);
    void remove_keyword(std::string_view keyword);
    const std::vector<std::string>& keywords() const { return m_keywords; }

    // Adds a flag given by name: "\Seen" sets a system flag, anything else is a keyword.
    // Returns false for an unknown backslash name (IMAP answers BAD for those).
    bool add_by_name(std::string_view name);

    // STORE +FLAGS / -FLAGS.
    void add_all(const Flags& other);
    void remove_all(const Flags& other);

    bool empty() const { return m_bits == 0 && m_keywords.empty(); }

    // "\Seen \Flagged $Label1": system flags in a fixed order, then keywords.
    std::string to_string() const;

    friend bool operator==(const Flags& a, const Flags& b);

private:
    std::uint8_t m_bits = 0;
    std::vector<std::string> m_keywords;
};

} // namespace mailsim::store
