#pragma once
// The dialogue of every connection as the lecture prints it ("S: 220 hamburger.edu",
// "C: HELO crepes.fr"). With one connection the lines alone; with several, each connection's
// lines under a one-line heading, connections in the order they opened.
#include "sim/trace/event.h"
#include "sim/trace/event_list.h"

#include <string>
#include <vector>

namespace mailsim::world {

std::string format_transcript(const EventList& events);
// Only one connection's lines (no heading).
std::string format_connection(const EventList& events, ConnId conn);

} // namespace mailsim::world
