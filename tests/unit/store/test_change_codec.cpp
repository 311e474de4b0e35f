#include "sim/core/sha256.h"
#include "sim/store/change_codec.h"
#include "sim/store/store.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mailsim;
using namespace mailsim::store;

namespace {

struct Log : StoreObserver {
    Bytes bytes;
    void on_change(const ChangeRecord& record) override { bytes += encode_change(record.change); }
};

// A history that uses every kind of change, with awkward bytes in names and messages.
void make_history(Store& store) {
    REQUIRE(store.add_user({"bob", "pass word=%", "bob@someschool.edu", "Bob Smith", {}}).ok());
    REQUIRE(store.add_user({"alice", "crepes", "alice@crepes.fr", "", Quota{5000, 0}}).ok());
    REQUIRE(store.deliver("bob", "Subject: one\r\n\r\nline\nwith bare LF\r\n.\r\n", -7).ok());
    REQUIRE(store.deliver("bob", "", 3).ok()); // an empty message
    REQUIRE(store.create_folder("bob", "Über Ordner/2024 100%").ok());
    const std::vector<Uid> both{1, 2};
    REQUIRE(store.copy("bob", "INBOX", both, "Über Ordner/2024 100%").ok());
    Flags flags{SystemFlag::Seen, SystemFlag::Deleted};
    flags.add_keyword("$Work");
    REQUIRE(store.set_flags("bob", "INBOX", 1, flags).ok());
    REQUIRE(store.expunge("bob", "INBOX").ok());
    REQUIRE(store.remove("bob", "INBOX", 2, RemoveReason::Pop3Deleted).ok());
    REQUIRE(store.set_subscription("bob", "Über Ordner/2024 100%", Subscription::Subscribed).ok());
    REQUIRE(
        store.set_subscription("bob", "Über Ordner/2024 100%", Subscription::Unsubscribed).ok());
    REQUIRE(store.create_folder("bob", "Old").ok());
    REQUIRE(store.delete_folder("bob", "Old").ok());
    REQUIRE(store.rename_folder("bob", "INBOX", "Moved").ok());
    REQUIRE(store.set_quota("bob", Quota{0, 100}).ok());
    REQUIRE(store.append("alice", "INBOX", "x", 9, Flags{SystemFlag::Draft}).ok());
}

void check_same(const Store& a, const Store& b) {
    REQUIRE(a.logins() == b.logins());
    for (const auto& login : a.logins()) {
        const Mailbox* x = a.mailbox(login);
        const Mailbox* y = b.mailbox(login);
        CHECK(x->account().password == y->account().password);
        CHECK(x->account().display_name == y->account().display_name);
        CHECK(x->account().quota == y->account().quota);
        CHECK(x->subscriptions() == y->subscriptions());
        REQUIRE(x->folders().size() == y->folders().size());
        for (const auto& [name, folder] : x->folders()) {
            const Folder* other = y->folder(name);
            REQUIRE(other);
            CHECK(other->uid_validity() == folder.uid_validity());
            CHECK(other->uid_next() == folder.uid_next());
            REQUIRE(other->messages().size() == folder.messages().size());
            for (size_t i = 0; i < folder.messages().size(); ++i) {
                const Message& m = folder.messages()[i];
                const Message& n = other->messages()[i];
                CHECK(m.id == n.id);
                CHECK(m.uid == n.uid);
                CHECK(m.bytes() == n.bytes());
                CHECK(m.internal_date == n.internal_date);
                CHECK(m.flags == n.flags);
            }
        }
    }
}

} // namespace

TEST_CASE("change log: encode every change, decode, replay: the same store") {
    Store store;
    Log log;
    store.add_observer(&log);
    make_history(store);
    const auto decoded = decode_changes(log.bytes);
    CHECK_FALSE(decoded.error);
    CHECK(decoded.valid_bytes == log.bytes.size());
    CHECK(decoded.changes.size() == store.last_seq());
    Store copy;
    for (const auto& change : decoded.changes)
        REQUIRE(copy.replay(change).ok());
    check_same(store, copy);
    // Encoding is stable: decode(encode(x)) encodes to the same bytes.
    Bytes again;
    for (const auto& change : decoded.changes)
        again += encode_change(change);
    CHECK(again == log.bytes);
}

TEST_CASE("change log: the record format is readable text") {
    CHECK(encode_record(FolderCreated{"bob", "My Mail=100%", 7}) ==
          "folder-created login=bob folder=My%20Mail%3D100%25 uidvalidity=7\n");
    Message message;
    message.id = 3;
    message.uid = 2;
    message.raw = std::make_shared<const Bytes>("Hi\r\n");
    message.internal_date = 5;
    message.flags = Flags{SystemFlag::Recent};
    CHECK(encode_record(MessageAdded{"bob", "INBOX", message, AddReason::Delivered, 0}) ==
          "message-added login=bob folder=INBOX id=3 uid=2 date=5 flags=\\Recent "
          "reason=delivered copied-from=0 size=4\nHi\r\n\n");
}

TEST_CASE("change log: a record cut short keeps the whole records before it") {
    Store store;
    Log log;
    store.add_observer(&log);
    make_history(store);
    const auto full = decode_changes(log.bytes);
    REQUIRE(full.changes.size() > 5);
    // Cut at every position: never a crash, always a valid prefix, an error unless at a
    // record boundary.
    size_t boundaries = 0;
    for (size_t cut = 0; cut < log.bytes.size(); ++cut) {
        const auto part = decode_changes(ByteView(log.bytes).substr(0, cut));
        CHECK(part.valid_bytes <= cut);
        CHECK(part.changes.size() <= full.changes.size());
        if (!part.error) {
            CHECK(part.valid_bytes == cut);
            ++boundaries;
        }
    }
    CHECK(boundaries == full.changes.size()); // cut 0 plus every boundary but the last
}

TEST_CASE("change log: corrupt records are reported with their line") {
    auto error_of = [](std::string text) {
        auto decoded = decode_changes(text);
        REQUIRE(decoded.error);
        return std::to_string(decoded.error->line) + ": " + decoded.error->message;
    };
    CHECK(error_of("bogus-record a=b\n") == "1: unknown or malformed record 'bogus-record'");
    CHECK(error_of("folder-created login=bob folder=X\n") ==
          "1: record 'folder-created': bad or missing 'uidvalidity'");
    CHECK(error_of("folder-deleted login=bob folder=X\nfolder-created login=bob folder=X "
                   "uidvalidity=x1\n") ==
          "2: record 'folder-created': bad or missing 'uidvalidity'");
    CHECK(error_of("folder-deleted login=bob folder=%4\n") == "1: malformed field in record");
    CHECK(error_of("folder-deleted login=bob login=eve folder=X\n") ==
          "1: malformed field in record");
    CHECK(error_of("message-added login=bob folder=INBOX id=1 uid=1 date=0 flags= "
                   "reason=delivered copied-from=0 size=10\nshort\n") ==
          "1: message bytes cut short");
    CHECK(error_of("flags-changed login=bob folder=INBOX id=1 uid=1 before=%5CBogus after=\n") ==
          "1: unknown or malformed record 'flags-changed'");
}

TEST_CASE("change log: every record is framed with a checksum") {
    const Bytes record = encode_record(FolderCreated{"bob", "X", 7});
    const Bytes framed = encode_change(FolderCreated{"bob", "X", 7});
    CHECK(framed == "#" + std::to_string(record.size()) + " " + sha256_hex(record).substr(0, 16) +
                        "\n" + record);
    // Bare records of logs written before the frames are still read.
    const auto legacy = decode_changes(record + encode_record(FolderDeleted{"bob", "X"}));
    CHECK_FALSE(legacy.error);
    CHECK(legacy.changes.size() == 2);
}

TEST_CASE("change log: one flipped byte anywhere loses that record only, and says where") {
    Store store;
    Log log;
    store.add_observer(&log);
    make_history(store);
    const auto full = decode_changes(log.bytes);
    REQUIRE_FALSE(full.error);
    for (size_t at = 0; at < log.bytes.size(); ++at) {
        Bytes damaged = log.bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
        const auto decoded = decode_changes(damaged);
        INFO("byte " << at << " flipped");
        REQUIRE(decoded.damage.size() == 1);
        CHECK(decoded.changes.size() == full.changes.size() - 1);
        CHECK(decoded.damage[0].offset <= at);
        CHECK(decoded.damage[0].offset + decoded.damage[0].length > at);
        CHECK_FALSE(decoded.damage[0].cut_short);
    }
}

TEST_CASE("change log: garbage, a damaged length, a record cut short by a crash") {
    const auto garbage = decode_changes("\x01\x02 this is not a log\n#12 zz\nmore\n");
    CHECK(garbage.changes.empty());
    REQUIRE(garbage.damage.size() == 1);
    CHECK(garbage.damage[0].length == 33);

    Bytes log = encode_change(FolderCreated{"bob", "A", 7});
    const std::size_t first = log.size();
    Bytes huge = encode_change(FolderCreated{"bob", "B", 8});
    huge.replace(1, huge.find(' ') - 1, "18446744073709551615");
    log += huge + encode_change(FolderCreated{"bob", "C", 9});
    const auto decoded = decode_changes(log);
    CHECK(decoded.changes.size() == 2); // A and C
    REQUIRE(decoded.damage.size() == 1);
    CHECK(decoded.damage[0].offset == first);
    CHECK(decoded.valid_bytes == first);

    const Bytes whole =
        encode_change(FolderCreated{"bob", "A", 7}) + encode_change(FolderCreated{"bob", "B", 8});
    for (std::size_t cut = first + 1; cut < whole.size(); ++cut) {
        const auto part = decode_changes(ByteView(whole).substr(0, cut));
        REQUIRE(part.damage.size() == 1);
        CHECK(part.damage[0].cut_short);
        CHECK(part.changes.size() == 1);
    }
}
