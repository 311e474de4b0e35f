#include "smtp_eight_bit.h"

#include "sim/mail/base64.h"
#include "sim/mail/message.h"
#include "sim/mail/quoted_printable.h"
#include "sim/mail/text_checks.h"

namespace mailsim::smtp {

namespace {

bool is_valid_utf8(ByteView data) {
    std::size_t i = 0;
    while (i < data.size()) {
        const unsigned char c = static_cast<unsigned char>(data[i]);
        const int extra = c < 0x80         ? 0
                          : (c >> 5) == 6  ? 1
                          : (c >> 4) == 14 ? 2
                          : (c >> 3) == 30 ? 3
                                           : -1;
        if (extra < 0 || data.size() - i <= static_cast<std::size_t>(extra))
            return false; // not a lead byte, or a truncated sequence
        for (int k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(data[i + k]) >> 6) != 2)
                return false;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

// Re-encodes the 8-bit leaves under `part`; returns whether anything changed.
bool convert(mail::Part& part, SevenBitEncoding text_encoding, std::size_t& converted) {
    if (!part.children.empty()) {
        bool changed = false;
        for (auto& child : part.children)
            changed = convert(child, text_encoding, converted) || changed;
        if (changed)
            mail::rebuild_body(part);
        return changed;
    }
    const mail::TransferEncoding encoding = part.transfer_encoding();
    const bool identity = encoding == mail::TransferEncoding::SevenBit ||
                          encoding == mail::TransferEncoding::EightBit ||
                          encoding == mail::TransferEncoding::Binary;
    if (mail::is_7bit(part.body()) && encoding != mail::TransferEncoding::EightBit &&
        encoding != mail::TransferEncoding::Binary)
        return false;
    const Bytes decoded = identity ? Bytes(part.body()) : part.decoded_body();
    const bool text = part.content_type().mime_type().rfind("text/", 0) == 0;
    // Quoted-printable keeps text readable, but only line-oriented data survives it intact.
    const bool use_qp = text && text_encoding == SevenBitEncoding::QuotedPrintable &&
                        mail::classify(decoded) != mail::DataClass::Binary;
    if (use_qp) {
        part.set_body(mail::qp_encode(decoded, mail::QpMode::Text));
        part.headers.set("Content-Transfer-Encoding", "quoted-printable");
    } else {
        part.set_body(mail::base64_encode(decoded));
        part.headers.set("Content-Transfer-Encoding", "base64");
    }
    ++converted;
    return true;
}

} // namespace

Result<Downgrade> downgrade_to_seven_bit(ByteView message, SevenBitEncoding text_encoding) {
    mail::Message parsed = mail::parse_message(message);
    for (const mail::Part* part : mail::walk(parsed))
        if (!mail::is_7bit(part->headers.serialize()))
            return make_error("8-bit octets in header fields cannot be converted to 7 bit");
    Downgrade out;
    if (!parsed.headers.contains("MIME-Version")) {
        // A plain RFC 5322 message with an 8-bit body: say what it now is. The charset is a
        // guess from the octets; unknown-8bit (RFC 1428) when they are not UTF-8.
        parsed.headers.add("MIME-Version", "1.0");
        if (!parsed.headers.contains("Content-Type"))
            parsed.headers.add("Content-Type", is_valid_utf8(parsed.body())
                                                   ? "text/plain; charset=utf-8"
                                                   : "text/plain; charset=unknown-8bit");
    }
    convert(parsed, text_encoding, out.parts_converted);
    out.message = mail::to_crlf(mail::serialize(parsed));
    if (!mail::is_7bit(out.message))
        return make_error("the message could not be converted to 7 bit");
    return out;
}

} // namespace mailsim::smtp
