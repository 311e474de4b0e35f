#pragma once
// Value types of the mailbox store: ids, accounts, quotas, messages, folders, and the error
// codes a caller needs to pick a protocol reply (an MTA answers 452/552 on OverQuota, POP3
// answers -ERR [IN-USE] on Locked, IMAP answers NO [TRYCREATE] on NoSuchFolder...).
#include "sim/core/bytes.h"
#include "sim/core/result.h"
#include "sim/core/sim_time.h"
#include "sim/store/flags.h"

#include <cassert>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mailsim::store {

using MessageId = std::uint64_t; // unique across the whole store, never reused (for tracing)
using Uid = std::uint32_t;       // unique within one folder and UIDVALIDITY (RFC 3501 §2.3.1.1)

inline constexpr std::string_view kInbox = "INBOX";
inline constexpr char kHierarchySeparator = '/';

enum class StoreError {
    NoSuchUser,
    UserExists,
    NoSuchFolder,
    FolderExists,
    BadFolderName,
    InboxIsPermanent, // INBOX cannot be deleted
    NoSuchMessage,
    OverQuota,
    Locked,      // the maildrop is held by another POP3 session
    BadChange,   // replay() got a change that does not fit the current state
    StorageFull, // the change could not be recorded on disk (ChangeJournal): nothing changed
};

std::string_view to_string(StoreError error);

// Result of a store operation: a value or a StoreError code (not just a message, because the
// caller maps each code to a protocol reply).
template <class T>
using StoreResult = Result<T, StoreError>;

struct Done {};
using StoreStatus = StoreResult<Done>;

// 0 means "no limit" for either figure.
struct Quota {
    std::uint64_t max_bytes = 0;
    std::uint64_t max_messages = 0;
    friend bool operator==(const Quota&, const Quota&) = default;
};

struct UserAccount {
    std::string login;        // domain-less name used by USER / LOGIN ("bob")
    std::string password;     // plain: APOP needs the shared secret itself
    std::string address;      // "bob@someschool.edu": what the MTA delivers to
    std::string display_name; // "Bob"
    Quota quota;
};

struct Message {
    MessageId id = 0;
    Uid uid = 0;
    std::shared_ptr<const Bytes> raw; // shared: COPY and protocol snapshots do not duplicate it
    SimTime internal_date = 0;
    Flags flags;

    std::size_t size() const { return raw ? raw->size() : 0; }
    ByteView bytes() const { return raw ? ByteView(*raw) : ByteView(); }
};

struct MessageRef {
    MessageId id = 0;
    Uid uid = 0;
};

class Folder {
public:
    Folder(std::string name, std::uint32_t uid_validity)
        : m_name(std::move(name)), m_uid_validity(uid_validity) {}

    const std::string& name() const { return m_name; }
    std::uint32_t uid_validity() const { return m_uid_validity; }
    Uid uid_next() const { return m_uid_next; }
    // Ascending by UID, always (new messages get the next UID, so appending keeps the order).
    const std::vector<Message>& messages() const { return m_messages; }
    const Message* find(Uid uid) const;
    const Message* find_id(MessageId id) const;
    std::size_t count_with(SystemFlag flag) const;
    std::size_t count_without(SystemFlag flag) const;
    std::uint64_t total_bytes() const;
    // Every keyword a message of this folder has carried, in the order they first appeared:
    // the keywords IMAP announces in FLAGS and PERMANENTFLAGS (RFC 3501 §7.2.6). They stay
    // when the last message loses them (as in Dovecot), and a replayed log rebuilds them from
    // the same changes, so they persist as the flags do.
    const std::vector<std::string>& keywords() const { return m_keywords; }
    bool has_keyword(std::string_view keyword) const;

private:
    friend class Store;
    Message* find_mutable(Uid uid);
    void note_keywords(const Flags& flags);

    std::string m_name;
    std::uint32_t m_uid_validity;
    Uid m_uid_next = 1;
    std::vector<Message> m_messages;
    std::vector<std::string> m_keywords;
};

// One user's account and folders.
class Mailbox {
public:
    explicit Mailbox(UserAccount account) : m_account(std::move(account)) {}

    const UserAccount& account() const { return m_account; }
    const std::string& login() const { return m_account.login; }
    // Keyed by canonical folder name ("INBOX" upper-case, others as created); sorted by bytes.
    const std::map<std::string, Folder>& folders() const { return m_folders; }
    const Folder* folder(std::string_view name) const;
    const Folder& inbox() const { return m_folders.at(std::string(kInbox)); }
    // Subscriptions may name folders that do not exist (RFC 3501 §6.3.6).
    const std::set<std::string>& subscriptions() const { return m_subscriptions; }
    std::uint64_t used_bytes() const;
    std::uint64_t used_messages() const;

private:
    friend class Store;
    Folder* folder_mutable(std::string_view name);

    UserAccount m_account;
    std::map<std::string, Folder> m_folders;
    std::set<std::string> m_subscriptions;
};

// "inbox", "Inbox" -> "INBOX"; other names unchanged (they are case-sensitive).
std::string canonical_folder_name(std::string_view name);
// Non-empty, at most 255 bytes, printable (no CR, LF, NUL, no other control bytes),
// no empty hierarchy level ("a//b", "/a", "a/").
bool is_valid_folder_name(std::string_view name);

} // namespace mailsim::store
