// A folder's keywords (what IMAP announces in FLAGS): every keyword its messages have carried,
// kept when the last message loses it, rebuilt by replaying the change log (so `mailsim serve
// --state` keeps them without a record type of their own).
#include "sim/store/change_codec.h"
#include "sim/store/store.h"

#include <doctest/doctest.h>

using namespace mailsim;
using namespace mailsim::store;

namespace {

struct Recorder : StoreObserver {
    std::vector<ChangeRecord> records;
    void on_change(const ChangeRecord& record) override { records.push_back(record); }
};

Flags with_keywords(std::initializer_list<const char*> keywords) {
    Flags flags;
    for (const char* keyword : keywords)
        flags.add_keyword(keyword);
    return flags;
}

} // namespace

TEST_CASE("folder keywords: first-seen order, case-insensitive, kept, moved with INBOX, replayed") {
    Store store;
    Recorder recorder;
    store.add_observer(&recorder);
    REQUIRE(store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}}).ok());
    REQUIRE(store.deliver("bob", "Subject: a\r\n\r\nx\r\n", 0).ok());
    REQUIRE(store.deliver("bob", "Subject: b\r\n\r\ny\r\n", 0).ok());
    REQUIRE(store.set_flags("bob", "INBOX", 2, with_keywords({"$Work"})).ok());
    REQUIRE(store.set_flags("bob", "INBOX", 1, with_keywords({"$work", "$Alpha"})).ok());
    REQUIRE(store.set_flags("bob", "INBOX", 1, Flags{}).ok());
    REQUIRE(store.set_flags("bob", "INBOX", 2, Flags{}).ok());
    const auto expected = std::vector<std::string>{"$Work", "$Alpha"};
    CHECK(store.mailbox("bob")->inbox().keywords() == expected);
    REQUIRE(store.create_folder("bob", "Keep").ok());
    REQUIRE(
        store.append("bob", "Keep", "Subject: c\r\n\r\nz\r\n", 0, with_keywords({"$Label1"})).ok());
    CHECK(store.mailbox("bob")->folder("Keep")->keywords() == std::vector<std::string>{"$Label1"});
    REQUIRE(store.rename_folder("bob", "INBOX", "Old").ok()); // INBOX starts afresh
    CHECK(store.mailbox("bob")->folder("Old")->keywords() == expected);
    CHECK(store.mailbox("bob")->inbox().keywords().empty());

    // Through the log's encoding, as `mailsim serve --state` writes and reads it.
    Bytes log;
    for (const auto& record : recorder.records)
        log += encode_change(record.change);
    const DecodedLog decoded = decode_changes(log);
    REQUIRE(decoded.changes.size() == recorder.records.size());
    Store copy;
    for (const auto& change : decoded.changes)
        REQUIRE(copy.replay(change).ok());
    for (const auto& entry : store.mailbox("bob")->folders()) {
        // Named copies: clang 14 cannot capture a structured binding in CAPTURE.
        const auto& name = entry.first;
        const auto& folder = entry.second;
        CAPTURE(name);
        REQUIRE(copy.mailbox("bob")->folder(name));
        CHECK(copy.mailbox("bob")->folder(name)->keywords() == folder.keywords());
    }
}
