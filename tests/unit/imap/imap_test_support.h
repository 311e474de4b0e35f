#pragma once
// Shared fixtures for the IMAP tests: a store with Bob's mailbox, and a runner that feeds a
// server its input in any split and returns the bytes it wrote and the events it reported.
#include "sim/proto/imap/imap_server.h"
#include "sim/store/store.h"

#include <memory>
#include <string>
#include <vector>

namespace imap_test {

using namespace mailsim;

inline constexpr const char* kMessage1 = "From: Alice <alice@crepes.fr>\r\n"
                                         "To: Bob <bob@someschool.edu>\r\n"
                                         "Subject: Lunch\r\n"
                                         "Date: Mon, 1 Jan 2024 09:00:00 +0000\r\n"
                                         "Message-ID: <1@crepes.fr>\r\n"
                                         "\r\n"
                                         "Do you like ketchup?\r\n"
                                         "How about pickles?\r\n";

inline constexpr const char* kMessage2 = "From: Carol <carol@example.org>\r\n"
                                         "To: bob@someschool.edu, Dave <dave@example.org>\r\n"
                                         "Cc: team: erin@example.org;\r\n"
                                         "Subject: =?UTF-8?B?7ZWc6riA?= report\r\n"
                                         "MIME-Version: 1.0\r\n"
                                         "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
                                         "\r\n"
                                         "preamble\r\n"
                                         "--b1\r\n"
                                         "Content-Type: text/plain; charset=utf-8\r\n"
                                         "\r\n"
                                         "See the attachment.\r\n"
                                         "--b1\r\n"
                                         "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
                                         "Content-Disposition: attachment; filename=\"r.pdf\"\r\n"
                                         "Content-Transfer-Encoding: base64\r\n"
                                         "\r\n"
                                         "JVBERi0=\r\n"
                                         "--b1--\r\n";

inline constexpr const char* kMessage3 = "From: alice@crepes.fr\r\n"
                                         "To: bob@someschool.edu\r\n"
                                         "Subject: Dinner\r\n"
                                         "\r\n"
                                         "Crepes tonight?\r\n";

// Bob ("hungry") with three messages in INBOX delivered on 1, 2 and 3 January 2024 (SimTime
// 0 = 2024-01-01 00:00 UTC in the default ServerConfig).
inline std::unique_ptr<store::Store> make_store() {
    auto store = std::make_unique<store::Store>();
    (void)store->add_user({"bob", "hungry", "bob@someschool.edu", "Bob", {}});
    (void)store->add_user({"alice", "crepes", "alice@crepes.fr", "Alice", {}});
    (void)store->deliver("bob", kMessage1, 9 * kHour);
    (void)store->deliver("bob", kMessage2, kDay + 10 * kHour);
    (void)store->deliver("bob", kMessage3, 2 * kDay + 11 * kHour);
    return store;
}

struct Run {
    std::string output;
    std::vector<std::string> events; // describe() of every event but need-data
};

inline void drain(imap::ImapServer& server, Run& run) {
    for (;;) {
        auto event = server.next_event();
        if (std::holds_alternative<imap::NeedData>(event))
            break;
        run.events.push_back(imap::describe(event));
        if (std::holds_alternative<imap::ConnectionClosed>(event))
            break;
    }
    run.output += server.take_output();
}

// Feeds `input` in pieces cut at `cuts` (ascending offsets), then EOF if asked.
enum class Eof { Send, Keep };
inline Run run_server(store::Store& store, std::string_view input, const std::vector<size_t>& cuts,
                      Eof eof = Eof::Keep, imap::ServerConfig config = {}) {
    imap::ImapServer server(store, config);
    Run run;
    drain(server, run);
    size_t start = 0;
    for (size_t cut : cuts) {
        server.receive_data(input.substr(start, cut - start));
        drain(server, run);
        start = cut;
    }
    server.receive_data(input.substr(start));
    drain(server, run);
    if (eof == Eof::Send) {
        server.receive_eof();
        drain(server, run);
    }
    return run;
}

inline Run run_whole(store::Store& store, std::string_view input, Eof eof = Eof::Keep) {
    return run_server(store, input, {}, eof);
}

} // namespace imap_test
