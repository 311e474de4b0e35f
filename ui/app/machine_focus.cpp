#include "machine_focus.h"

#include "sim/proto/http/http_state.h"
#include "sim/proto/smtp/smtp_client_state.h"
#include "sim/proto/smtp/smtp_command.h"
#include "sim/proto/smtp/smtp_state.h"

#include <algorithm>
#include <optional>

namespace mailsim::ui {
namespace {

using world::EventKind;
using world::Proto;

bool has_machine(Proto proto) {
    return proto == Proto::Smtp || proto == Proto::Pop3 || proto == Proto::Imap ||
           proto == Proto::Http;
}

bool about_session(const world::Event& e) {
    return e.conn != 0 && has_machine(e.proto) &&
           (e.kind == EventKind::StateChange || e.kind == EventKind::Command ||
            e.kind == EventKind::Reply || e.kind == EventKind::HttpRequest ||
            e.kind == EventKind::HttpResponse);
}

// The engines record their state changes on the server side; POP3 and IMAP clients follow the
// same states, so both sides read them.
void follow_server(const world::EventList& events, std::size_t end, MachineFocus& focus) {
    focus.state = diagram_for(focus.proto, focus.side).states.front().name;
    for (std::size_t i = 0; i < end; ++i) {
        const auto& e = events[i];
        if (e.conn != focus.conn || e.kind != EventKind::StateChange)
            continue;
        focus.previous = focus.state;
        focus.state = e.state;
        focus.moved = true;
        focus.moved_at = e.index;
        // "Ready -> Closed (421 shutdown)": the trigger says whether it left from any state.
        focus.via_any_state =
            e.proto == Proto::Smtp &&
            (e.text.find(std::string(smtp::trigger_name(smtp::Trigger::Shutdown))) !=
                 std::string::npos ||
             e.text.find(std::string(smtp::trigger_name(smtp::Trigger::ConnectionLost))) !=
                 std::string::npos);
    }
}

// The SMTP client's machine is read off the commands it sent and the replies it got.
void follow_smtp_client(const world::EventList& events, std::size_t end, MachineFocus& focus) {
    smtp::ClientStateTracker tracker;
    for (std::size_t i = 0; i < end; ++i) {
        const auto& e = events[i];
        if (e.conn != focus.conn)
            continue;
        const std::size_t before = tracker.steps();
        if (e.kind == EventKind::Command && e.dir == world::Direction::C2S) {
            tracker.command_sent(smtp::verb_from_name(e.verb).value_or(smtp::Verb::Unknown));
        } else if (e.kind == EventKind::Reply && e.dir == world::Direction::S2C) {
            // Only the last line of a multi-line reply ("250 HELP" after "250-SIZE ...").
            if (e.text.size() < 4 || e.text[3] != '-')
                tracker.reply_received(e.code);
        } else if (e.kind == EventKind::ConnClose || e.kind == EventKind::TcpRst) {
            tracker.connection_ended();
        }
        if (tracker.steps() != before) {
            focus.moved = true;
            focus.moved_at = e.index;
            focus.via_any_state =
                tracker.last_step()->trigger == smtp::ClientTrigger::ServiceClosing ||
                tracker.last_step()->trigger == smtp::ClientTrigger::ConnectionEnd;
        }
    }
    focus.state = smtp::client_state_name(tracker.state());
    if (const auto& step = tracker.last_step())
        focus.previous = smtp::client_state_name(step->from);
}

// HTTP records no state changes (a request and a response are one event each): both sides are
// read off those events and the FINs, moved along the engines' own tables (http_state.h).
std::optional<http::ServerTrigger> http_server_trigger(const world::Event& e,
                                                       http::ServerState state) {
    switch (e.kind) {
    case EventKind::HttpRequest:
        return http::ServerTrigger::Request;
    case EventKind::HttpResponse: // a response nobody asked for is the engine's own 400
        return state == http::ServerState::Idle ? http::ServerTrigger::BadRequest
                                                : http::ServerTrigger::Response;
    case EventKind::TcpFin:
        if (e.dir == world::Direction::C2S)
            return http::ServerTrigger::PeerClosed;
        return std::nullopt;
    case EventKind::TcpRst:
    case EventKind::ConnClose:
        return http::ServerTrigger::PeerClosed;
    default:
        return std::nullopt;
    }
}

std::optional<http::ClientTrigger> http_client_trigger(const world::Event& e, http::ClientState) {
    switch (e.kind) {
    case EventKind::HttpResponse:
        return http::ClientTrigger::Response;
    case EventKind::TcpFin:
        if (e.dir == world::Direction::S2C)
            return http::ClientTrigger::PeerClosed;
        return std::nullopt;
    case EventKind::TcpRst:
    case EventKind::ConnClose:
        return http::ClientTrigger::PeerClosed;
    default:
        return std::nullopt;
    }
}

template <typename State, typename TriggerOf>
void follow_http(const world::EventList& events, std::size_t end, MachineFocus& focus, State state,
                 TriggerOf trigger_of) {
    focus.state = http::state_name(state);
    for (std::size_t i = 0; i < end; ++i) {
        const auto& e = events[i];
        if (e.conn != focus.conn)
            continue;
        const auto trigger = trigger_of(e, state);
        const auto to = trigger ? http::next_state(state, *trigger) : std::nullopt;
        if (!to)
            continue;
        focus.previous = http::state_name(state);
        state = *to;
        focus.state = http::state_name(state);
        focus.moved = true;
        focus.moved_at = e.index;
    }
}

} // namespace

MachineFocus machine_focus(const world::Trace& trace, std::size_t position, world::ConnId selected,
                           MachineSide side) {
    const auto& events = trace.events();
    const std::size_t end = std::min(position, events.size());
    MachineFocus focus;
    focus.side = side;
    focus.conn = selected;
    for (std::size_t i = end; i-- > 0 && focus.proto == Proto::None;) {
        const auto& e = events[i];
        if (!about_session(e) || (selected != 0 && e.conn != selected))
            continue;
        focus.conn = e.conn;
        focus.proto = e.proto;
    }
    if (focus.proto == Proto::None)
        return focus;
    for (std::size_t i = 0; i < end; ++i) {
        const auto& e = events[i];
        if (e.conn != focus.conn || e.dir == world::Direction::None)
            continue;
        const bool from_client = e.dir == world::Direction::C2S;
        focus.client = from_client ? e.host : e.peer;
        focus.server = from_client ? e.peer : e.host;
        break;
    }
    if (focus.proto == Proto::Smtp && side == MachineSide::Client)
        follow_smtp_client(events, end, focus);
    else if (focus.proto == Proto::Http && side == MachineSide::Client)
        follow_http(events, end, focus, http::ClientState::Waiting, http_client_trigger);
    else if (focus.proto == Proto::Http)
        follow_http(events, end, focus, http::ServerState::Idle, http_server_trigger);
    else
        follow_server(events, end, focus);
    return focus;
}

nlohmann::json state_machine_json(Session& session, world::ConnId selected, MachineSide side) {
    nlohmann::json j = nlohmann::json::object();
    if (!session.loaded())
        return j;
    const MachineFocus focus = machine_focus(session.trace(), session.position(), selected, side);
    j["side"] = side == MachineSide::Client ? "client" : "server";
    j["diagram"] = diagram_for(focus.proto, focus.side).title;
    j["conn"] = focus.conn;
    j["state"] = focus.state;
    j["previous"] = focus.previous;
    j["moved_at"] = focus.moved ? nlohmann::json(focus.moved_at) : nlohmann::json(nullptr);
    return j;
}

} // namespace mailsim::ui
