#include "sim/store/store.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace mailsim::store {

// --- MailboxLock -----------------------------------------------------------------------------

MailboxLock::MailboxLock(MailboxLock&& other) noexcept
    : m_table(std::move(other.m_table)), m_login(std::move(other.m_login)) {
    other.m_table.reset();
    other.m_login.clear();
}

MailboxLock& MailboxLock::operator=(MailboxLock&& other) noexcept {
    if (this != &other) {
        release();
        m_table = std::move(other.m_table);
        m_login = std::move(other.m_login);
        other.m_table.reset();
        other.m_login.clear();
    }
    return *this;
}

void MailboxLock::release() {
    if (auto table = m_table.lock())
        table->erase(m_login);
    m_table.reset();
    m_login.clear();
}

// --- Store: queries ----------------------------------------------------------------------------

const Mailbox* Store::mailbox(std::string_view login) const {
    auto it = m_mailboxes.find(to_lower_ascii(login));
    return it == m_mailboxes.end() ? nullptr : &it->second;
}

Mailbox* Store::mailbox_mutable(std::string_view login) {
    return const_cast<Mailbox*>(std::as_const(*this).mailbox(login));
}

Folder* Store::folder_mutable(std::string_view login, std::string_view folder) {
    Mailbox* box = mailbox_mutable(login);
    return box ? box->folder_mutable(folder) : nullptr;
}

const Mailbox* Store::find_by_address(std::string_view address) const {
    for (const auto& [key, box] : m_mailboxes)
        if (!box.account().address.empty() && equals_ci(box.account().address, address))
            return &box;
    return nullptr;
}

bool Store::check_password(std::string_view login, std::string_view password) const {
    const Mailbox* box = mailbox(login);
    return box && box->account().password == password;
}

std::vector<std::string> Store::logins() const {
    std::vector<std::string> out;
    for (const auto& [key, box] : m_mailboxes)
        out.push_back(box.login());
    return out;
}

bool Store::would_exceed_quota(std::string_view login, std::uint64_t bytes,
                               std::uint64_t messages) const {
    const Mailbox* box = mailbox(login);
    if (!box)
        return false;
    const Quota& quota = box->account().quota;
    if (quota.max_bytes && box->used_bytes() + bytes > quota.max_bytes)
        return true;
    if (quota.max_messages && box->used_messages() + messages > quota.max_messages)
        return true;
    return false;
}

bool Store::is_locked(std::string_view login) const {
    return m_locked->count(to_lower_ascii(login)) != 0;
}

// --- Store: mutations --------------------------------------------------------------------------

StoreStatus Store::add_user(UserAccount account) {
    if (account.login.empty())
        return StoreError::NoSuchUser;
    if (mailbox(account.login))
        return StoreError::UserExists;
    return commit(UserAdded{std::move(account), m_next_uid_validity});
}

StoreStatus Store::set_quota(std::string_view login, Quota quota) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    return commit(QuotaChanged{box->login(), quota});
}

StoreStatus Store::create_folder(std::string_view login, std::string_view name) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    if (!is_valid_folder_name(name))
        return StoreError::BadFolderName;
    if (box->folder(name))
        return StoreError::FolderExists;
    return commit(FolderCreated{box->login(), canonical_folder_name(name), m_next_uid_validity});
}

StoreStatus Store::delete_folder(std::string_view login, std::string_view name) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const std::string canonical = canonical_folder_name(name);
    if (canonical == kInbox)
        return StoreError::InboxIsPermanent;
    if (!box->folder(canonical))
        return StoreError::NoSuchFolder;
    return commit(FolderDeleted{box->login(), canonical});
}

StoreStatus Store::rename_folder(std::string_view login, std::string_view from,
                                 std::string_view to) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const std::string source = canonical_folder_name(from);
    const std::string target = canonical_folder_name(to);
    if (!box->folder(source))
        return StoreError::NoSuchFolder;
    if (!is_valid_folder_name(target) || target == kInbox)
        return StoreError::BadFolderName;
    // A folder cannot move below itself ("a" -> "a/b").
    if (target.size() > source.size() && target.compare(0, source.size(), source) == 0 &&
        target[source.size()] == kHierarchySeparator)
        return StoreError::BadFolderName;
    if (box->folder(target))
        return StoreError::FolderExists;
    if (source != kInbox) {
        const std::string prefix = source + kHierarchySeparator;
        for (const auto& [name, folder] : box->folders())
            if (name.compare(0, prefix.size(), prefix) == 0 &&
                box->folder(target + name.substr(source.size())))
                return StoreError::FolderExists;
    }
    return commit(FolderRenamed{box->login(), source, target, m_next_uid_validity});
}

StoreStatus Store::set_subscription(std::string_view login, std::string_view name,
                                    Subscription state) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    if (!is_valid_folder_name(name))
        return StoreError::BadFolderName;
    const std::string canonical = canonical_folder_name(name);
    const bool subscribed = box->subscriptions().count(canonical) != 0;
    if (subscribed == (state == Subscription::Subscribed))
        return Done{};
    return commit(SubscriptionChanged{box->login(), canonical, state});
}

StoreResult<MessageRef> Store::add_message(std::string_view login, std::string_view folder_name,
                                           Bytes raw, SimTime internal_date, Flags flags,
                                           AddReason reason) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const Folder* folder = box->folder(folder_name);
    if (!folder)
        return StoreError::NoSuchFolder;
    if (would_exceed_quota(login, raw.size()))
        return StoreError::OverQuota;
    MessageAdded added;
    added.login = box->login();
    added.folder = folder->name();
    added.reason = reason;
    added.message.id = m_next_message_id;
    added.message.uid = folder->uid_next();
    added.message.raw = std::make_shared<const Bytes>(std::move(raw));
    added.message.internal_date = internal_date;
    added.message.flags = std::move(flags);
    added.message.flags.set(SystemFlag::Recent);
    const MessageRef ref{added.message.id, added.message.uid};
    auto status = commit(std::move(added));
    if (!status)
        return status.error();
    return ref;
}

StoreResult<MessageRef> Store::deliver(std::string_view login, Bytes raw, SimTime internal_date) {
    return add_message(login, kInbox, std::move(raw), internal_date, Flags{}, AddReason::Delivered);
}

StoreResult<MessageRef> Store::append(std::string_view login, std::string_view folder, Bytes raw,
                                      SimTime internal_date, Flags flags) {
    return add_message(login, folder, std::move(raw), internal_date, std::move(flags),
                       AddReason::Appended);
}

StoreResult<std::vector<Uid>> Store::copy(std::string_view login, std::string_view from,
                                          std::span<const Uid> uids, std::string_view to) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const Folder* source = box->folder(from);
    const Folder* target = box->folder(to);
    if (!source || !target)
        return StoreError::NoSuchFolder;
    std::vector<const Message*> originals;
    std::uint64_t bytes = 0;
    for (Uid uid : uids) {
        const Message* message = source->find(uid);
        if (!message)
            return StoreError::NoSuchMessage;
        originals.push_back(message);
        bytes += message->size();
    }
    if (would_exceed_quota(login, bytes, originals.size()))
        return StoreError::OverQuota;
    // All or nothing on disk too: room for every copy's record before the first is written.
    if (!reserve(bytes + originals.size() * (kRecordBound + 3 * (login.size() + to.size()))))
        return StoreError::StorageFull;
    // Copy the originals first: adding to the same folder may reallocate its vector.
    std::vector<Message> copies;
    for (const Message* message : originals)
        copies.push_back(*message);
    std::vector<Uid> new_uids;
    const std::string login_name = box->login();
    const std::string target_name = target->name();
    for (auto& original : copies) {
        MessageAdded added;
        added.login = login_name;
        added.folder = target_name;
        added.reason = AddReason::Copied;
        added.copied_from = original.id;
        added.message = original;
        added.message.id = m_next_message_id;
        added.message.uid = mailbox(login_name)->folder(target_name)->uid_next();
        added.message.flags.set(SystemFlag::Recent);
        new_uids.push_back(added.message.uid);
        auto status = commit(std::move(added));
        if (!status)
            return status.error();
    }
    return new_uids;
}

StoreStatus Store::set_flags(std::string_view login, std::string_view folder_name, Uid uid,
                             Flags flags) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const Folder* folder = box->folder(folder_name);
    if (!folder)
        return StoreError::NoSuchFolder;
    const Message* message = folder->find(uid);
    if (!message)
        return StoreError::NoSuchMessage;
    if (message->flags == flags)
        return Done{}; // nothing changed: no change record, no trace line
    return commit(FlagsChanged{box->login(), folder->name(), message->id, uid, message->flags,
                               std::move(flags)});
}

StoreResult<std::vector<Uid>> Store::expunge(std::string_view login, std::string_view folder_name) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const Folder* folder = box->folder(folder_name);
    if (!folder)
        return StoreError::NoSuchFolder;
    std::vector<MessageRef> doomed;
    for (const auto& message : folder->messages())
        if (message.flags.has(SystemFlag::Deleted))
            doomed.push_back({message.id, message.uid});
    const std::string login_name = box->login();
    const std::string name = folder->name();
    if (!reserve(doomed.size() * (kRecordBound + 3 * (login_name.size() + name.size()))))
        return StoreError::StorageFull;
    std::vector<Uid> removed;
    for (const auto& ref : doomed) {
        auto status =
            commit(MessageRemoved{login_name, name, ref.id, ref.uid, RemoveReason::Expunged});
        if (!status)
            return status.error();
        removed.push_back(ref.uid);
    }
    return removed;
}

StoreStatus Store::remove(std::string_view login, std::string_view folder_name, Uid uid,
                          RemoveReason reason) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const Folder* folder = box->folder(folder_name);
    if (!folder)
        return StoreError::NoSuchFolder;
    const Message* message = folder->find(uid);
    if (!message)
        return StoreError::NoSuchMessage;
    return commit(MessageRemoved{box->login(), folder->name(), message->id, uid, reason});
}

// --- locks and observers -----------------------------------------------------------------------

StoreResult<MailboxLock> Store::lock(std::string_view login) {
    const Mailbox* box = mailbox(login);
    if (!box)
        return StoreError::NoSuchUser;
    const std::string key = to_lower_ascii(login);
    if (!m_locked->insert(key).second)
        return StoreError::Locked;
    return MailboxLock(m_locked, key);
}

void Store::add_observer(StoreObserver* observer) {
    if (observer &&
        std::find(m_observers.begin(), m_observers.end(), observer) == m_observers.end())
        m_observers.push_back(observer);
}

void Store::remove_observer(StoreObserver* observer) {
    m_observers.erase(std::remove(m_observers.begin(), m_observers.end(), observer),
                      m_observers.end());
}

StoreStatus Store::commit(Change change) {
    // Live mutations validate first; apply() can still refuse when a store rebuilt from a
    // corrupt log has run its counters to the top (BadChange reaches the caller then).
    if (m_journal && !m_journal->write_ahead(change))
        return StoreError::StorageFull;
    auto status = apply(change);
    if (!status) {
        if (m_journal)
            m_journal->take_back();
        return status;
    }
    const ChangeRecord record{++m_seq, std::move(change)};
    const auto observers = m_observers; // an observer may remove itself while being told
    for (StoreObserver* observer : observers)
        observer->on_change(record);
    return status;
}

StoreStatus Store::replay(const Change& change) {
    auto status = apply(change);
    if (status)
        ++m_seq;
    return status;
}

} // namespace mailsim::store
