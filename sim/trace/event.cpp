#include "sim/trace/event.h"

#include <array>

namespace mailsim::trace {
namespace {

constexpr std::array<std::string_view, kEventKindCount> kKindNames = {
    "tcp_syn",        "tcp_synack",      "tcp_ack",      "tcp_fin",      "tcp_rst",
    "tcp_retransmit", "conn_open",       "conn_close",   "command",      "reply",
    "data",           "dns_query",       "dns_answer",   "queued",       "retry",
    "gave_up",        "delay_warning",   "accepted",     "delivered",    "bounced",
    "duplicate_risk", "relayed",         "expanded",     "mailbox_add",  "mailbox_delete",
    "mailbox_flag",   "terminal_output", "state_change", "http_request", "http_response",
    "fault",          "host_down",       "host_up",      "link_down",    "link_up",
    "compose",        "input",           "gateway",      "config",
};
constexpr std::array<std::string_view, 8> kProtoNames = {"",     "tcp",  "dns",  "smtp",
                                                         "pop3", "imap", "http", "uucp"};
constexpr std::array<std::string_view, 3> kDirectionNames = {"", "c2s", "s2c"};

} // namespace

std::string_view to_string(EventKind kind) {
    return kKindNames[static_cast<size_t>(kind)];
}
std::string_view to_string(Proto proto) {
    return kProtoNames[static_cast<size_t>(proto)];
}
std::string_view to_string(Direction direction) {
    return kDirectionNames[static_cast<size_t>(direction)];
}

std::optional<EventKind> event_kind_from_string(std::string_view name) {
    for (size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == name)
            return static_cast<EventKind>(i);
    return std::nullopt;
}

std::optional<Proto> proto_from_string(std::string_view name) {
    for (size_t i = 1; i < kProtoNames.size(); ++i)
        if (kProtoNames[i] == name)
            return static_cast<Proto>(i);
    return std::nullopt;
}

std::optional<Direction> direction_from_string(std::string_view name) {
    for (size_t i = 1; i < kDirectionNames.size(); ++i)
        if (kDirectionNames[i] == name)
            return static_cast<Direction>(i);
    return std::nullopt;
}

} // namespace mailsim::trace
