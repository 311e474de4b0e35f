#pragma once
// Helpers for the POP3 tests: a store with the lecture's users and messages, event printers,
// a driver that feeds a server split anywhere, and an in-memory client <-> server pair.
#include "sim/proto/pop3/pop3_client.h"
#include "sim/proto/pop3/pop3_server.h"
#include "sim/store/store.h"

#include <functional>
#include <string>
#include <vector>

namespace pop3_test {

using namespace mailsim;

// A message whose wire size is exactly `size` octets: headers, a line with `marker`, then
// filler lines (the lecture's LIST shows "1 498" and "2 912").
std::string sized_message(const std::string& subject, const std::string& marker, size_t size);

// bob/hungry with the lecture's two messages (498 and 912 octets), alice/crepes empty.
void add_lecture_users(store::Store& store);

std::string describe(const pop3::ServerEvent& event);
std::string describe(const pop3::ClientEvent& event);

struct ServerRun {
    std::string output;              // every byte the server wrote
    std::vector<std::string> events; // describe() of each event, NeedData excluded
};

// Drains the server's events into `run` (and its output).
void drain(pop3::Pop3Server& server, ServerRun& run);

// Feeds `input` to a fresh server split into the given chunks (sizes); the rest in one piece.
ServerRun run_server(store::Store& store, const pop3::ServerConfig& config,
                     const std::vector<std::string>& chunks, bool eof = false);

// "C: ..." and "S: ..." lines, as the lecture writes a dialogue: the server's reply to each
// command is collected after feeding that command alone.
std::string transcript(store::Store& store, const pop3::ServerConfig& config,
                       const std::vector<std::string>& commands);

struct PairRun {
    std::string transcript; // "C: " / "S: " lines
    std::vector<std::string> client_events;
    std::vector<std::string> server_events;
    pop3::SessionFinished finished;
    std::vector<pop3::MessageRetrieved> messages;
    bool client_finished = false;
};

// Runs client and server against each other in memory until the client is done. If
// `drop_after` says so (given the client's command count), the connection is cut instead:
// both engines get receive_eof() and no more bytes move.
PairRun run_pair(pop3::Pop3Server& server, pop3::Pop3Client& client,
                 const std::function<bool(size_t commands_sent)>& drop_after = {});

} // namespace pop3_test
