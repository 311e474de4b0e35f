#pragma once
// Every mutation of the store is described by one Change. The store applies a change with the
// same code whether it made it itself or got it from replay(), so a change log written by
// `mailsim serve --state DIR` and replayed at start-up rebuilds exactly the same store (ids,
// UIDs and UIDVALIDITY included). Observers see each change after it is applied: the simulated
// world records them in its trace, the server persists them.
#include "sim/store/store_types.h"

#include <cstdint>
#include <string>
#include <variant>

namespace mailsim::store {

enum class AddReason { Delivered, Appended, Copied };
enum class RemoveReason { Expunged, Pop3Deleted };
enum class Subscription { Subscribed, Unsubscribed };

struct UserAdded {
    UserAccount account;
    std::uint32_t inbox_uid_validity = 0; // INBOX is created with the user
};
struct QuotaChanged {
    std::string login;
    Quota quota;
};
struct FolderCreated {
    std::string login;
    std::string folder;
    std::uint32_t uid_validity = 0;
};
struct FolderDeleted {
    std::string login;
    std::string folder; // its messages go with it
};
// Renaming also renames the folders below it ("a" -> "b" takes "a/x" to "b/x"). Each renamed
// folder gets a fresh UIDVALIDITY, the first being `uid_validity`, the next +1 and so on in
// name order. Renaming INBOX moves its messages to a new folder and leaves INBOX empty
// (RFC 3501 §6.3.5).
struct FolderRenamed {
    std::string login;
    std::string from;
    std::string to;
    std::uint32_t uid_validity = 0;
};
struct SubscriptionChanged {
    std::string login;
    std::string folder;
    Subscription state = Subscription::Subscribed;
};
struct MessageAdded {
    std::string login;
    std::string folder;
    Message message; // id, uid, raw bytes, internal date and flags as stored
    AddReason reason = AddReason::Delivered;
    MessageId copied_from = 0; // for Copied: the source message's id
};
struct MessageRemoved {
    std::string login;
    std::string folder;
    MessageId id = 0;
    Uid uid = 0;
    RemoveReason reason = RemoveReason::Expunged;
};
struct FlagsChanged {
    std::string login;
    std::string folder;
    MessageId id = 0;
    Uid uid = 0;
    Flags before;
    Flags after;
};

using Change = std::variant<UserAdded, QuotaChanged, FolderCreated, FolderDeleted, FolderRenamed,
                            SubscriptionChanged, MessageAdded, MessageRemoved, FlagsChanged>;

// A change with its position in the store's history (1, 2, 3, ...).
struct ChangeRecord {
    std::uint64_t seq = 0;
    Change change;
};

// "message-added bob/INBOX uid=3 id=17 (delivered)": one line, for traces and debugging.
std::string describe(const Change& change);

class StoreObserver {
public:
    virtual ~StoreObserver() = default;
    virtual void on_change(const ChangeRecord& record) = 0;
};

// Write-ahead persistence (`mailsim serve --state`): each change is recorded before it takes
// effect, so a change the disk refused (full, over quota, failing) never happens and the caller
// answers "no room" (SMTP 452, POP3 -ERR, IMAP NO) instead of acknowledging something that is
// not stored. Observers are still told after the change, as without a journal.
class ChangeJournal {
public:
    virtual ~ChangeJournal() = default;
    // Room for `bytes` of records an operation is about to write (several changes that must
    // all happen or none, or an SMTP message before its 250). False: there is no room.
    virtual bool reserve(std::uint64_t bytes) = 0;
    // Records the change (written, synced later but before anyone is told). False: not
    // recorded; the store refuses the change with StoreError::StorageFull.
    virtual bool write_ahead(const Change& change) = 0;
    // The change just recorded did not take effect after all: its record is taken back.
    virtual void take_back() = 0;
};

} // namespace mailsim::store
