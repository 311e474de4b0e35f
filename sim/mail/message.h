#pragma once
// The message model (RFC 5322 + MIME, RFC 2045/2046): a tree of parts parsed from raw bytes.
// Parsing never fails: what is wrong becomes `warnings` on the part where it was found, and
// nesting deeper than ParseOptions::max_depth is left unparsed (with a warning), so hostile input
// can neither crash nor recurse without bound.
#include "sim/core/bytes.h"
#include "sim/core/result.h"
#include "sim/mail/address.h"
#include "sim/mail/content_type.h"
#include "sim/mail/header.h"
#include "sim/mail/shared_bytes.h"
#include "sim/mail/warning.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::mail {

enum class TransferEncoding { SevenBit, EightBit, Binary, QuotedPrintable, Base64, Unknown };

const char* transfer_encoding_name(TransferEncoding encoding); // "base64"

// Where a boundary line sits in the parent's body (only with BoundaryTrace::On).
struct BoundaryMark {
    std::size_t offset = 0; // of the "--boundary" line in the body
    std::size_t length = 0; // of the line without its line ending
    bool closing = false;   // "--boundary--"
};

enum class BoundaryTrace { Off, On };
enum class DefaultType { TextPlain, MessageRfc822 }; // the latter inside multipart/digest

struct ParseOptions {
    int max_depth = 32;
    BoundaryTrace boundaries = BoundaryTrace::Off;
};

struct Part {
    Headers headers;
    std::vector<Part> children; // multipart parts, or the one message inside message/rfc822
    Warnings warnings;
    std::vector<BoundaryMark> boundaries;
    DefaultType default_type = DefaultType::TextPlain;

    // The body as it appears after the blank line, still transfer-encoded. A parsed part's body
    // (and preamble, epilogue) is a range of the message's one buffer, shared by every part
    // (see shared_bytes.h): parsing copies no body, and copies of a Part share the bytes.
    ByteView body() const { return m_body.view(); }
    void set_body(Bytes body) { m_body = SharedBytes(std::move(body)); }
    void set_body(SharedBytes body) { m_body = std::move(body); }
    const SharedBytes& shared_body() const { return m_body; } // to hand on without a copy
    // Multipart: the text before the first and after the last boundary.
    ByteView preamble() const { return m_preamble.view(); }
    ByteView epilogue() const { return m_epilogue.view(); }
    void set_preamble(SharedBytes bytes) { m_preamble = std::move(bytes); }
    void set_epilogue(SharedBytes bytes) { m_epilogue = std::move(bytes); }

    // Content-Type with the defaults of RFC 2045 5.2 / RFC 2046 5.1.5 (text/plain, or
    // message/rfc822 in a digest); a malformed value counts as text/plain.
    ContentType content_type() const;
    std::string mime_type() const { return content_type().mime_type(); }
    bool is_multipart() const { return content_type().is_multipart(); }

    // Lowercase Content-Transfer-Encoding, or nullopt when the field is absent.
    std::optional<std::string> transfer_encoding_field() const;
    TransferEncoding transfer_encoding() const; // 7bit when absent
    Bytes decoded_body(Warnings* warnings = nullptr) const;
    // The decoded body converted from its charset to UTF-8 (text parts).
    std::string text(Warnings* warnings = nullptr) const;

    std::optional<ContentDisposition> disposition() const;
    // Content-Disposition filename, else Content-Type name; decoded and trimmed.
    std::optional<std::string> filename() const;

    // Decoded header text (RFC 2047), nullopt when absent.
    std::optional<std::string> header_text(std::string_view name) const;
    std::optional<std::string> subject() const { return header_text("Subject"); }
    // All fields of that name as one address list (To may appear more than once).
    Result<std::vector<Address>> addresses(std::string_view name) const;

private:
    SharedBytes m_body, m_preamble, m_epilogue;
};

using Message = Part;

// Copies `raw` once into the buffer the parts share.
Message parse_message(ByteView raw, const ParseOptions& options = {});
// Shares `raw` (a store's message) instead of copying it.
Message parse_message(std::shared_ptr<const Bytes> raw, const ParseOptions& options = {});

// Header block, blank line, body. Built fields are folded at 78; parsed fields keep their form.
Bytes serialize(const Part& part);
// Recomputes `body` of multipart and message/rfc822 parts from their children (after edits or
// when building), innermost first. Leaves keep their body.
void rebuild_body(Part& part);

// Every part of the tree in depth-first order (the part itself first).
std::vector<const Part*> walk(const Part& part);

// CRLF for every line ending (bare LF or CR becomes CRLF): the canonical form for SMTP.
Bytes to_crlf(ByteView data);

} // namespace mailsim::mail
