// libFuzzer target: arbitrary bytes as a store change log (what `mailsim serve --state` reads
// back at start-up). Decoding and replaying must never crash; whatever replays must encode and
// decode to the same bytes again; and the rebuilt store must take live operations afterwards.
#include "sim/store/change_codec.h"
#include "sim/store/store.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace mailsim;
using namespace mailsim::store;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input(reinterpret_cast<const char*>(data), size);
    const DecodedLog decoded = decode_changes(input);
    if (decoded.valid_bytes > size)
        std::abort();
    Store store;
    Bytes accepted;
    for (const auto& change : decoded.changes)
        if (store.replay(change).ok())
            accepted += encode_change(change);
    const DecodedLog again = decode_changes(accepted);
    if (again.error || again.valid_bytes != accepted.size())
        std::abort();
    Bytes reencoded;
    for (const auto& change : again.changes)
        reencoded += encode_change(change);
    if (reencoded != accepted)
        std::abort();
    for (const auto& login : store.logins()) {
        (void)store.deliver(login, "Subject: live\r\n\r\n", 1);
        (void)store.create_folder(login, "Fuzz");
        std::vector<Uid> uids;
        for (const auto& message : store.mailbox(login)->inbox().messages())
            uids.push_back(message.uid);
        (void)store.copy(login, "INBOX", uids, "Fuzz");
        for (Uid uid : uids)
            (void)store.set_flags(login, "INBOX", uid, Flags{SystemFlag::Deleted});
        (void)store.expunge(login, "INBOX");
        (void)store.rename_folder(login, "Fuzz", "Fuzzed");
        auto lock = store.lock(login);
        if (lock && store.lock(login).ok())
            std::abort(); // a second lock must fail
    }
    return 0;
}
