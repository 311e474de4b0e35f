// libFuzzer target: arbitrary bytes from a (hostile or broken) POP3 server into the client
// engine. Checks: no crash or sanitizer report, the same outcome however the bytes are split,
// and a finished session always ends with exactly one SessionFinished event.
// Input: byte 0 picks the configuration (bit 0: keep/delete, bit 1: classic, bit 2: APOP,
// bits 3-7: where to split); the rest is what the server sends. A third run gets the server's
// FIN at a point the input picks (fuzz_eof.h).
#include "fuzz_eof.h"
#include "sim/proto/pop3/pop3_client.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

using namespace mailsim;

namespace {

struct Outcome {
    std::string output;
    std::size_t events = 0;
    std::size_t finished = 0;
    std::size_t retrieved_bytes = 0;
};

Outcome run(const pop3::ClientConfig& config, std::string_view input, std::size_t cut) {
    pop3::Pop3Client client(config);
    Outcome outcome;
    auto drain = [&] {
        fuzz::drain_settled<pop3::NeedData>(client, [&](const pop3::ClientEvent& event) {
            ++outcome.events;
            if (std::holds_alternative<pop3::SessionFinished>(event))
                ++outcome.finished;
            if (auto* message = std::get_if<pop3::MessageRetrieved>(&event))
                outcome.retrieved_bytes += message->content.size();
        });
        outcome.output += client.take_output();
    };
    client.receive_data(input.substr(0, cut));
    drain();
    client.receive_data(input.substr(cut));
    drain();
    client.receive_eof();
    drain();
    if (!client.finished() || outcome.finished != 1)
        std::abort(); // after EOF the session must be over, reported once
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    pop3::ClientConfig config;
    config.user = "bob";
    config.password = "hungry";
    config.mode = (data[0] & 1) ? pop3::RetrievalMode::DownloadAndDelete
                                : pop3::RetrievalMode::DownloadAndKeep;
    config.style = (data[0] & 2) ? pop3::TextStyle::Classic : pop3::TextStyle::Modern;
    config.auth = (data[0] & 4) ? pop3::AuthMethod::Apop : pop3::AuthMethod::UserPass;
    config.seen_uids = {"1.1"};
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t cut = input.empty() ? 0 : (data[0] >> 3) * 7919u % (input.size() + 1);
    const Outcome whole = run(config, input, input.size());
    const Outcome split = run(config, input, cut);
    if (whole.output != split.output || whole.events != split.events ||
        whole.retrieved_bytes != split.retrieved_bytes)
        std::abort();
    pop3::Pop3Client cut_short(config);
    fuzz::feed_with_eof<pop3::NeedData>(cut_short, input,
                                        [](auto& engine) { (void)engine.take_output(); });
    if (!cut_short.finished())
        std::abort(); // EOF ends the session, whatever came before
    return 0;
}
