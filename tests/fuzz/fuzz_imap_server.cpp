// libFuzzer target: arbitrary bytes from a client into the IMAP server engine. The first byte
// picks how the input is cut into reads (so split-dependent bugs surface too) and, with bit
// 0x40, the extended server (UIDPLUS, MOVE, IDLE, LITERAL+, ...) with a second session idling
// in INBOX beside it, drained after every read so that its pushes run too; the engines must
// answer everything without crashing, hanging or growing without bound. A second run gets the
// client's FIN at a point the input picks (fuzz_eof.h).
#include "fuzz_eof.h"
#include "sim/proto/imap/imap_server.h"
#include "sim/store/store.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

constexpr std::string_view kMessage = "From: Alice <alice@crepes.fr>\r\n"
                                      "To: bob@someschool.edu, team: a@b.c;\r\n"
                                      "Subject: =?UTF-8?B?7ZWc6riA?=\r\n"
                                      "Content-Type: multipart/mixed; boundary=x\r\n"
                                      "\r\n"
                                      "--x\r\n"
                                      "Content-Type: text/plain\r\n"
                                      "\r\n"
                                      "hi\r\n"
                                      "--x\r\n"
                                      "Content-Type: message/rfc822\r\n"
                                      "\r\n"
                                      "Subject: inner\r\n"
                                      "\r\n"
                                      "body\r\n"
                                      "--x--\r\n";

void drain(mailsim::imap::ImapServer& server) {
    // Until NeedData, past ConnectionClosed too: an engine that never settles traps.
    fuzz::drain_settled<mailsim::imap::NeedData>(server);
    (void)server.take_output();
}

void fill(mailsim::store::Store& store) {
    (void)store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}});
    (void)store.deliver("bob", std::string(kMessage), 0);
    (void)store.deliver("bob", "Subject: two\r\n\r\nx\r\n", 1000);
    (void)store.create_folder("bob", "Work");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    mailsim::store::Store store;
    fill(store);
    mailsim::imap::ServerConfig config;
    config.limits.max_line = 2048;
    config.limits.max_literal = 4096;
    config.extensions = (data[0] & 0x40) != 0;
    // The IDLE keepalive fires between every chunk (on_timeout() at any point of a session).
    const bool keepalive = (data[0] & 0x80) != 0;
    config.idle_keepalive = keepalive ? mailsim::kMinute : 0;
    mailsim::imap::ImapServer server(store, config);
    mailsim::imap::ImapServer idler(store, config);
    if (config.extensions)
        idler.receive_data("i1 LOGIN bob hungry\r\ni2 SELECT INBOX\r\ni3 IDLE\r\n");
    drain(idler);
    const std::size_t chunk = 1 + data[0] % 64;
    std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    drain(server);
    while (!input.empty()) {
        const std::size_t n = std::min(chunk, input.size());
        server.receive_data(input.substr(0, n));
        input.remove_prefix(n);
        if (keepalive) {
            server.on_timeout();
            idler.on_timeout();
        }
        drain(server);
        drain(idler);
    }
    server.receive_eof();
    drain(server);

    mailsim::store::Store cut_store;
    fill(cut_store);
    mailsim::imap::ImapServer cut(cut_store, config);
    fuzz::feed_with_eof<mailsim::imap::NeedData>(
        cut, std::string_view(reinterpret_cast<const char*>(data + 1), size - 1),
        [](auto& engine) { (void)engine.take_output(); });
    return 0;
}
