#include "smtp_events.h"

#include <cstdio>

namespace mailsim::smtp {

namespace {

std::string escaped(ByteView bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\\')
            out += "\\\\";
        else if (c < 32 || c >= 127) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else
            out += static_cast<char>(c);
    }
    return out;
}

std::string reply_summary(const Reply& reply) {
    std::string out = std::to_string(reply.code);
    for (std::size_t i = 0; i < reply.lines.size(); ++i)
        out += (i ? " | " : " ") + reply.lines[i];
    return out;
}

} // namespace

std::string_view delivery_mode_name(DeliveryMode mode) {
    switch (mode) {
    case DeliveryMode::Mailbox:
        return "mailbox";
    case DeliveryMode::Terminal:
        return "terminal";
    case DeliveryMode::TerminalOrMailbox:
        return "terminal-or-mailbox";
    case DeliveryMode::TerminalAndMailbox:
        return "terminal-and-mailbox";
    }
    return "?";
}

namespace {

std::string_view close_name(EndReason reason) {
    switch (reason) {
    case EndReason::Quit:
        return "quit";
    case EndReason::ServiceDown:
        return "service-down";
    case EndReason::PeerClosed:
        return "peer-closed";
    case EndReason::Turned:
        return "turned";
    case EndReason::Timeout:
        return "timeout";
    }
    return "?";
}

} // namespace

std::string_view violation_name(Violation kind) {
    switch (kind) {
    case Violation::BareLineFeed:
        return "bare_lf";
    case Violation::LineTooLong:
        return "line_too_long";
    case Violation::MalformedReply:
        return "malformed_reply";
    case Violation::UnexpectedReply:
        return "unexpected_reply";
    case Violation::EofInData:
        return "eof_in_data";
    }
    return "?";
}

const std::vector<Violation>& all_violations() {
    static const std::vector<Violation> all = {Violation::BareLineFeed, Violation::LineTooLong,
                                               Violation::MalformedReply,
                                               Violation::UnexpectedReply, Violation::EofInData};
    return all;
}

std::string ProtocolViolation::explanation_key() const {
    return "smtp.violation." + std::string(violation_name(kind));
}

std::string_view recipient_status_name(RecipientStatus status) {
    switch (status) {
    case RecipientStatus::Pending:
        return "pending";
    case RecipientStatus::Accepted:
        return "accepted";
    case RecipientStatus::TransientFailure:
        return "transient";
    case RecipientStatus::PermanentFailure:
        return "permanent";
    }
    return "?";
}

std::string describe(const Event& event) {
    struct Visitor {
        std::string operator()(const NeedData&) const { return "NeedData"; }
        std::string operator()(const CommandReceived& e) const {
            return "CommandReceived " + escaped(e.command.line);
        }
        std::string operator()(const ReplySent& e) const {
            return "ReplySent " + reply_summary(e.reply);
        }
        std::string operator()(const CommandSent& e) const {
            return "CommandSent " + escaped(e.command.line);
        }
        std::string operator()(const ReplyReceived& e) const {
            return "ReplyReceived " + reply_summary(e.reply);
        }
        std::string operator()(const DataChunk& e) const {
            return "DataChunk \"" + escaped(e.bytes) + "\"";
        }
        std::string operator()(const EndOfData& e) const {
            std::string out = "EndOfData from=<" + e.transaction.mail_from + "> to=";
            for (std::size_t i = 0; i < e.transaction.rcpt_to.size(); ++i)
                out += (i ? ",<" : "<") + e.transaction.rcpt_to[i] + ">";
            out += " mode=" + std::string(delivery_mode_name(e.transaction.mode));
            out += " size=" + std::to_string(e.message.size());
            out += " reply=" + std::to_string(e.reply.code);
            return out;
        }
        std::string operator()(const TransactionFinished& e) const {
            std::string out = "TransactionFinished #" + std::to_string(e.result.message_index);
            for (const auto& r : e.result.recipients)
                out += " " + r.recipient + "=" + std::string(recipient_status_name(r.status)) +
                       "(" + std::to_string(r.reply.code) + ")";
            return out;
        }
        std::string operator()(const MessageConverted& e) const {
            return "MessageConverted #" + std::to_string(e.message_index) + " " + e.encoding +
                   " parts=" + std::to_string(e.parts_converted);
        }
        std::string operator()(const StateChanged& e) const {
            return "StateChanged " + std::string(state_name(e.from)) + " -> " +
                   std::string(state_name(e.to)) + " (" + std::string(trigger_name(e.trigger)) +
                   ")";
        }
        std::string operator()(const TimerRequest& e) const {
            return std::string("TimerRequest ") +
                   (e.kind == TimerKind::Command ? "command " : "data ") +
                   std::to_string(e.duration / kSecond) + "s";
        }
        std::string operator()(const ProtocolViolation& e) const {
            return "ProtocolViolation " + std::string(violation_name(e.kind)) + ": " + e.detail;
        }
        std::string operator()(const RoleReversal&) const { return "RoleReversal"; }
        std::string operator()(const ConnectionClosed& e) const {
            return "ConnectionClosed " + std::string(close_name(e.reason));
        }
    };
    return std::visit(Visitor{}, event);
}

} // namespace mailsim::smtp
