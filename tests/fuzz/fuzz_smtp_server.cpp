// libFuzzer target for the SMTP server's input path. The first byte picks a configuration
// (text style, bare-LF policy, RFC 821 commands, tight limits); the rest is what a client
// sends. Beyond "no crash, no hang, no sanitizer report" it checks two properties:
//   - the same bytes fed whole and one byte at a time give identical events and output;
//   - everything the server sends parses as RFC 5321 replies.
#include "fuzz_eof.h"
#include "sim/proto/smtp/smtp_server.h"
#include "sim/proto/smtp/smtp_static_policy.h"

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
};

StaticPolicy make_policy(uint8_t selector) {
    StaticPolicy policy;
    policy.add_local_domain("hamburger.edu");
    policy.add_user("bob@hamburger.edu", "Bob Burger");
    policy.add_user("carol@hamburger.edu", "Carol Smith");
    policy.add_list("staff", {"bob@hamburger.edu", "carol@hamburger.edu"});
    policy.set_logged_in("bob@hamburger.edu");
    policy.set_turn(selector & 0x40 ? TurnDecision::Accept : TurnDecision::Refuse);
    if (selector & 0x80)
        policy.force_reply(FaultPoint::Kind::Command, Verb::Rcpt, 452, 2);
    return policy;
}

ServerConfig make_config(uint8_t selector) {
    ServerConfig config;
    config.hostname = "hamburger.edu";
    config.style = selector & 1 ? TextStyle::Classic : TextStyle::Modern;
    switch ((selector >> 1) & 3) {
    case 0:
        config.bare_lf = BareLfPolicy::Reject;
        break;
    case 1:
        config.bare_lf = BareLfPolicy::KeepAsData;
        break;
    default:
        config.bare_lf = BareLfPolicy::AcceptAsLineEnd;
        break;
    }
    config.rfc821 = selector & 8 ? Rfc821Commands::Implement : Rfc821Commands::Refuse;
    if (selector & 0x10) {
        config.max_recipients = 3;
        config.max_message_size = 64;
        config.max_command_line = 40;
        config.max_text_line = 30;
    }
    return config;
}

template <class Feed>
Run run(uint8_t selector, Feed feed) {
    StaticPolicy policy = make_policy(selector);
    SmtpServer server(make_config(selector), policy);
    Run out;
    auto drain = [&] {
        fuzz::drain_settled<NeedData>(
            server, [&](const Event& event) { out.events.push_back(describe(event)); });
        out.output += server.take_output();
    };
    drain();
    feed(server, drain);
    if (selector & 0x20)
        server.on_timeout();
    else
        server.receive_eof();
    drain();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const uint8_t selector = data[0];
    const ByteView input(reinterpret_cast<const char*>(data + 1), size - 1);

    const Run whole = run(selector, [&](SmtpServer& server, auto& drain) {
        server.receive_data(input);
        drain();
    });
    // The peer's FIN at a point the input picks: the run closes it there (fuzz_eof.h).
    (void)run(selector, [&](SmtpServer& server, auto& drain) {
        server.receive_data(input.substr(0, fuzz::eof_point(input)));
        drain();
    });
    const Run bytewise = run(selector, [&](SmtpServer& server, auto& drain) {
        for (std::size_t i = 0; i < input.size(); ++i) {
            server.receive_data(input.substr(i, 1));
            drain();
        }
    });
    if (whole.events != bytewise.events || whole.output != bytewise.output)
        __builtin_trap();

    ReplyParser parser;
    std::size_t pos = 0;
    while (pos < whole.output.size()) {
        const std::size_t end = whole.output.find("\r\n", pos);
        if (end == Bytes::npos)
            __builtin_trap(); // every reply line ends with CRLF
        if (!parser.feed_line(ByteView(whole.output).substr(pos, end - pos)))
            __builtin_trap();
        pos = end + 2;
    }
    if (parser.in_progress())
        __builtin_trap();
    return 0;
}
