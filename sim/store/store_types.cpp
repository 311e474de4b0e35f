#include "sim/store/store_types.h"

#include "sim/core/bytes.h"

#include <algorithm>
#include <utility>

namespace mailsim::store {

std::string_view to_string(StoreError error) {
    switch (error) {
    case StoreError::NoSuchUser:
        return "no such user";
    case StoreError::UserExists:
        return "user exists";
    case StoreError::NoSuchFolder:
        return "no such folder";
    case StoreError::FolderExists:
        return "folder exists";
    case StoreError::BadFolderName:
        return "bad folder name";
    case StoreError::InboxIsPermanent:
        return "INBOX cannot be deleted";
    case StoreError::NoSuchMessage:
        return "no such message";
    case StoreError::OverQuota:
        return "over quota";
    case StoreError::Locked:
        return "maildrop locked";
    case StoreError::StorageFull:
        return "not enough disk space";
    case StoreError::BadChange:
        return "change does not fit the store";
    }
    return "unknown";
}

const Message* Folder::find(Uid uid) const {
    auto it = std::lower_bound(m_messages.begin(), m_messages.end(), uid,
                               [](const Message& m, Uid u) { return m.uid < u; });
    return it != m_messages.end() && it->uid == uid ? &*it : nullptr;
}

Message* Folder::find_mutable(Uid uid) {
    return const_cast<Message*>(std::as_const(*this).find(uid));
}

const Message* Folder::find_id(MessageId id) const {
    for (const auto& message : m_messages)
        if (message.id == id)
            return &message;
    return nullptr;
}

std::size_t Folder::count_with(SystemFlag flag) const {
    return static_cast<std::size_t>(
        std::count_if(m_messages.begin(), m_messages.end(),
                      [flag](const Message& m) { return m.flags.has(flag); }));
}

std::size_t Folder::count_without(SystemFlag flag) const {
    return m_messages.size() - count_with(flag);
}

bool Folder::has_keyword(std::string_view keyword) const {
    return std::any_of(m_keywords.begin(), m_keywords.end(),
                       [&](const std::string& known) { return equals_ci(known, keyword); });
}

void Folder::note_keywords(const Flags& flags) {
    for (const auto& keyword : flags.keywords())
        if (!has_keyword(keyword))
            m_keywords.push_back(keyword);
}

std::uint64_t Folder::total_bytes() const {
    std::uint64_t total = 0;
    for (const auto& message : m_messages)
        total += message.size();
    return total;
}

const Folder* Mailbox::folder(std::string_view name) const {
    auto it = m_folders.find(canonical_folder_name(name));
    return it == m_folders.end() ? nullptr : &it->second;
}

Folder* Mailbox::folder_mutable(std::string_view name) {
    return const_cast<Folder*>(std::as_const(*this).folder(name));
}

std::uint64_t Mailbox::used_bytes() const {
    std::uint64_t total = 0;
    for (const auto& [name, folder] : m_folders)
        total += folder.total_bytes();
    return total;
}

std::uint64_t Mailbox::used_messages() const {
    std::uint64_t total = 0;
    for (const auto& [name, folder] : m_folders)
        total += folder.messages().size();
    return total;
}

std::string canonical_folder_name(std::string_view name) {
    if (equals_ci(name, kInbox))
        return std::string(kInbox);
    // "inbox/sub": the INBOX level is case-insensitive too, so children stay under it.
    if (name.size() > kInbox.size() && name[kInbox.size()] == kHierarchySeparator &&
        starts_with_ci(name, kInbox))
        return std::string(kInbox) + std::string(name.substr(kInbox.size()));
    return std::string(name);
}

bool is_valid_folder_name(std::string_view name) {
    if (name.empty() || name.size() > 255)
        return false;
    if (name.front() == kHierarchySeparator || name.back() == kHierarchySeparator)
        return false;
    char previous = 0;
    for (char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f)
            return false;
        if (c == kHierarchySeparator && previous == kHierarchySeparator)
            return false;
        previous = c;
    }
    return true;
}

} // namespace mailsim::store
