#include "imap_events.h"

#include "sim/core/overloaded.h"

namespace mailsim::imap {

namespace {

std::string describe_state(const StateChanged& change) {
    return "state " + std::string(state_name(change.from)) + " -> " +
           std::string(state_name(change.to));
}

std::string describe_violation(const ProtocolViolation& violation) {
    return "violation " + violation.key + " [" + violation.tag + "] " + violation.message;
}

} // namespace

const Value* FetchedMessage::item(std::string_view name) const {
    for (const auto& [item_name, value] : items)
        if (equals_ci(item_name, name))
            return &value;
    return nullptr;
}

std::string describe(const ServerEvent& event) {
    return std::visit(Overloaded{
                          [](const NeedData&) { return std::string("need-data"); },
                          [](const CommandReceived& e) {
                              return "command " + e.command.tag + " " + e.command.word();
                          },
                          [](const ResponseSent& e) { return "sent " + e.line; },
                          [](const StateChanged& e) { return describe_state(e); },
                          [](const ProtocolViolation& e) { return describe_violation(e); },
                          [](const ConnectionClosed&) { return std::string("closed"); },
                          [](const TimerRequested& e) {
                              return "timer " + std::to_string(e.after / kSecond) + "s";
                          },
                      },
                      event);
}

std::string describe(const ClientEvent& event) {
    return std::visit(
        Overloaded{
            [](const NeedData&) { return std::string("need-data"); },
            [](const GreetingReceived& e) { return "greeting " + e.response.text; },
            [](const ResponseReceived& e) { return "response " + e.response.explanation_key(); },
            [](const CommandCompleted& e) {
                return "completed " + e.tag + " " + e.command + " " +
                       std::string(status_word(e.status));
            },
            [](const StateChanged& e) { return describe_state(e); },
            [](const ProtocolViolation& e) { return describe_violation(e); },
            [](const ConnectionClosed&) { return std::string("closed"); },
        },
        event);
}

} // namespace mailsim::imap
