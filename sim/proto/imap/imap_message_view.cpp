#include "imap_message_view.h"

#include "imap_syntax.h"
#include "sim/mail/address.h"
#include "sim/mail/encoded_word.h"
#include "sim/mail/header.h"
#include "sim/mail/message.h"

#include <algorithm>

namespace mailsim::imap {

namespace {

using mail::Part;

// The header block (with its blank line) and the text of one message's raw bytes, split where
// the MIME parser says the body starts, so BODY[HEADER] + BODY[TEXT] == BODY[] byte for byte.
struct Split {
    ByteView header;
    ByteView text;
};

Split split_message(ByteView raw) {
    std::size_t consumed = 0;
    (void)mail::parse_headers(raw, consumed);
    consumed = std::min(consumed, raw.size());
    return {raw.substr(0, consumed), raw.substr(consumed)};
}

std::string nstring_or_nil(std::optional<std::string_view> value) {
    if (!value)
        return "NIL";
    return encode_string(*value);
}

std::string upper_string(std::string_view text) {
    return encode_string(to_upper_ascii(text));
}

bool is_rfc822(const Part& part) {
    return part.content_type().is("message", "rfc822");
}

// Part numbering of RFC 3501 §6.4.5: a non-multipart message has one part, "1"; the parts of a
// message/rfc822 part are numbered inside the message it carries.
const Part* find_part(const Part& root, const std::vector<std::uint32_t>& path) {
    const Part* current = &root;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (i > 0 && is_rfc822(*current)) {
            if (current->children.empty())
                return nullptr;
            current = &current->children.front();
        }
        const std::uint32_t n = path[i];
        if (current->is_multipart()) {
            if (n == 0 || n > current->children.size())
                return nullptr;
            current = &current->children[n - 1];
        } else if (n != 1) {
            return nullptr;
        }
    }
    return current;
}

Bytes filter_fields(ByteView header_block, const Section& section) {
    std::size_t consumed = 0;
    const mail::Headers headers = mail::parse_headers(header_block, consumed);
    Bytes out;
    for (const auto& field : headers.fields()) {
        const bool listed =
            std::any_of(section.fields.begin(), section.fields.end(),
                        [&](const std::string& name) { return equals_ci(name, field.name); });
        if (listed != (section.text == SectionText::HeaderFields))
            continue;
        out += field.raw.empty() ? mail::fold_field(field.name, field.value) : field.raw;
    }
    return out + "\r\n";
}

std::size_t count_lines(ByteView body) {
    std::size_t lines = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
    if (!body.empty() && body.back() != '\n')
        ++lines;
    return lines;
}

enum class DefaultCharset { No, UsAscii };

// body-fld-param. A text part without a charset parameter is US-ASCII (RFC 2045 §5.2, RFC 2046
// §4.1.2), and says so, as Dovecot does: a client must not have to know the default.
std::string params_list(const mail::Parameters& params,
                        DefaultCharset charset = DefaultCharset::No) {
    const bool add_charset =
        charset == DefaultCharset::UsAscii && !mail::find_parameter(params, "charset").has_value();
    if (params.empty() && !add_charset)
        return "NIL";
    std::string out = "(";
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (i)
            out += ' ';
        out += upper_string(params[i].name) + " " + encode_string(params[i].value);
    }
    if (add_charset)
        out += std::string(params.empty() ? "" : " ") + "\"CHARSET\" \"us-ascii\"";
    return out + ")";
}

std::string disposition_of(const Part& part) {
    auto disposition = part.disposition();
    if (!disposition)
        return "NIL";
    return "(" + upper_string(disposition->type) + " " + params_list(disposition->params) + ")";
}

// The personal name of an address: its display name, else the comment of the old
// "user@domain (Real Name)" form (what Dovecot gives as the name too).
const std::string& personal_name(const mail::Mailbox& mailbox) {
    return mailbox.display_name.empty() ? mailbox.comment : mailbox.display_name;
}

std::string address_entry(const mail::Mailbox& mailbox) {
    // (name adl mailbox host). A non-ASCII display name goes back into RFC 2047 form: IMAP
    // strings are 7-bit, and clients decode encoded-words in ENVELOPE names. The adl is the
    // obsolete source route ("@relay.example"), NIL when there is none.
    const std::string& personal = personal_name(mailbox);
    std::string name = "NIL";
    if (!personal.empty())
        name = encode_string(mail::needs_encoding(personal) ? mail::encode_header_text(personal)
                                                            : personal);
    const std::string adl = mailbox.route.empty() ? "NIL" : encode_string(mailbox.route);
    return "(" + name + " " + adl + " " + encode_string(mailbox.local_part) + " " +
           (mailbox.domain.empty() ? std::string("NIL") : encode_string(mailbox.domain)) + ")";
}

// One address as SEARCH FROM/TO/CC/BCC match it: "Name <@route:local@domain>", comments
// and white space gone, names decoded (Dovecot matches this normalised form too).
std::string searchable_mailbox(const mail::Mailbox& mailbox) {
    const std::string& personal = personal_name(mailbox);
    std::string out = personal.empty() ? "" : personal + " ";
    out += "<";
    if (!mailbox.route.empty())
        out += mailbox.route + ":";
    return out + mailbox.addr_spec() + ">";
}

std::string address_list(const Part& message, std::string_view field) {
    if (!message.headers.contains(field))
        return "NIL";
    auto addresses = message.addresses(field);
    if (!addresses || addresses->empty())
        return "NIL";
    std::string out = "(";
    for (const auto& address : *addresses) {
        if (const auto* mailbox = std::get_if<mail::Mailbox>(&address)) {
            out += address_entry(*mailbox);
            continue;
        }
        // A group: start marker (NIL NIL "name" NIL), members, end marker (NIL NIL NIL NIL).
        const auto& group = std::get<mail::Group>(address);
        out += "(NIL NIL " + encode_string(group.display_name) + " NIL)";
        for (const auto& member : group.members)
            out += address_entry(member);
        out += "(NIL NIL NIL NIL)";
    }
    return out + ")";
}

std::string envelope_of(const Part& message) {
    auto raw = [&](std::string_view name) { return nstring_or_nil(message.headers.get(name)); };
    const std::string from = address_list(message, "From");
    // §7.4.2: Sender and Reply-To default to From when "absent or present but empty" (an
    // empty or unreadable field gives NIL from address_list).
    const auto or_from = [&](std::string_view field) {
        std::string list = address_list(message, field);
        return list == "NIL" ? from : list;
    };
    const std::string sender = or_from("Sender");
    const std::string reply_to = or_from("Reply-To");
    return "(" + raw("Date") + " " + raw("Subject") + " " + from + " " + sender + " " + reply_to +
           " " + address_list(message, "To") + " " + address_list(message, "Cc") + " " +
           address_list(message, "Bcc") + " " + raw("In-Reply-To") + " " + raw("Message-ID") + ")";
}

// What a multipart without any part shows in its place (body-type-mpart needs one): an empty
// text/plain part, as Dovecot writes it.
std::string empty_text_part(bool extensible) {
    return std::string("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0") +
           (extensible ? " NIL NIL NIL NIL)" : ")");
}

std::string structure_of(const Part& part, bool extensible, int depth) {
    const mail::ContentType type = part.content_type();
    if (type.is_multipart() && depth < 64) {
        std::string out = "(";
        for (const auto& child : part.children)
            out += structure_of(child, extensible, depth + 1);
        if (part.children.empty())
            out += empty_text_part(extensible);
        out += " " + upper_string(type.subtype);
        if (extensible)
            out += " " + params_list(type.params) + " " + disposition_of(part) + " NIL NIL";
        return out + ")";
    }
    const bool text = type.type == "text";
    std::string out =
        "(" + upper_string(type.type) + " " + upper_string(type.subtype) + " " +
        params_list(type.params, text ? DefaultCharset::UsAscii : DefaultCharset::No) + " " +
        nstring_or_nil(part.headers.get("Content-ID")) + " " +
        nstring_or_nil(part.headers.get("Content-Description")) + " " +
        upper_string(part.transfer_encoding_field().value_or("7bit")) + " " +
        std::to_string(part.body().size());
    if (type.is("message", "rfc822") && !part.children.empty() && depth < 64) {
        const Part& inner = part.children.front();
        out += " " + envelope_of(inner) + " " + structure_of(inner, extensible, depth + 1) + " " +
               std::to_string(count_lines(part.body()));
    } else if (text) {
        out += " " + std::to_string(count_lines(part.body()));
    }
    if (extensible)
        out += " " + nstring_or_nil(part.headers.get("Content-MD5")) + " " + disposition_of(part) +
               " NIL NIL";
    return out + ")";
}

} // namespace

struct MessageView::Impl {
    ByteView raw;
    mail::Message message;
};

MessageView::MessageView(ByteView raw) : m_impl(new Impl{raw, mail::parse_message(raw)}) {}

MessageView::~MessageView() {
    delete m_impl;
}

std::string MessageView::header_values(std::string_view field) const {
    std::string out;
    for (const auto* header : m_impl->message.headers.get_all(field)) {
        if (!out.empty())
            out += ", ";
        out += mail::decode_encoded_words(header->value);
    }
    return out;
}

std::string MessageView::address_text(std::string_view field) const {
    std::string out;
    for (const auto* header : m_impl->message.headers.get_all(field)) {
        if (!out.empty())
            out += ", ";
        auto addresses = mail::parse_address_list(header->value);
        if (!addresses) { // unreadable: match what is written, as for any other field
            out += mail::decode_encoded_words(header->value);
            continue;
        }
        for (std::size_t i = 0; i < addresses->size(); ++i) {
            if (i)
                out += ", ";
            const auto& address = (*addresses)[i];
            if (const auto* mailbox = std::get_if<mail::Mailbox>(&address)) {
                out += searchable_mailbox(*mailbox);
                continue;
            }
            const auto& group = std::get<mail::Group>(address);
            out += group.display_name + ":";
            for (std::size_t k = 0; k < group.members.size(); ++k)
                out += (k ? ", " : " ") + searchable_mailbox(group.members[k]);
            out += ";";
        }
    }
    return out;
}

bool MessageView::has_header(std::string_view field) const {
    return !m_impl->message.headers.get_all(field).empty();
}

std::string MessageView::body_text() const {
    std::string out;
    for (const Part* part : mail::walk(m_impl->message)) {
        if (part->is_multipart() || part->content_type().type != "text")
            continue;
        out += part->text();
        out += '\n';
    }
    return out;
}

std::string MessageView::whole_text() const {
    std::string out;
    for (const auto& field : m_impl->message.headers.fields())
        out += field.name + ": " + mail::decode_encoded_words(field.value) + "\n";
    return out + body_text();
}

std::optional<Bytes> MessageView::section(const Section& section) const {
    const Part& root = m_impl->message;
    if (section.part.empty()) {
        const Split split = split_message(m_impl->raw);
        switch (section.text) {
        case SectionText::Full:
            return Bytes(m_impl->raw);
        case SectionText::Header:
            return Bytes(split.header);
        case SectionText::HeaderFields:
        case SectionText::HeaderFieldsNot:
            return filter_fields(split.header, section);
        case SectionText::Text:
            return Bytes(split.text);
        case SectionText::Mime:
            return std::nullopt;
        }
        return std::nullopt;
    }
    const Part* part = find_part(root, section.part);
    if (!part)
        return std::nullopt;
    switch (section.text) {
    case SectionText::Full:
        return Bytes(part->body());
    case SectionText::Mime:
        return part->headers.serialize() + "\r\n";
    case SectionText::Header:
    case SectionText::HeaderFields:
    case SectionText::HeaderFieldsNot:
    case SectionText::Text: {
        // HEADER and TEXT of a part address the message a message/rfc822 part carries.
        if (!is_rfc822(*part))
            return std::nullopt;
        const Split split = split_message(part->body());
        if (section.text == SectionText::Text)
            return Bytes(split.text);
        if (section.text == SectionText::Header)
            return Bytes(split.header);
        return filter_fields(split.header, section);
    }
    }
    return std::nullopt;
}

std::string MessageView::envelope() const {
    return envelope_of(m_impl->message);
}

std::string MessageView::body_structure(bool extensible) const {
    return structure_of(m_impl->message, extensible, 0);
}

} // namespace mailsim::imap
