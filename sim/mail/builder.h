#pragma once
// Composing messages: low-level part makers for any MIME tree (every type the lecture names), and
// MessageBuilder for the usual mail (from, to, cc, subject in UTF-8, text and/or HTML body,
// attachments with a chosen transfer encoding) used by the user agents and `mailsim mime build`.
// Output is deterministic: boundaries are derived from the content, dates and ids are given.
#include "sim/core/bytes.h"
#include "sim/core/result.h"
#include "sim/mail/address.h"
#include "sim/mail/message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::mail {

enum class EncodingChoice {
    Auto, // 7bit if it fits, quoted-printable for mostly-ASCII text, base64 otherwise
    SevenBit,
    EightBit,
    Binary,
    QuotedPrintable,
    Base64,
};

// A leaf part: Content-Type (with params), Content-Transfer-Encoding and the encoded body.
// Text types get CRLF line endings first (their canonical form). An encoding that cannot carry
// the data (7bit for 8-bit data, lines over 998) is an error.
Result<Part> make_leaf(const ContentType& type, ByteView data,
                       EncodingChoice encoding = EncodingChoice::Auto);
// multipart/<subtype> around `children`, with a boundary that occurs in none of them.
Part make_multipart(std::string_view subtype, std::vector<Part> children);
// message/rfc822 around a whole message.
Part make_message_part(Message inner);
// message/external-body (RFC 2046 5.2.3): access-type and its parameters (name, site,
// directory, mode, ...) plus the header of the external body.
Part make_external_body(const Parameters& access, const Headers& external_headers);

// Picks the encoding Auto would choose for this data.
TransferEncoding choose_encoding(ByteView data, bool is_text);

struct Attachment {
    std::string filename;     // UTF-8; written with RFC 2231 when not ASCII
    ContentType content_type; // e.g. application/octet-stream, image/gif
    Bytes data;
    EncodingChoice encoding = EncodingChoice::Base64;
    std::string disposition = "attachment"; // or "inline"
    std::string content_id;                 // without '<>', optional
    std::string description;                // Content-Description, optional
};

class MessageBuilder {
public:
    MessageBuilder& from(Mailbox mailbox);
    MessageBuilder& to(Mailbox mailbox);
    MessageBuilder& cc(Mailbox mailbox);
    MessageBuilder& reply_to(Mailbox mailbox);
    // Blind copy: a recipient that never appears in the header (only in the envelope).
    MessageBuilder& bcc(Mailbox mailbox);
    MessageBuilder& subject(std::string utf8);
    MessageBuilder& date(std::int64_t unix_seconds, int tz_offset_minutes);
    MessageBuilder& message_id(std::string id);                  // with '<>'
    MessageBuilder& header(std::string name, std::string value); // extra field, kept in order
    MessageBuilder& text(std::string utf8, EncodingChoice encoding = EncodingChoice::Auto);
    MessageBuilder& html(std::string utf8, EncodingChoice encoding = EncodingChoice::Auto);
    MessageBuilder& attach(Attachment attachment);

    // text only -> text/plain; text + html -> multipart/alternative; attachments ->
    // multipart/mixed around that. Errors: no From, an encoding that cannot carry its data.
    Result<Message> build() const;

    // Every To, Cc and Bcc address in order without repeats: what a user agent usually gives as
    // RCPT TO. The caller makes the Envelope from this; nothing is read back from the header.
    std::vector<std::string> recipients() const;

private:
    std::optional<Mailbox> m_from;
    std::vector<Mailbox> m_to, m_cc, m_bcc, m_reply_to;
    std::optional<std::string> m_subject;
    std::optional<std::string> m_date;
    std::optional<std::string> m_message_id;
    std::vector<std::pair<std::string, std::string>> m_extra;
    std::optional<std::pair<std::string, EncodingChoice>> m_text, m_html;
    std::vector<Attachment> m_attachments;
};

} // namespace mailsim::mail
