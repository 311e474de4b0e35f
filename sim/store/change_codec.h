#pragma once
// A byte format for the store's change log, so `mailsim serve --state DIR` can append each
// change to a file and replay the file at start-up. The store still never touches files: this
// only turns changes into bytes and back.
//
// One record per change: a text line "kind key=value ...\n" with values percent-encoded
// (anything outside printable ASCII, and '%', '=' and space, as %XX). A message-added line
// ends with size=N and is followed by exactly N raw bytes and a "\n".
//
// On disk each record is framed: "#<length> <checksum>\n" and then the record's <length>
// bytes, the checksum being the first 16 hex digits of the record's SHA-256. So a flipped byte
// anywhere (message text included) is noticed: the damaged record is skipped and reported
// (offset, length, what it seemed to be) and reading goes on at the next frame that is
// intact. Logs written before framing (bare records) are still read.
#include "sim/core/bytes.h"
#include "sim/core/result.h"
#include "sim/store/change.h"

#include <cstddef>
#include <string>
#include <vector>

namespace mailsim::store {

// The record as it goes to the log: framed (what the journal appends).
Bytes encode_change(const Change& change);
// The bare record, and the frame around any record.
Bytes encode_record(const Change& change);
Bytes frame_record(ByteView record);

// A stretch of the log that was skipped.
struct LogDamage {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string problem;    // "checksum or frame header damaged", "record cut short", ...
    std::string kind;       // the record's kind if its line could still be read ("message-added")
    bool cut_short = false; // the log simply ends inside its last record (a crash appending)
};

struct DecodedLog {
    std::vector<Change> changes; // every intact record, also those after damage
    std::size_t valid_bytes = 0; // prefix of the input holding whole, valid records
    // The first problem (line is the 1-based text line of the record that failed).
    std::optional<Error> error;
    std::vector<LogDamage> damage;
};

DecodedLog decode_changes(ByteView log);

} // namespace mailsim::store
