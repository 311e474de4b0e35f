// libFuzzer target: arbitrary bytes from a POP3 client into the server engine.
// Besides "no crash, no hang, no sanitizer report" it checks two properties:
//  - the result does not depend on how the bytes were split into reads;
//  - without a QUIT the maildrop is unchanged, and no session leaves the maildrop locked.
// Input: byte 0 picks the configuration (bit 0: classic texts, bit 1: APOP offered,
// bits 2-7: where to split the rest); the rest is what the client sends. A third run gets the
// client's FIN at a point the input picks (fuzz_eof.h): the maildrop must stay as it was.
#include "fuzz_eof.h"
#include "sim/proto/pop3/pop3_server.h"
#include "sim/store/store.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

using namespace mailsim;

namespace {

struct Outcome {
    std::string output;
    std::size_t events = 0;
    std::size_t messages_left = 0;
    bool quit = false;
};

void fill(store::Store& store) {
    (void)store.add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}});
    (void)store.add_user({"mrose", "tanstaaf", "mrose@dbc.mtview.ca.us", "", {}});
    (void)store.deliver("bob", "Subject: one\r\n\r\nHello Bob\r\n", 1);
    (void)store.deliver("bob", "Subject: dots\r\n\r\n.hidden\r\n..two\r\n.\r\nend\r\n", 2);
    (void)store.deliver("bob", "Subject: lf\n\nline one\nline two", 3);
    (void)store.deliver("mrose", "Subject: hi\r\n\r\n.\r\n", 4);
}

Outcome run(const pop3::ServerConfig& config, std::string_view input, std::size_t cut) {
    store::Store store;
    fill(store);
    Outcome outcome;
    {
        pop3::Pop3Server server(store, config);
        auto drain = [&] {
            fuzz::drain_settled<pop3::NeedData>(server, [&](const pop3::ServerEvent& event) {
                if (auto* closed = std::get_if<pop3::ConnectionClosed>(&event))
                    outcome.quit = closed->reason == pop3::EndReason::Quit;
                ++outcome.events;
            });
            outcome.output += server.take_output();
        };
        drain();
        server.receive_data(input.substr(0, cut));
        drain();
        server.receive_data(input.substr(cut));
        drain();
        server.receive_eof();
        drain();
        if (server.state() != pop3::State::Closed)
            std::abort(); // EOF must always end the session
    }
    if (store.is_locked("bob") || store.is_locked("mrose"))
        std::abort();
    outcome.messages_left = store.mailbox("bob")->inbox().messages().size() +
                            store.mailbox("mrose")->inbox().messages().size();
    if (!outcome.quit && outcome.messages_left != 4)
        std::abort(); // something was deleted without QUIT
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    pop3::ServerConfig config;
    config.style = (data[0] & 1) ? pop3::TextStyle::Classic : pop3::TextStyle::Modern;
    if (data[0] & 2)
        config.apop_timestamp = "<1896.697170952@dbc.mtview.ca.us>";
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t cut = input.empty() ? 0 : (data[0] >> 2) * 7919u % (input.size() + 1);
    const Outcome whole = run(config, input, input.size());
    const Outcome split = run(config, input, cut);
    if (whole.output != split.output || whole.events != split.events ||
        whole.messages_left != split.messages_left)
        std::abort();

    store::Store store;
    fill(store);
    {
        pop3::Pop3Server server(store, config);
        fuzz::feed_with_eof<pop3::NeedData>(server, input,
                                            [](auto& engine) { (void)engine.take_output(); });
        if (server.state() != pop3::State::Closed)
            std::abort();
    }
    if (store.is_locked("bob") || store.is_locked("mrose"))
        std::abort();
    return 0;
}
