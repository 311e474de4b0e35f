#pragma once
// The trace's JSON Lines form (to_json_line) appended to a buffer in place. The live stream
// (ui/live/event_compaction) writes some 70,000 events a second into its batches: a string per
// event and one more per field cost it as much as the rest of its work together.
#include "sim/trace/event.h"

#include <string>

namespace mailsim::trace {

struct JsonLineParts {
    bool index = true; // "index"
    bool place = true; // "host", "peer" and "proto"
};

// Appends one event's JSON object (no newline): to_json_line's text, less the parts left out.
void append_json_line(std::string& out, const Event& event, JsonLineParts parts = {});

} // namespace mailsim::trace
