#pragma once
// A byte format for the store's change log, so `mailsim serve --state DIR` can append each
// change to a file and replay the file at start-up. The store still never touches files: this
// only turns changes into bytes and back.
//
// One record per change: a text line "kind key=value ...\n" with values percent-encoded
// (anything outside printable ASCII, and '%', '=' and space, as %XX). A message-added line
// ends with size=N and is followed by exactly N raw bytes and a "\n". Appending records to a
// file gives a valid log; a record cut short by a crash is reported, and everything before it
// is still usable.
#include "sim/core/bytes.h"
#include "sim/core/result.h"
#include "sim/store/change.h"

#include <cstddef>
#include <vector>

namespace mailsim::store {

Bytes encode_change(const Change& change);

struct DecodedLog {
    std::vector<Change> changes;
    std::size_t valid_bytes = 0; // prefix of the input holding whole, valid records
    // Set when the input does not end after a whole record: a truncated or corrupt record
    // (line is the 1-based text line of the record that failed).
    std::optional<Error> error;
};

DecodedLog decode_changes(ByteView log);

} // namespace mailsim::store
