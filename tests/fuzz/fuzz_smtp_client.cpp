// libFuzzer target for the SMTP client's input path: whatever a (hostile or broken) server
// sends, the client must neither crash nor loop, must give every recipient a final status
// once closed, and must behave the same whether the bytes come whole or one at a time.
#include "fuzz_eof.h"
#include "sim/proto/smtp/smtp_client.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using namespace mailsim;
using namespace mailsim::smtp;

namespace {

struct Run {
    std::vector<std::string> events;
    Bytes output;
    bool all_final = true;
};

template <class Feed>
Run run(uint8_t selector, Feed feed) {
    ClientConfig config;
    config.hostname = "crepes.fr";
    config.style = selector & 1 ? ClientStyle::Classic : ClientStyle::Modern;
    config.pipelining = selector & 2 ? PipeliningUse::Never : PipeliningUse::WhenOffered;
    config.eight_bit =
        selector & 8 ? EightBitPolicy::ConvertQuotedPrintable : EightBitPolicy::Refuse;
    config.end = selector & 4 ? SessionEnd::Turn : SessionEnd::Quit;
    std::vector<OutgoingMessage> messages = {
        {"alice@crepes.fr", {"bob@hamburger.edu", "carol@hamburger.edu"}, "hi\r\n.\r\n", {}},
        {"", {"dave@hamburger.edu"}, "bounce\xc3\xa9\n", DeliveryMode::Mailbox}};
    SmtpClient client(config, messages);
    Run out;
    auto drain = [&] {
        fuzz::drain_settled<NeedData>(
            client, [&](const Event& event) { out.events.push_back(describe(event)); });
        out.output += client.take_output();
    };
    drain();
    feed(client, drain);
    client.receive_eof();
    drain();
    for (const auto& result : client.results())
        for (const auto& r : result.recipients)
            out.all_final = out.all_final && r.status != RecipientStatus::Pending;
    if (client.results().size() != messages.size())
        out.all_final = false;
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const uint8_t selector = data[0];
    const ByteView input(reinterpret_cast<const char*>(data + 1), size - 1);
    const Run whole = run(selector, [&](SmtpClient& client, auto& drain) {
        client.receive_data(input);
        drain();
    });
    // The peer's FIN at a point the input picks: the run closes it there (fuzz_eof.h).
    (void)run(selector, [&](SmtpClient& client, auto& drain) {
        client.receive_data(input.substr(0, fuzz::eof_point(input)));
        drain();
    });
    const Run bytewise = run(selector, [&](SmtpClient& client, auto& drain) {
        for (std::size_t i = 0; i < input.size(); ++i) {
            client.receive_data(input.substr(i, 1));
            drain();
        }
    });
    if (!whole.all_final || whole.events != bytewise.events || whole.output != bytewise.output)
        __builtin_trap();
    return 0;
}
