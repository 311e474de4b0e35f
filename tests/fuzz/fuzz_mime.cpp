// libFuzzer target for the message parser and everything it feeds: any bytes must parse without
// crashing, hanging or unbounded recursion, and the codecs must keep their invariants.
#include "sim/mail/address.h"
#include "sim/mail/base64.h"
#include "sim/mail/date.h"
#include "sim/mail/encoded_word.h"
#include "sim/mail/message.h"
#include "sim/mail/partial.h"
#include "sim/mail/quoted_printable.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace mailsim;
using namespace mailsim::mail;

namespace {

void check(bool condition) {
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    ParseOptions options;
    options.boundaries = BoundaryTrace::On;
    const Message message = parse_message(input, options);
    for (const Part* part : walk(message)) {
        Warnings warnings;
        const Bytes decoded = part->decoded_body(&warnings);
        (void)part->text(&warnings);
        (void)part->filename();
        (void)part->subject();
        (void)part->addresses("From");
        (void)part->addresses("To");
        if (const auto date = part->headers.get("Date"))
            (void)parse_date(*date);
        for (const auto& mark : part->boundaries)
            check(mark.offset + mark.length <= part->body().size());
        (void)decoded;
    }
    // Serialising a parsed message and parsing it again gives the same tree shape.
    const Message again = parse_message(serialize(message));
    check(walk(again).size() == walk(message).size());

    // Codec invariants on the raw input.
    check(base64_decode(base64_encode(input)) == input);
    check(qp_decode(qp_encode(input, QpMode::Binary)) == input);
    (void)base64_decode(input);
    (void)qp_decode(input);
    (void)base64_decode_trace(input.substr(0, 4096));
    (void)qp_decode_trace(input.substr(0, 4096));
    (void)decode_encoded_words(input);
    (void)parse_address_list(input);
    (void)parse_date(input);
    if (size < 4096)
        (void)join_partial({input, input});
    return 0;
}
