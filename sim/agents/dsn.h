#pragma once
// The bounce or delay warning an MTA sends for a recipient it gave up on (or is still
// retrying): what the MTA knows, handed to the one RFC 3464 builder, mail::build_dsn.
#include "sim/core/bytes.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mailsim::agents {

enum class DsnKind { Failed, Delayed };

struct DsnInput {
    std::string reporting_mta;
    std::string original_sender;
    std::vector<std::string> recipients;
    DsnKind kind = DsnKind::Failed;
    std::string diagnostic; // the reply or reason, "550 5.1.1 no such user here"
    Bytes original;         // the message (only its header is returned)
    std::string message_id;
    std::int64_t unix_seconds = 0;
};

// A bounce's status is the enhanced code of its reply ("550 5.1.1 ..." gives 5.1.1), or 5.0.0
// when the reason carries none; a delay warning's is 4.4.7.
std::string dsn_status(DsnKind kind, const std::string& diagnostic);

// The notification as it goes into the queue (sent from <>).
Bytes build_mta_dsn(const DsnInput& input);

} // namespace mailsim::agents
