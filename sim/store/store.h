#pragma once
// The mailbox store shared by POP3, IMAP, the simulated MTAs and `mailsim serve`.
//
// - Users (login, password, address, quota), each with folders; INBOX always exists.
// - Messages carry a store-wide id (for tracing), a per-folder UID, raw bytes, an internal
//   date in simulated time and IMAP flags.
// - Every mutation goes through one Change (change.h) that observers see; replay() applies a
//   logged change, so persistence lives outside (the store never touches files).
// - A per-user exclusive lock for POP3 sessions (RFC 1939 §8: one maildrop, one session).
// - Deterministic: ordered maps only, counters instead of addresses or clocks.
#include "sim/store/change.h"
#include "sim/store/store_types.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::store {

class Store;

// The set of locked logins, shared by the store and its locks so that neither has to outlive
// the other (a world may tear down its store before or after its sessions).
using LockTable = std::set<std::string>;

// Held by a POP3 session while it owns a maildrop; releases the lock when destroyed, so a
// session that is dropped (destroyed without QUIT) frees the maildrop too.
class MailboxLock {
public:
    MailboxLock() = default;
    MailboxLock(const MailboxLock&) = delete;
    MailboxLock& operator=(const MailboxLock&) = delete;
    MailboxLock(MailboxLock&& other) noexcept;
    MailboxLock& operator=(MailboxLock&& other) noexcept;
    ~MailboxLock() { release(); }

    bool held() const { return !m_table.expired() && !m_login.empty(); }
    const std::string& login() const { return m_login; }
    void release();

private:
    friend class Store;
    MailboxLock(std::weak_ptr<LockTable> table, std::string login)
        : m_table(std::move(table)), m_login(std::move(login)) {}
    std::weak_ptr<LockTable> m_table;
    std::string m_login;
};

class Store {
public:
    Store() = default;
    // Locks and observers point at the store: it stays where it was made.
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    Store(Store&&) = delete;
    Store& operator=(Store&&) = delete;
    ~Store() = default;

    // --- users ---------------------------------------------------------------------------
    StoreStatus add_user(UserAccount account);            // creates INBOX too
    const Mailbox* mailbox(std::string_view login) const; // login is case-insensitive
    // Exact address match, case-insensitive ("Bob@SomeSchool.edu" finds bob).
    const Mailbox* find_by_address(std::string_view address) const;
    bool check_password(std::string_view login, std::string_view password) const;
    std::vector<std::string> logins() const; // sorted
    StoreStatus set_quota(std::string_view login, Quota quota);
    // Would adding `messages` messages of `bytes` bytes in total exceed the user's quota?
    bool would_exceed_quota(std::string_view login, std::uint64_t bytes,
                            std::uint64_t messages = 1) const;

    // --- folders -------------------------------------------------------------------------
    StoreStatus create_folder(std::string_view login, std::string_view name);
    StoreStatus delete_folder(std::string_view login, std::string_view name);
    StoreStatus rename_folder(std::string_view login, std::string_view from, std::string_view to);
    StoreStatus set_subscription(std::string_view login, std::string_view name, Subscription state);

    // --- messages ------------------------------------------------------------------------
    // MTA delivery into INBOX, flagged \Recent. NoSuchUser or OverQuota on failure.
    StoreResult<MessageRef> deliver(std::string_view login, Bytes raw, SimTime internal_date);
    // IMAP APPEND. \Recent is added: the message is new to whoever selects the folder next.
    StoreResult<MessageRef> append(std::string_view login, std::string_view folder, Bytes raw,
                                   SimTime internal_date, Flags flags);
    // IMAP COPY: all or nothing (quota checked for the whole set first). Returns the new UIDs
    // in the order of `uids`; the copies get new ids and \Recent.
    StoreResult<std::vector<Uid>> copy(std::string_view login, std::string_view from,
                                       std::span<const Uid> uids, std::string_view to);
    StoreStatus set_flags(std::string_view login, std::string_view folder, Uid uid, Flags flags);
    // Removes every \Deleted message of the folder; returns their UIDs, ascending.
    StoreResult<std::vector<Uid>> expunge(std::string_view login, std::string_view folder);
    StoreStatus remove(std::string_view login, std::string_view folder, Uid uid,
                       RemoveReason reason);

    // --- POP3 lock -----------------------------------------------------------------------
    // Locked when another session holds it, NoSuchUser for an unknown login.
    StoreResult<MailboxLock> lock(std::string_view login);
    bool is_locked(std::string_view login) const;

    // --- change log ----------------------------------------------------------------------
    // Observers are called in the order they were added, after each change is applied.
    void add_observer(StoreObserver* observer);
    void remove_observer(StoreObserver* observer);
    std::uint64_t last_seq() const { return m_seq; }
    // Changes are recorded through `journal` before they take effect (nullptr: none, the
    // default; the simulated world keeps its stores in memory).
    void set_journal(ChangeJournal* journal) { m_journal = journal; }
    // Room on disk for `bytes` of records about to be written; always true without a journal.
    bool reserve(std::uint64_t bytes) { return !m_journal || m_journal->reserve(bytes); }
    // An upper bound on one change record's size besides the message text it carries (names,
    // numbers, flags; names escaped take up to 3 bytes per byte on top): what to reserve per
    // change.
    static constexpr std::uint64_t kRecordBound = 1024;
    // Applies a change recorded earlier (by an observer of this or another store). Observers
    // are not told: they already know. BadChange if it does not fit (a corrupt log).
    StoreStatus replay(const Change& change);

private:
    Mailbox* mailbox_mutable(std::string_view login);
    Folder* folder_mutable(std::string_view login, std::string_view folder);
    StoreResult<MessageRef> add_message(std::string_view login, std::string_view folder, Bytes raw,
                                        SimTime internal_date, Flags flags, AddReason reason);
    // The single place a change takes effect (used live and by replay).
    StoreStatus apply(const Change& change);
    StoreStatus commit(Change change); // apply + record + notify

    std::map<std::string, Mailbox> m_mailboxes;                          // key: lower-case login
    std::shared_ptr<LockTable> m_locked = std::make_shared<LockTable>(); // lower-case logins
    std::vector<StoreObserver*> m_observers;
    ChangeJournal* m_journal = nullptr;
    std::uint64_t m_seq = 0;
    MessageId m_next_message_id = 1;
    std::uint32_t m_next_uid_validity = 1;
};

} // namespace mailsim::store
