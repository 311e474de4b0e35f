#include "smtp_reply.h"

#include <charconv>

namespace mailsim::smtp {

const std::vector<int>& known_reply_codes() {
    static const std::vector<int> codes = {
        reply::kSystemStatus,
        reply::kHelp,
        reply::kServiceReady,
        reply::kClosing,
        reply::kOk,
        reply::kUserNotLocalWillForward,
        reply::kCannotVerify,
        reply::kStartMailInput,
        reply::kServiceNotAvailable,
        reply::kMailboxBusy,
        reply::kLocalError,
        reply::kInsufficientStorage,
        reply::kCannotAccommodateParameters,
        reply::kSyntaxError,
        reply::kSyntaxErrorInParameters,
        reply::kNotImplemented,
        reply::kBadSequence,
        reply::kParameterNotImplemented,
        reply::kMailboxUnavailable,
        reply::kUserNotLocal,
        reply::kExceededStorage,
        reply::kMailboxNameNotAllowed,
        reply::kTransactionFailed,
        reply::kParametersNotRecognized,
    };
    return codes;
}

ReplyClass reply_class_of(int code) {
    if (code < 200 || code > 599)
        return ReplyClass::Invalid;
    return static_cast<ReplyClass>(code / 100);
}

std::string Reply::explanation_key() const {
    if (!key.empty())
        return key;
    return "smtp.reply." + std::to_string(code);
}

Bytes Reply::to_wire() const {
    Bytes out;
    append_wire(out);
    return out;
}

void Reply::append_wire(Bytes& out) const {
    char digits[16];
    const auto written = std::to_chars(digits, digits + sizeof digits, code).ptr;
    const std::string_view code_text(digits, static_cast<std::size_t>(written - digits));
    if (lines.empty()) {
        out.append(code_text).append("\r\n");
        return;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool last = i + 1 == lines.size();
        out.append(code_text);
        if (!last || !lines[i].empty()) {
            out += last ? ' ' : '-';
            out += lines[i];
        }
        out.append("\r\n");
    }
}

std::string Reply::text() const {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i)
            out += '\n';
        out += lines[i];
    }
    return out;
}

Reply make_reply(int code, std::string text, std::string key) {
    Reply reply;
    reply.code = code;
    reply.lines.push_back(std::move(text));
    reply.key = std::move(key);
    return reply;
}

Reply make_reply(int code, std::vector<std::string> lines, std::string key) {
    Reply reply;
    reply.code = code;
    reply.lines = std::move(lines);
    reply.key = std::move(key);
    return reply;
}

Result<std::optional<Reply>> ReplyParser::feed_line(std::string_view line) {
    auto fail = [this](std::string message) -> Result<std::optional<Reply>> {
        m_partial.reset();
        return make_error(std::move(message));
    };
    if (line.size() < 3)
        return fail("reply line shorter than a code");
    for (int i = 0; i < 3; ++i)
        if (line[i] < '0' || line[i] > '9')
            return fail("reply line does not start with three digits");
    // RFC 5321 §4.2: first digit 2-5, second 0-5.
    if (line[0] < '2' || line[0] > '5' || line[1] > '5')
        return fail("reply code outside 2yz-5yz");
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    bool more = false;
    std::string text;
    if (line.size() > 3) {
        if (line[3] == '-')
            more = true;
        else if (line[3] != ' ')
            return fail("reply code not followed by space or hyphen");
        text = std::string(line.substr(4));
    }
    if (m_partial && m_partial->code != code)
        return fail("multi-line reply changed its code");
    if (!m_partial) {
        m_partial = Reply{};
        m_partial->code = code;
    }
    m_partial->lines.push_back(std::move(text));
    if (more)
        return std::optional<Reply>{};
    std::optional<Reply> done = std::move(m_partial);
    m_partial.reset();
    return done;
}

} // namespace mailsim::smtp
