#pragma once
// SMTP replies (RFC 5321 §4.2): a three-digit code and one or more lines of text. Codes are
// named constants so tests and policies never spell "550" as a magic number.
#include "sim/core/bytes.h"
#include "sim/core/result.h"

#include <optional>
#include <string>
#include <vector>

namespace mailsim::smtp {

namespace reply {
inline constexpr int kSystemStatus = 211;
inline constexpr int kHelp = 214;
inline constexpr int kServiceReady = 220;
inline constexpr int kClosing = 221;
inline constexpr int kOk = 250;
inline constexpr int kUserNotLocalWillForward = 251;
inline constexpr int kCannotVerify = 252;
inline constexpr int kStartMailInput = 354;
inline constexpr int kServiceNotAvailable = 421;
inline constexpr int kMailboxBusy = 450;
inline constexpr int kLocalError = 451;
inline constexpr int kInsufficientStorage = 452;
inline constexpr int kCannotAccommodateParameters = 455;
inline constexpr int kSyntaxError = 500;
inline constexpr int kSyntaxErrorInParameters = 501;
inline constexpr int kNotImplemented = 502;
inline constexpr int kBadSequence = 503;
inline constexpr int kParameterNotImplemented = 504;
inline constexpr int kMailboxUnavailable = 550;
inline constexpr int kUserNotLocal = 551;
inline constexpr int kExceededStorage = 552;
inline constexpr int kMailboxNameNotAllowed = 553;
inline constexpr int kTransactionFailed = 554;
inline constexpr int kParametersNotRecognized = 555;
} // namespace reply

// Every code this project sends or explains, for the i18n lint and the UI's legend.
const std::vector<int>& known_reply_codes();

// The first digit of a reply code (RFC 5321 §4.2.1).
enum class ReplyClass {
    PositiveCompletion = 2,   // 2yz: done
    PositiveIntermediate = 3, // 3yz: go on (354 after DATA)
    TransientNegative = 4,    // 4yz: try again later
    PermanentNegative = 5,    // 5yz: do not repeat as is
    Invalid = 0,
};

ReplyClass reply_class_of(int code);

struct Reply {
    int code = 0;
    std::vector<std::string> lines; // the text of each line, without code, separator or CRLF
    // Explanation key for the UI and lessons; empty means the generic "smtp.reply.<code>".
    std::string key;

    ReplyClass reply_class() const { return reply_class_of(code); }
    bool is_positive() const { return code >= 200 && code < 400; }
    bool is_transient() const { return code >= 400 && code < 500; }
    bool is_permanent() const { return code >= 500 && code < 600; }
    std::string explanation_key() const;
    // "250-first\r\n250 last\r\n"; a line with no text is the bare code.
    Bytes to_wire() const;
    void append_wire(Bytes& out) const; // the same, added to out (no temporary)
    // The text lines joined by '\n' (for messages and bounces).
    std::string text() const;
    bool operator==(const Reply& other) const { return code == other.code && lines == other.lines; }
};

Reply make_reply(int code, std::string text, std::string key = {});
Reply make_reply(int code, std::vector<std::string> lines, std::string key = {});

// Reassembles replies line by line on the client side. Multi-line replies continue with
// "ddd-" and end with "ddd " or a bare "ddd" (RFC 5321 §4.2.1).
class ReplyParser {
public:
    // Feeds one line (without CRLF). Returns a complete reply, nothing yet, or an error for a
    // malformed line (the partial reply is dropped).
    Result<std::optional<Reply>> feed_line(std::string_view line);
    bool in_progress() const { return m_partial.has_value(); }

private:
    std::optional<Reply> m_partial;
};

} // namespace mailsim::smtp
