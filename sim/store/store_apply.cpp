// Store::apply: the one place where a Change takes effect, whether it was just made by a
// store operation or read back from a change log. Everything a change needs (ids, UIDs,
// UIDVALIDITY) is inside it, so replaying a log gives the same store bit for bit.
#include "sim/store/store.h"

#include "sim/core/overloaded.h"

#include <algorithm>
#include <type_traits>

namespace mailsim::store {

namespace {

bool is_below(const std::string& name, const std::string& parent) {
    return name.size() > parent.size() && name.compare(0, parent.size(), parent) == 0 &&
           name[parent.size()] == kHierarchySeparator;
}

// Counters must be able to go one further: a value at the top of its range (only a corrupt
// log can hold one) would wrap the next id, UID or UIDVALIDITY around to 0.
constexpr std::uint32_t kMaxUidValidity = UINT32_MAX - 1;
constexpr Uid kMaxUid = UINT32_MAX - 1;
constexpr MessageId kMaxMessageId = UINT64_MAX - 1;

bool usable_uid_validity(std::uint32_t value) {
    return value != 0 && value <= kMaxUidValidity;
}

} // namespace

StoreStatus Store::apply(const Change& change) {
    auto bump_uid_validity = [this](std::uint32_t used) {
        m_next_uid_validity = std::max(m_next_uid_validity, used + 1);
    };
    return std::visit(
        Overloaded{
            [&](const UserAdded& c) -> StoreStatus {
                const std::string key = to_lower_ascii(c.account.login);
                if (key.empty() || m_mailboxes.count(key) ||
                    !usable_uid_validity(c.inbox_uid_validity))
                    return StoreError::BadChange;
                Mailbox box(c.account);
                box.m_folders.emplace(std::string(kInbox),
                                      Folder(std::string(kInbox), c.inbox_uid_validity));
                m_mailboxes.emplace(key, std::move(box));
                bump_uid_validity(c.inbox_uid_validity);
                return Done{};
            },
            [&](const QuotaChanged& c) -> StoreStatus {
                Mailbox* box = mailbox_mutable(c.login);
                if (!box)
                    return StoreError::BadChange;
                box->m_account.quota = c.quota;
                return Done{};
            },
            [&](const FolderCreated& c) -> StoreStatus {
                Mailbox* box = mailbox_mutable(c.login);
                const std::string name = canonical_folder_name(c.folder);
                if (!box || !is_valid_folder_name(name) || box->folder(name) ||
                    !usable_uid_validity(c.uid_validity))
                    return StoreError::BadChange;
                box->m_folders.emplace(name, Folder(name, c.uid_validity));
                bump_uid_validity(c.uid_validity);
                return Done{};
            },
            [&](const FolderDeleted& c) -> StoreStatus {
                Mailbox* box = mailbox_mutable(c.login);
                const std::string name = canonical_folder_name(c.folder);
                if (!box || name == kInbox || !box->m_folders.erase(name))
                    return StoreError::BadChange;
                return Done{};
            },
            [&](const FolderRenamed& c) -> StoreStatus {
                Mailbox* box = mailbox_mutable(c.login);
                const std::string from = canonical_folder_name(c.from);
                const std::string to = canonical_folder_name(c.to);
                if (!box || !box->folder(from) || box->folder(to) ||
                    !usable_uid_validity(c.uid_validity) || !is_valid_folder_name(to))
                    return StoreError::BadChange;
                if (from == kInbox) {
                    Folder& inbox = box->m_folders.at(std::string(kInbox));
                    Folder moved(to, c.uid_validity);
                    moved.m_messages = std::move(inbox.m_messages);
                    moved.m_uid_next = inbox.m_uid_next;
                    moved.m_keywords = std::move(inbox.m_keywords);
                    inbox.m_messages.clear();
                    inbox.m_keywords.clear();
                    box->m_folders.emplace(to, std::move(moved));
                    bump_uid_validity(c.uid_validity);
                    return Done{};
                }
                std::vector<std::string> names; // map order: deterministic UIDVALIDITY order
                for (const auto& [name, folder] : box->m_folders)
                    if (name == from || is_below(name, from))
                        names.push_back(name);
                for (const auto& name : names)
                    if (box->folder(to + name.substr(from.size())))
                        return StoreError::BadChange;
                if (std::uint64_t{c.uid_validity} + names.size() - 1 > kMaxUidValidity)
                    return StoreError::BadChange;
                std::uint32_t uid_validity = c.uid_validity;
                for (const auto& name : names) {
                    auto node = box->m_folders.extract(name);
                    Folder& folder = node.mapped();
                    const std::string new_name = to + name.substr(from.size());
                    folder.m_name = new_name;
                    folder.m_uid_validity = uid_validity;
                    bump_uid_validity(uid_validity);
                    ++uid_validity;
                    node.key() = new_name;
                    box->m_folders.insert(std::move(node));
                }
                return Done{};
            },
            [&](const SubscriptionChanged& c) -> StoreStatus {
                Mailbox* box = mailbox_mutable(c.login);
                if (!box || !is_valid_folder_name(c.folder))
                    return StoreError::BadChange;
                const std::string name = canonical_folder_name(c.folder);
                if (c.state == Subscription::Subscribed)
                    box->m_subscriptions.insert(name);
                else
                    box->m_subscriptions.erase(name);
                return Done{};
            },
            [&](const MessageAdded& c) -> StoreStatus {
                Folder* folder = folder_mutable(c.login, c.folder);
                if (!folder || !c.message.raw || c.message.uid < folder->m_uid_next ||
                    c.message.id == 0 || c.message.uid > kMaxUid || c.message.id > kMaxMessageId)
                    return StoreError::BadChange;
                folder->m_messages.push_back(c.message);
                folder->note_keywords(c.message.flags);
                folder->m_uid_next = c.message.uid + 1;
                m_next_message_id = std::max(m_next_message_id, c.message.id + 1);
                return Done{};
            },
            [&](const MessageRemoved& c) -> StoreStatus {
                Folder* folder = folder_mutable(c.login, c.folder);
                if (!folder)
                    return StoreError::BadChange;
                auto& messages = folder->m_messages;
                auto it = std::find_if(messages.begin(), messages.end(),
                                       [&](const Message& m) { return m.uid == c.uid; });
                if (it == messages.end() || it->id != c.id)
                    return StoreError::BadChange;
                messages.erase(it);
                return Done{};
            },
            [&](const FlagsChanged& c) -> StoreStatus {
                Folder* folder = folder_mutable(c.login, c.folder);
                Message* message = folder ? folder->find_mutable(c.uid) : nullptr;
                if (!message || message->id != c.id)
                    return StoreError::BadChange;
                message->flags = c.after;
                folder->note_keywords(c.after);
                return Done{};
            },
        },
        change);
}

std::string describe(const Change& change) {
    auto where = [](const std::string& login, const std::string& folder) {
        return login + "/" + folder;
    };
    return std::visit(
        Overloaded{
            [&](const UserAdded& c) { return "user-added " + c.account.login; },
            [&](const QuotaChanged& c) {
                return "quota-changed " + c.login + " bytes=" + std::to_string(c.quota.max_bytes) +
                       " messages=" + std::to_string(c.quota.max_messages);
            },
            [&](const FolderCreated& c) {
                return "folder-created " + where(c.login, c.folder) +
                       " uidvalidity=" + std::to_string(c.uid_validity);
            },
            [&](const FolderDeleted& c) { return "folder-deleted " + where(c.login, c.folder); },
            [&](const FolderRenamed& c) {
                return "folder-renamed " + where(c.login, c.from) + " -> " + c.to;
            },
            [&](const SubscriptionChanged& c) {
                return std::string(c.state == Subscription::Subscribed ? "subscribed "
                                                                       : "unsubscribed ") +
                       where(c.login, c.folder);
            },
            [&](const MessageAdded& c) {
                static constexpr const char* kReasons[] = {"delivered", "appended", "copied"};
                return "message-added " + where(c.login, c.folder) +
                       " uid=" + std::to_string(c.message.uid) +
                       " id=" + std::to_string(c.message.id) +
                       " size=" + std::to_string(c.message.size()) + " (" +
                       kReasons[static_cast<int>(c.reason)] + ")";
            },
            [&](const MessageRemoved& c) {
                return "message-removed " + where(c.login, c.folder) +
                       " uid=" + std::to_string(c.uid) + " id=" + std::to_string(c.id) +
                       (c.reason == RemoveReason::Expunged ? " (expunged)" : " (pop3 dele)");
            },
            [&](const FlagsChanged& c) {
                return "flags-changed " + where(c.login, c.folder) +
                       " uid=" + std::to_string(c.uid) + " id=" + std::to_string(c.id) + " (" +
                       c.before.to_string() + ") -> (" + c.after.to_string() + ")";
            },
        },
        change);
}

} // namespace mailsim::store
