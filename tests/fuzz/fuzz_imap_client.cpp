// libFuzzer target: arbitrary bytes from a server into the IMAP client engine, with a few
// commands queued so tagged replies, FETCH data, literals and continuations all have a
// command to belong to. The first byte picks how the input is cut into reads. A second run
// gets the server's FIN at a point the input picks (fuzz_eof.h).
#include "fuzz_eof.h"
#include "sim/proto/imap/imap_client.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void drain(mailsim::imap::ImapClient& client) {
    fuzz::drain_settled<mailsim::imap::NeedData>(client);
    (void)client.take_output();
}

void queue_commands(mailsim::imap::ImapClient& client) {
    client.login("bob", "hungry");
    client.append("INBOX", "Subject: x\r\n\r\nbody\r\n", {"\\Seen"});
    client.select("INBOX");
    client.fetch(mailsim::imap::SequenceSet::single(1), "(UID FLAGS BODYSTRUCTURE BODY[])");
    client.move(mailsim::imap::SequenceSet::single(1), "Archive");
    client.search("ALL");
    client.logout();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    mailsim::imap::ClientConfig config;
    config.limits.max_line = 2048;
    config.limits.max_literal = 8192;
    mailsim::imap::ImapClient client(config);
    queue_commands(client);
    const std::size_t chunk = 1 + data[0] % 64;
    std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    while (!input.empty()) {
        const std::size_t n = std::min(chunk, input.size());
        client.receive_data(input.substr(0, n));
        input.remove_prefix(n);
        drain(client);
    }
    client.receive_eof();
    drain(client);

    mailsim::imap::ImapClient cut(config);
    queue_commands(cut);
    fuzz::feed_with_eof<mailsim::imap::NeedData>(
        cut, std::string_view(reinterpret_cast<const char*>(data + 1), size - 1),
        [](auto& engine) { (void)engine.take_output(); });
    return 0;
}
