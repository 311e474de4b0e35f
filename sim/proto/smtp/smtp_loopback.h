#pragma once
// An SMTP client and server engine wired back to back in memory: no network, no time. Tests
// read as conversations with it, and a lesson can show the "C:"/"S:" dialogue of any
// configuration without starting the simulated world.
#include "smtp_client.h"
#include "smtp_server.h"

#include <string>
#include <vector>

namespace mailsim::smtp {

struct LoopbackRun {
    // The dialogue as the lecture prints it: one "C: ..."/"S: ..." entry per wire line.
    std::vector<std::string> transcript;
    std::vector<Event> client_events;
    std::vector<Event> server_events;
};

// Runs until neither side has anything more to say. Each side's output is delivered whole, as
// one read; the server's close is seen by the client as EOF and vice versa.
LoopbackRun run_loopback(SmtpClient& client, SmtpServer& server);

// "C: "/"S: " lines of a chunk of wire bytes (CRLF-split; a bare LF shows as "\n").
void append_transcript_lines(std::vector<std::string>& out, std::string_view prefix,
                             ByteView bytes);
std::string join_transcript(const std::vector<std::string>& lines);

} // namespace mailsim::smtp
