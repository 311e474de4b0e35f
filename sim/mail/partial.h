#pragma once
// message/partial (RFC 2046 5.2.2): a message too large for some hop is split into fragments
// with the same id, numbered 1..total; the receiver joins them back. The fragments' bodies,
// concatenated, are the original message (header included); fragment 1's outer header supplies
// the fields that are not Content-*, Subject, Message-ID, Encrypted or MIME-Version.
#include "sim/core/bytes.h"
#include "sim/core/result.h"
#include "sim/mail/message.h"

#include <cstddef>
#include <string>
#include <vector>

namespace mailsim::mail {

// Splits at line ends so that every fragment, header included, is at most `max_bytes` octets.
// `id` goes into the id parameter (e.g. a Message-ID like value; default: derived from the
// content). Errors: 8-bit or binary data (fragments must be 7bit: encode it first), a budget too
// small for the header plus one line.
Result<std::vector<Bytes>> split_partial(ByteView message, std::size_t max_bytes,
                                         std::string id = "");

// Joins fragments given in any order. Errors: not message/partial, different ids, a missing
// or repeated number, disagreeing totals.
Result<Bytes> join_partial(const std::vector<ByteView>& fragments);

struct PartialInfo {
    std::string id;
    int number = 0;
    int total = 0; // 0 when the fragment does not say (only the last one must)
};
Result<PartialInfo> partial_info(const Part& fragment);

} // namespace mailsim::mail
