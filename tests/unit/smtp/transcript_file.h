#pragma once
// Conversations as Markdown (tests/transcripts/smtp/*.md): prose for people, a ```smtp block
// for the server engine, and an optional ```events block. The lessons cite the same files.
//
// In the smtp block:
//   ! key: value      configuration. Server: style (classic), hostname, bare-lf (reject|keep|
//                     accept), rfc821 (implement), max-recipients, max-size, extensions
//                     (SIZE,8BITMIME,...), user ADDR [Full Name], list NAME A,B, forward ADDR
//                     NEW 251|551, logged-in ADDR, vrfy (answer|cannot|disabled), expn
//                     (answer|denied|disabled), turn (accept), relay-from IP, client-address
//                     IP, refuse-sender ADDR, quota BYTES, force POINT CODE [TIMES] with
//                     POINT = connect | end-of-data | a command verb. The policy starts as
//                     hamburger.edu with bob, carol, dave and the list staff.
//   C: text           one read from the client: text + CRLF. Escapes: \r \n \\ \xHH,
//                     {{x*N}} repeats x N times.
//   C~ text           one read of exactly text (no CRLF added): split lines, bare LFs.
//   C[N]: text        N reads, {{i}} replaced by 1..N; S[N]: likewise.
//   S: text           one line the server must have sent by now (CRLF implied).
//   ! eof / ! timeout the client closes / the server's timer fires, at this point.
// With "! role: client" the engine under test is the client: S: lines are what the server
// sends (one read each), C: lines what the client must have sent by then, and
// "! message: FROM TO[,TO...] BODY" (BODY with the escapes above) queues a message; the
// client directives are client-style (classic), pipelining (never), eight-bit (refuse|qp|
// base64), client-hostname and session-end (turn).
// The events block lists describe() lines that must occur in this order (a trailing * makes
// the line a prefix).
#include "sim/proto/smtp/smtp_client.h"
#include "sim/proto/smtp/smtp_server.h"
#include "sim/proto/smtp/smtp_static_policy.h"

#include <string>
#include <utility>
#include <vector>

namespace mailsim::smtp::testing {

struct TranscriptStep {
    enum class Kind { Send, Expect, Eof, Timeout };
    Kind kind;
    std::string bytes; // Send: raw bytes; Expect: the expected line with CRLF
    int line = 0;      // line number in the .md file
};

enum class TranscriptRole { Server, Client };

struct TranscriptFile {
    std::string name;
    TranscriptRole role = TranscriptRole::Server;
    ClientConfig client;
    std::vector<OutgoingMessage> messages;
    ServerConfig config;
    StaticPolicy policy;
    std::string client_address;
    std::vector<TranscriptStep> steps;
    std::vector<std::string> expected_events;
    std::vector<std::string> errors; // problems in the file itself
};

TranscriptFile parse_transcript_file(const std::string& name, const std::string& text);
std::string unescape_transcript_text(const std::string& text);

} // namespace mailsim::smtp::testing
