#pragma once
// Small read-only looks into raw message bytes the world needs for its trace (Message-ID,
// Subject, From, how many Received fields): not a MIME parser, just header lookups that never
// fail. Building and changing messages is sim/mail's job.
#include "sim/core/bytes.h"

#include <string>

namespace mailsim::agents {

// The unfolded value of the first header field `name` (case-insensitive), or "".
std::string header_value(ByteView message, std::string_view name);
// Number of header fields called `name`.
int count_headers(ByteView message, std::string_view name);
// The message's tracking id: its Message-ID, or (a lecture-style message with no header) a
// stable hash of the content, so every hop names the same message the same way.
std::string tracking_id(ByteView message);
// "alice@crepes.fr" from "Alice <alice@crepes.fr>" or "<alice@crepes.fr>".
std::string bare_address(std::string_view text);
std::string domain_of(std::string_view address);
std::string local_part(std::string_view address);

} // namespace mailsim::agents
