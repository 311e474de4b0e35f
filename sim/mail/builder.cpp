#include "sim/mail/builder.h"

#include "sim/core/sha256.h"
#include "sim/mail/base64.h"
#include "sim/mail/date.h"
#include "sim/mail/encoded_word.h"
#include "sim/mail/quoted_printable.h"
#include "sim/mail/text_checks.h"

#include <algorithm>

namespace mailsim::mail {

TransferEncoding choose_encoding(ByteView data, bool is_text) {
    if (!is_text)
        return TransferEncoding::Base64;
    if (is_7bit(data) && longest_line(data) <= kRecommendedLineLength)
        return TransferEncoding::SevenBit;
    std::size_t high = 0;
    for (char c : data)
        high += static_cast<unsigned char>(c) >= 0x80 || c == '\0';
    // QP costs 3 characters per escaped octet, base64 4/3 per octet: QP wins below ~1/6.
    return high * 6 <= data.size() ? TransferEncoding::QuotedPrintable : TransferEncoding::Base64;
}

Result<Part> make_leaf(const ContentType& type, ByteView data, EncodingChoice encoding) {
    const bool is_text = type.type == "text";
    Bytes canonical = is_text ? to_crlf(data) : Bytes(data);
    TransferEncoding cte;
    switch (encoding) {
    case EncodingChoice::Auto:
        cte = choose_encoding(canonical, is_text);
        break;
    case EncodingChoice::SevenBit:
        cte = TransferEncoding::SevenBit;
        break;
    case EncodingChoice::EightBit:
        cte = TransferEncoding::EightBit;
        break;
    case EncodingChoice::Binary:
        cte = TransferEncoding::Binary;
        break;
    case EncodingChoice::QuotedPrintable:
        cte = TransferEncoding::QuotedPrintable;
        break;
    case EncodingChoice::Base64:
    default:
        cte = TransferEncoding::Base64;
        break;
    }
    const DataClass data_class = classify(canonical);
    if (cte == TransferEncoding::SevenBit && data_class != DataClass::SevenBit)
        return make_error(data_class == DataClass::EightBit
                              ? "7bit cannot carry 8-bit data; use 8bit, quoted-printable or base64"
                              : "7bit cannot carry this data (NUL, bare CR/LF or a line over 998 "
                                "octets); use quoted-printable or base64");
    if (cte == TransferEncoding::EightBit && data_class == DataClass::Binary)
        return make_error("8bit cannot carry this data (NUL, bare CR/LF or a line over 998 "
                          "octets); use quoted-printable or base64");
    Part part;
    part.headers.add("Content-Type", format_content_type(type));
    part.headers.add("Content-Transfer-Encoding", transfer_encoding_name(cte));
    switch (cte) {
    case TransferEncoding::Base64:
        part.set_body(base64_encode(canonical));
        break;
    case TransferEncoding::QuotedPrintable:
        part.set_body(qp_encode(canonical, is_text ? QpMode::Text : QpMode::Binary));
        break;
    default:
        part.set_body(std::move(canonical));
        break;
    }
    return part;
}

namespace {

// A boundary from a hash of the content: deterministic, and re-derived until it occurs in no
// child (RFC 2046 5.1.1 asks that it not appear in the encapsulated parts).
std::string pick_boundary(const std::vector<Part>& children, std::string_view subtype) {
    Sha256 hash;
    hash.update(subtype);
    for (const auto& child : children) {
        hash.update(child.headers.serialize());
        hash.update(child.body());
    }
    const auto digest = hash.finish();
    std::string seed;
    for (int i = 0; i < 12; ++i) {
        static constexpr char kHex[] = "0123456789abcdef";
        seed.push_back(kHex[digest[static_cast<std::size_t>(i)] >> 4]);
        seed.push_back(kHex[digest[static_cast<std::size_t>(i)] & 15]);
    }
    for (int attempt = 0;; ++attempt) {
        std::string boundary = "=_mailsim_" + seed + (attempt ? "_" + std::to_string(attempt) : "");
        bool clash = false;
        for (const auto& child : children)
            clash = clash || serialize(child).find(boundary) != Bytes::npos;
        if (!clash)
            return boundary;
    }
}

} // namespace

Part make_multipart(std::string_view subtype, std::vector<Part> children) {
    Part part;
    ContentType type;
    type.type = "multipart";
    type.subtype = to_lower_ascii(subtype);
    type.params.push_back(Parameter{"boundary", pick_boundary(children, subtype)});
    part.headers.add("Content-Type", format_content_type(type));
    part.children = std::move(children);
    rebuild_body(part);
    return part;
}

Part make_message_part(Message inner) {
    Part part;
    part.headers.add("Content-Type", "message/rfc822");
    part.children.push_back(std::move(inner));
    rebuild_body(part);
    return part;
}

Part make_external_body(const Parameters& access, const Headers& external_headers) {
    Part part;
    ContentType type;
    type.type = "message";
    type.subtype = "external-body";
    type.params = access;
    part.headers.add("Content-Type", format_content_type(type));
    Part inner;
    inner.headers = external_headers;
    part.children.push_back(std::move(inner));
    rebuild_body(part);
    return part;
}

MessageBuilder& MessageBuilder::from(Mailbox mailbox) {
    m_from = std::move(mailbox);
    return *this;
}
MessageBuilder& MessageBuilder::to(Mailbox mailbox) {
    m_to.push_back(std::move(mailbox));
    return *this;
}
MessageBuilder& MessageBuilder::cc(Mailbox mailbox) {
    m_cc.push_back(std::move(mailbox));
    return *this;
}
MessageBuilder& MessageBuilder::bcc(Mailbox mailbox) {
    m_bcc.push_back(std::move(mailbox));
    return *this;
}
std::vector<std::string> MessageBuilder::recipients() const {
    std::vector<std::string> out;
    for (const auto* list : {&m_to, &m_cc, &m_bcc})
        for (const auto& box : *list)
            if (std::find(out.begin(), out.end(), box.addr_spec()) == out.end())
                out.push_back(box.addr_spec());
    return out;
}
MessageBuilder& MessageBuilder::reply_to(Mailbox mailbox) {
    m_reply_to.push_back(std::move(mailbox));
    return *this;
}
MessageBuilder& MessageBuilder::subject(std::string utf8) {
    m_subject = std::move(utf8);
    return *this;
}
MessageBuilder& MessageBuilder::date(std::int64_t unix_seconds, int tz_offset_minutes) {
    m_date = format_date(unix_seconds, tz_offset_minutes);
    return *this;
}
MessageBuilder& MessageBuilder::message_id(std::string id) {
    m_message_id = std::move(id);
    return *this;
}
MessageBuilder& MessageBuilder::header(std::string name, std::string value) {
    m_extra.emplace_back(std::move(name), std::move(value));
    return *this;
}
MessageBuilder& MessageBuilder::text(std::string utf8, EncodingChoice encoding) {
    m_text = std::make_pair(std::move(utf8), encoding);
    return *this;
}
MessageBuilder& MessageBuilder::html(std::string utf8, EncodingChoice encoding) {
    m_html = std::make_pair(std::move(utf8), encoding);
    return *this;
}
MessageBuilder& MessageBuilder::attach(Attachment attachment) {
    m_attachments.push_back(std::move(attachment));
    return *this;
}

namespace {

std::string mailbox_list(const std::vector<Mailbox>& boxes) {
    std::vector<Address> list(boxes.begin(), boxes.end());
    return format_address_list(list);
}

ContentType text_type(std::string_view subtype) {
    ContentType type;
    type.type = "text";
    type.subtype = std::string(subtype);
    type.params.push_back(Parameter{"charset", "utf-8"});
    return type;
}

} // namespace

Result<Message> MessageBuilder::build() const {
    if (!m_from)
        return make_error("a message needs a From address");
    std::vector<Part> bodies;
    if (m_text || !m_html) {
        auto part = make_leaf(text_type("plain"), m_text ? m_text->first : std::string(),
                              m_text ? m_text->second : EncodingChoice::Auto);
        if (!part)
            return Error{"text body: " + part.error().message};
        bodies.push_back(std::move(*part));
    }
    if (m_html) {
        auto part = make_leaf(text_type("html"), m_html->first, m_html->second);
        if (!part)
            return Error{"HTML body: " + part.error().message};
        bodies.push_back(std::move(*part));
    }
    Part body = bodies.size() == 1 ? std::move(bodies.front())
                                   : make_multipart("alternative", std::move(bodies));
    if (!m_attachments.empty()) {
        std::vector<Part> parts;
        parts.push_back(std::move(body));
        for (const auto& attachment : m_attachments) {
            ContentType type = attachment.content_type;
            if (!attachment.filename.empty() && !type.param("name"))
                type.params.push_back(Parameter{"name", attachment.filename});
            auto part = make_leaf(type, attachment.data, attachment.encoding);
            if (!part)
                return Error{"attachment '" + attachment.filename + "': " + part.error().message};
            std::string disposition = attachment.disposition;
            if (!attachment.filename.empty())
                disposition += "; " + format_parameter("filename", attachment.filename);
            part->headers.add("Content-Disposition", disposition);
            if (!attachment.content_id.empty())
                part->headers.add("Content-ID", "<" + attachment.content_id + ">");
            if (!attachment.description.empty())
                part->headers.add("Content-Description",
                                  encode_header_text(attachment.description));
            parts.push_back(std::move(*part));
        }
        body = make_multipart("mixed", std::move(parts));
    }
    Message message;
    message.headers.add("From", m_from->to_header());
    if (!m_to.empty())
        message.headers.add("To", mailbox_list(m_to));
    if (!m_cc.empty())
        message.headers.add("Cc", mailbox_list(m_cc));
    if (!m_reply_to.empty())
        message.headers.add("Reply-To", mailbox_list(m_reply_to));
    if (m_subject)
        message.headers.add("Subject", encode_header_text(*m_subject));
    if (m_date)
        message.headers.add("Date", *m_date);
    if (m_message_id)
        message.headers.add("Message-ID", *m_message_id);
    for (const auto& [name, value] : m_extra)
        message.headers.add(name, value);
    message.headers.add("MIME-Version", "1.0");
    for (const auto& field : body.headers.fields())
        message.headers.add(field.name, field.value);
    message.set_body(body.shared_body());
    message.children = std::move(body.children);
    return message;
}

} // namespace mailsim::mail
