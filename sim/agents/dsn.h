#pragma once
// The delivery status notification an MTA sends when it gives up on (or warns about) a
// recipient: RFC 3464 multipart/report with a human-readable part, the machine-readable
// message/delivery-status part and the original header, sent from the null sender <>.
#include "sim/core/bytes.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mailsim::agents {

struct DsnInput {
    std::string reporting_mta;
    std::string original_sender;
    std::vector<std::string> recipients;
    std::string action; // failed | delayed
    std::string status; // 5.1.1, 4.4.7, ...
    std::string diagnostic;
    Bytes original; // the message (only its header is returned)
    std::string message_id;
    std::int64_t unix_seconds = 0;
};

Bytes build_dsn(const DsnInput& input);

} // namespace mailsim::agents
