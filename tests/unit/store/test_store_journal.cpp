// The store's write-ahead journal (what `mailsim serve --state` uses): a change the journal
// refuses (a full disk) does not happen, observers never hear of it, and operations of several
// changes (COPY, EXPUNGE) are all or nothing through reserve().
#include "sim/store/change_codec.h"
#include "sim/store/store.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mailsim;
using namespace mailsim::store;

namespace {

// A disk of `room` bytes: records are "written" while they fit, reservations are checked
// against what is left.
class SmallDisk : public ChangeJournal {
public:
    explicit SmallDisk(std::uint64_t room) : m_room(room) {}
    bool reserve(std::uint64_t bytes) override { return m_used + bytes <= m_room; }
    bool write_ahead(const Change& change) override {
        const std::uint64_t size = encode_change(change).size();
        if (m_used + size > m_room)
            return false;
        m_last = size;
        m_used += size;
        ++m_records;
        return true;
    }
    void take_back() override {
        m_used -= m_last;
        --m_records;
    }
    void grow(std::uint64_t bytes) { m_room += bytes; }
    std::uint64_t records() const { return m_records; }

private:
    std::uint64_t m_room;
    std::uint64_t m_used = 0;
    std::uint64_t m_last = 0;
    std::uint64_t m_records = 0;
};

struct Counter : StoreObserver {
    int changes = 0;
    void on_change(const ChangeRecord&) override { ++changes; }
};

} // namespace

TEST_CASE("a delivery the disk refuses does not happen, and nobody is told it did") {
    Store store;
    REQUIRE(store.add_user({"bob", "hungry", "bob@hamburger.edu", "Bob", {}}));
    SmallDisk disk(4096);
    Counter counter;
    store.add_observer(&counter);
    store.set_journal(&disk);
    REQUIRE(store.deliver("bob", "Subject: small\r\n\r\nfits\r\n", 0));
    const std::uint64_t seq = store.last_seq();
    auto refused = store.deliver("bob", "Subject: big\r\n\r\n" + std::string(8000, 'x'), 0);
    REQUIRE(!refused);
    CHECK(refused.error() == StoreError::StorageFull);
    CHECK(to_string(refused.error()) == "not enough disk space");
    CHECK(store.mailbox("bob")->inbox().messages().size() == 1);
    CHECK(store.last_seq() == seq);
    CHECK(counter.changes == 1);
    CHECK(disk.records() == 1);

    disk.grow(16384); // space came back
    CHECK(store.deliver("bob", "Subject: big\r\n\r\n" + std::string(8000, 'x'), 0));
    CHECK(store.mailbox("bob")->inbox().messages().size() == 2);
    store.set_journal(nullptr);
}

TEST_CASE("COPY and EXPUNGE on a full disk: all or nothing") {
    Store store;
    REQUIRE(store.add_user({"bob", "hungry", "bob@hamburger.edu", "Bob", {}}));
    REQUIRE(store.create_folder("bob", "Archive"));
    std::vector<Uid> uids;
    for (int i = 0; i < 3; ++i) {
        auto added = store.deliver("bob", "Subject: " + std::to_string(i) + "\r\n\r\nx\r\n", 0);
        REQUIRE(added);
        uids.push_back(added->uid);
    }
    for (Uid uid : uids) {
        Flags flags;
        flags.set(SystemFlag::Deleted);
        REQUIRE(store.set_flags("bob", "INBOX", uid, flags));
    }
    // Room for two small records, not for the three of either operation.
    SmallDisk disk(2 * Store::kRecordBound);
    store.set_journal(&disk);
    auto copied = store.copy("bob", "INBOX", uids, "Archive");
    REQUIRE(!copied);
    CHECK(copied.error() == StoreError::StorageFull);
    CHECK(store.mailbox("bob")->folder("Archive")->messages().empty());
    auto expunged = store.expunge("bob", "INBOX");
    REQUIRE(!expunged);
    CHECK(expunged.error() == StoreError::StorageFull);
    CHECK(store.mailbox("bob")->inbox().messages().size() == 3);
    CHECK(disk.records() == 0);
    store.set_journal(nullptr);
}
