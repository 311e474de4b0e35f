#include "sim/store/store.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mailsim;
using namespace mailsim::store;

namespace {

UserAccount bob() {
    return {"bob", "hungry", "bob@someschool.edu", "Bob", {}};
}
UserAccount alice() {
    return {"alice", "crepes", "alice@crepes.fr", "Alice", {}};
}

struct Recorder : StoreObserver {
    std::vector<ChangeRecord> records;
    void on_change(const ChangeRecord& record) override { records.push_back(record); }
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& r : records)
            out.push_back(std::to_string(r.seq) + " " + describe(r.change));
        return out;
    }
};

} // namespace

TEST_CASE("users: INBOX always exists, logins and addresses are case-insensitive") {
    Store store;
    REQUIRE(store.add_user(bob()).ok());
    auto again = store.add_user(bob());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error() == StoreError::UserExists);
    const Mailbox* box = store.mailbox("BOB");
    REQUIRE(box);
    CHECK(box->login() == "bob");
    REQUIRE(box->folder("inbox"));
    CHECK(box->folder("Inbox")->name() == "INBOX");
    CHECK(store.find_by_address("Bob@SomeSchool.EDU") == box);
    CHECK(store.find_by_address("eve@someschool.edu") == nullptr);
    CHECK(store.check_password("bob", "hungry"));
    CHECK_FALSE(store.check_password("bob", "Hungry"));
    CHECK_FALSE(store.check_password("eve", "hungry"));
    REQUIRE(store.add_user(alice()).ok());
    CHECK(store.logins() == std::vector<std::string>{"alice", "bob"});
}

TEST_CASE("delivery assigns ascending UIDs and store-wide ids, flags \\Recent") {
    Store store;
    REQUIRE(store.add_user(bob()).ok());
    REQUIRE(store.add_user(alice()).ok());
    auto first = store.deliver("bob", "Subject: one\r\n\r\nhi\r\n", 5 * kSecond);
    auto second = store.deliver("alice", "Subject: two\r\n\r\nhi\r\n", 6 * kSecond);
    auto third = store.deliver("bob", "Subject: three\r\n\r\nhi\r\n", 7 * kSecond);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    REQUIRE(third.ok());
    CHECK(first->uid == 1);
    CHECK(second->uid == 1);
    CHECK(third->uid == 2);
    CHECK(first->id == 1);
    CHECK(second->id == 2);
    CHECK(third->id == 3);
    const Folder& inbox = store.mailbox("bob")->inbox();
    CHECK(inbox.uid_next() == 3);
    REQUIRE(inbox.messages().size() == 2);
    CHECK(inbox.messages()[1].bytes() == "Subject: three\r\n\r\nhi\r\n");
    CHECK(inbox.messages()[1].internal_date == 7 * kSecond);
    CHECK(inbox.messages()[0].flags.has(SystemFlag::Recent));
    CHECK(inbox.count_without(SystemFlag::Seen) == 2);
    auto nobody = store.deliver("eve", "x", 0);
    REQUIRE_FALSE(nobody.ok());
    CHECK(nobody.error() == StoreError::NoSuchUser);
}

TEST_CASE("quota by count and by bytes: delivery beyond it fails, nothing is stored") {
    Store store;
    UserAccount account = bob();
    account.quota.max_messages = 2;
    REQUIRE(store.add_user(account).ok());
    REQUIRE(store.deliver("bob", "a", 0).ok());
    REQUIRE(store.deliver("bob", "b", 0).ok());
    auto third = store.deliver("bob", "c", 0);
    REQUIRE_FALSE(third.ok());
    CHECK(third.error() == StoreError::OverQuota);
    CHECK(store.mailbox("bob")->used_messages() == 2);

    REQUIRE(store.set_quota("bob", Quota{10, 0}).ok());
    CHECK(store.deliver("bob", "12345678", 0).ok()); // 2 + 8 = 10: exactly at the limit
    CHECK(store.deliver("bob", "x", 0).error() == StoreError::OverQuota);
    CHECK(store.mailbox("bob")->used_bytes() == 10);
    // Quota counts every folder, and COPY is checked as a whole.
    REQUIRE(store.set_quota("bob", Quota{0, 4}).ok());
    REQUIRE(store.create_folder("bob", "Archive").ok());
    const std::vector<Uid> uids{1, 2};
    CHECK(store.copy("bob", "INBOX", uids, "Archive").error() == StoreError::OverQuota);
    CHECK(store.mailbox("bob")->folder("Archive")->messages().empty());
}

TEST_CASE("folders: create, delete, rename with children, INBOX rules, UIDVALIDITY") {
    Store store;
    REQUIRE(store.add_user(bob()).ok());
    const auto inbox_validity = store.mailbox("bob")->inbox().uid_validity();
    REQUIRE(store.create_folder("bob", "Work").ok());
    REQUIRE(store.create_folder("bob", "Work/2024").ok());
    CHECK(store.create_folder("bob", "Work").error() == StoreError::FolderExists);
    CHECK(store.create_folder("bob", "inbox").error() == StoreError::FolderExists);
    CHECK(store.create_folder("bob", "").error() == StoreError::BadFolderName);
    CHECK(store.create_folder("bob", "a//b").error() == StoreError::BadFolderName);
    CHECK(store.create_folder("bob", "bad\r\nname").error() == StoreError::BadFolderName);
    CHECK(store.delete_folder("bob", "INBOX").error() == StoreError::InboxIsPermanent);
    CHECK(store.delete_folder("bob", "Nope").error() == StoreError::NoSuchFolder);

    const auto work_validity = store.mailbox("bob")->folder("Work")->uid_validity();
    CHECK(work_validity != inbox_validity);
    REQUIRE(store.append("bob", "Work", "Subject: w\r\n\r\n", 0, Flags{SystemFlag::Seen}).ok());
    CHECK(store.rename_folder("bob", "Work", "Work/sub").error() == StoreError::BadFolderName);
    REQUIRE(store.rename_folder("bob", "Work", "Jobs").ok());
    const Mailbox* box = store.mailbox("bob");
    CHECK(box->folder("Work") == nullptr);
    CHECK(box->folder("Work/2024") == nullptr);
    REQUIRE(box->folder("Jobs"));
    REQUIRE(box->folder("Jobs/2024"));
    CHECK(box->folder("Jobs")->messages().size() == 1);
    CHECK(box->folder("Jobs")->uid_validity() > work_validity);

    // Delete then re-create: the new folder never reuses the old UIDVALIDITY.
    REQUIRE(store.delete_folder("bob", "Jobs").ok());
    REQUIRE(store.create_folder("bob", "Jobs").ok());
    CHECK(store.mailbox("bob")->folder("Jobs")->messages().empty());
    CHECK(store.mailbox("bob")->folder("Jobs")->uid_next() == 1);

    // Renaming INBOX moves its messages and leaves an empty INBOX (RFC 3501 §6.3.5).
    REQUIRE(store.deliver("bob", "m1", 0).ok());
    REQUIRE(store.deliver("bob", "m2", 0).ok());
    REQUIRE(store.rename_folder("bob", "inbox", "Old").ok());
    CHECK(store.mailbox("bob")->inbox().messages().empty());
    CHECK(store.mailbox("bob")->inbox().uid_next() == 3);
    CHECK(store.mailbox("bob")->folder("Old")->messages().size() == 2);
    CHECK(store.deliver("bob", "m3", 0)->uid == 3);
}

TEST_CASE("subscriptions are independent of folder existence") {
    Store store;
    REQUIRE(store.add_user(bob()).ok());
    REQUIRE(store.set_subscription("bob", "News", Subscription::Subscribed).ok());
    REQUIRE(store.set_subscription("bob", "inbox", Subscription::Subscribed).ok());
    CHECK(store.mailbox("bob")->subscriptions() == std::set<std::string>{"INBOX", "News"});
    REQUIRE(store.set_subscription("bob", "News", Subscription::Unsubscribed).ok());
    CHECK(store.mailbox("bob")->subscriptions() == std::set<std::string>{"INBOX"});
}

TEST_CASE("flags, expunge and copy") {
    Store store;
    REQUIRE(store.add_user(bob()).ok());
    for (int i = 0; i < 4; ++i)
        REQUIRE(store.deliver("bob", "message " + std::to_string(i), i).ok());
    REQUIRE(store.create_folder("bob", "Saved").ok());
    const std::vector<Uid> to_copy{4, 2};
    auto copied = store.copy("bob", "INBOX", to_copy, "Saved");
    REQUIRE(copied.ok());
    CHECK(copied.value() == std::vector<Uid>{1, 2});
    const Folder* saved = store.mailbox("bob")->folder("Saved");
    CHECK(saved->messages()[0].bytes() == "message 3");
    CHECK(saved->messages()[0].id == 5); // a copy is a new message with its own id
    const std::vector<Uid> missing{9};
    CHECK(store.copy("bob", "INBOX", missing, "Saved").error() == StoreError::NoSuchMessage);

    Flags flags{SystemFlag::Deleted, SystemFlag::Seen};
    flags.add_keyword("$Work");
    REQUIRE(store.set_flags("bob", "INBOX", 1, flags).ok());
    REQUIRE(store.set_flags("bob", "INBOX", 3, Flags{SystemFlag::Deleted}).ok());
    CHECK(store.mailbox("bob")->inbox().find(1)->flags.to_string() == "\\Seen \\Deleted $Work");
    CHECK(store.set_flags("bob", "INBOX", 99, flags).error() == StoreError::NoSuchMessage);
    auto removed = store.expunge("bob", "INBOX");
    REQUIRE(removed.ok());
    CHECK(removed.value() == std::vector<Uid>{1, 3});
    const Folder& inbox = store.mailbox("bob")->inbox();
    REQUIRE(inbox.messages().size() == 2);
    CHECK(inbox.messages()[0].uid == 2);
    CHECK(inbox.messages()[1].uid == 4);
    CHECK(inbox.uid_next() == 5); // UIDs are never reused
    CHECK(store.remove("bob", "INBOX", 2, RemoveReason::Pop3Deleted).ok());
    CHECK(store.remove("bob", "INBOX", 2, RemoveReason::Pop3Deleted).error() ==
          StoreError::NoSuchMessage);
}

TEST_CASE("flag sets: names, keywords case-insensitive, add and remove") {
    Flags flags;
    CHECK(flags.add_by_name("\\seen"));
    CHECK(flags.add_by_name("$Label1"));
    CHECK(flags.add_by_name("$label1")); // same keyword, first spelling kept
    CHECK(flags.add_by_name("Alpha"));
    CHECK_FALSE(flags.add_by_name("\\Bogus"));
    CHECK(flags.to_string() == "\\Seen $Label1 Alpha");
    Flags remove;
    remove.add_keyword("ALPHA");
    remove.set(SystemFlag::Seen);
    flags.remove_all(remove);
    CHECK(flags.to_string() == "$Label1");
    CHECK(system_flag_from_name("\\DRAFT") == SystemFlag::Draft);
    CHECK_FALSE(system_flag_from_name("Draft"));
}

TEST_CASE("POP3 lock: one holder at a time, released by destruction or release()") {
    Store store;
    REQUIRE(store.add_user(bob()).ok());
    CHECK(store.lock("eve").error() == StoreError::NoSuchUser);
    {
        auto first = store.lock("bob");
        REQUIRE(first.ok());
        CHECK(store.is_locked("BOB"));
        auto second = store.lock("Bob");
        REQUIRE_FALSE(second.ok());
        CHECK(second.error() == StoreError::Locked);
        MailboxLock moved = std::move(first.value());
        CHECK(moved.held());
        CHECK(store.is_locked("bob"));
    }
    CHECK_FALSE(store.is_locked("bob"));
    auto again = store.lock("bob");
    REQUIRE(again.ok());
    again->release();
    CHECK_FALSE(store.is_locked("bob"));
}

TEST_CASE("observers see every change in order, and replay rebuilds an identical store") {
    Store store;
    Recorder recorder;
    store.add_observer(&recorder);
    REQUIRE(store.add_user(bob()).ok());
    REQUIRE(store.deliver("bob", "Subject: hello\r\n\r\nbody\r\n", 3 * kSecond).ok());
    REQUIRE(store.create_folder("bob", "Keep").ok());
    const std::vector<Uid> one{1};
    REQUIRE(store.copy("bob", "INBOX", one, "Keep").ok());
    REQUIRE(store.set_flags("bob", "INBOX", 1, Flags{SystemFlag::Deleted}).ok());
    REQUIRE(store.set_flags("bob", "INBOX", 1, Flags{SystemFlag::Deleted}).ok()); // no-op
    REQUIRE(store.expunge("bob", "INBOX").ok());
    REQUIRE(store.rename_folder("bob", "Keep", "Kept").ok());
    REQUIRE(store.set_subscription("bob", "Kept", Subscription::Subscribed).ok());
    REQUIRE(store.set_quota("bob", Quota{1000, 10}).ok());
    CHECK(recorder.lines() == std::vector<std::string>{
                                  "1 user-added bob",
                                  "2 message-added bob/INBOX uid=1 id=1 size=24 (delivered)",
                                  "3 folder-created bob/Keep uidvalidity=2",
                                  "4 message-added bob/Keep uid=1 id=2 size=24 (copied)",
                                  "5 flags-changed bob/INBOX uid=1 id=1 (\\Recent) -> (\\Deleted)",
                                  "6 message-removed bob/INBOX uid=1 id=1 (expunged)",
                                  "7 folder-renamed bob/Keep -> Kept",
                                  "8 subscribed bob/Kept",
                                  "9 quota-changed bob bytes=1000 messages=10",
                              });
    CHECK(store.last_seq() == 9);

    Store copy;
    for (const auto& record : recorder.records)
        REQUIRE(copy.replay(record.change).ok());
    CHECK(copy.last_seq() == 9);
    const Mailbox* a = store.mailbox("bob");
    const Mailbox* b = copy.mailbox("bob");
    REQUIRE(b);
    CHECK(b->account().quota == a->account().quota);
    CHECK(b->subscriptions() == a->subscriptions());
    REQUIRE(b->folders().size() == a->folders().size());
    for (const auto& [name, folder] : a->folders()) {
        const Folder* other = b->folder(name);
        REQUIRE(other);
        CHECK(other->uid_validity() == folder.uid_validity());
        CHECK(other->uid_next() == folder.uid_next());
        REQUIRE(other->messages().size() == folder.messages().size());
        for (size_t i = 0; i < folder.messages().size(); ++i) {
            CHECK(other->messages()[i].id == folder.messages()[i].id);
            CHECK(other->messages()[i].bytes() == folder.messages()[i].bytes());
            CHECK(other->messages()[i].flags == folder.messages()[i].flags);
        }
    }
    // Counters continue where the original left off.
    auto next = copy.deliver("bob", "x", 0);
    auto next_original = store.deliver("bob", "x", 0);
    CHECK(next->id == next_original->id);
    CHECK(next->uid == next_original->uid);
    CHECK(copy.create_folder("bob", "New").ok());
    CHECK(store.create_folder("bob", "New").ok());
    CHECK(copy.mailbox("bob")->folder("New")->uid_validity() ==
          store.mailbox("bob")->folder("New")->uid_validity());

    // A change that does not fit is refused, not applied.
    CHECK(copy.replay(MessageRemoved{"bob", "INBOX", 999, 999, RemoveReason::Expunged}).error() ==
          StoreError::BadChange);
    CHECK(copy.replay(UserAdded{bob(), 1}).error() == StoreError::BadChange);
    const auto seen = recorder.records.size();
    store.remove_observer(&recorder);
    REQUIRE(store.deliver("bob", "y", 0).ok());
    CHECK(recorder.records.size() == seen);
}

TEST_CASE("a lock may outlive its store (teardown order does not matter)") {
    MailboxLock survivor;
    {
        Store store;
        REQUIRE(store.add_user(bob()).ok());
        auto lock = store.lock("bob");
        REQUIRE(lock.ok());
        survivor = std::move(lock.value());
        CHECK(survivor.held());
    }
    CHECK_FALSE(survivor.held());
    survivor.release(); // nothing to release any more, and no dangling store
}
