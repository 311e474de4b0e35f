#pragma once
// How a trace event looks everywhere (transcript, sequence diagram, packets on the topology):
// one colour per protocol, reply lines coloured by their class, one short label.
#include "sim/trace/event.h"

#include <imgui.h>

#include <string>

namespace mailsim::ui {

ImU32 protocol_colour(world::Proto proto);
// Replies by class (2yz green ... 5yz red, POP3 +OK/-ERR, IMAP OK/NO/BAD), others by protocol.
ImU32 event_colour(const world::Event& event);
// "C: MAIL FROM:<alice@crepes.fr>" / "S: 250 OK" / "SYN" / "DNS MX? hamburger.edu".
std::string event_label(const world::Event& event);
// True for lines of a protocol dialogue (commands, replies, message lines).
bool is_dialogue(const world::Event& event);
// True for events a student would call an error: 4yz/5yz replies, -ERR, NO/BAD, RST,
// bounces, give-ups, faults.
bool is_error(const world::Event& event);
// Arrows between two hosts (the sequence diagram and the packets on the topology).
bool is_message_between_hosts(const world::Event& event);
// Where such an arrow starts and ends. The world records every message under its sender
// (host) and its receiver (peer), except a DNS answer: it keeps the asker as host and the
// resolver as peer, and travels from the resolver back to the asker.
const std::string& message_sender(const world::Event& event);
const std::string& message_receiver(const world::Event& event);
// The peer of DNS queries and answers when the scenario names no DNS server (the world's stub
// resolver): the sequence diagram and the topology give it a place of its own.
inline constexpr const char* kResolverPeer = "resolver";
// Reply class 2..5 of an SMTP-like reply, or of POP3/IMAP status words; 0 when not a reply.
int reply_class(const world::Event& event);
// Row backgrounds of trace lists: the current event (the last one that happened) and the one
// the student picked.
inline constexpr ImU32 kCurrentRowColour = IM_COL32(120, 160, 255, 48);
inline constexpr ImU32 kSelectedRowColour = IM_COL32(255, 215, 0, 40);
// A colour per connection for its "#N" label, so two interleaved sessions read apart.
ImU32 connection_colour(world::ConnId conn);
// "#12": the connection a line belongs to; "#12 김민준" with the name of its account.
std::string connection_label(world::ConnId conn, const std::string& name = {});

} // namespace mailsim::ui
