#include "playback_pacer.h"

#include "ui/app/session.h"
#include "ui/widgets/event_style.h"

#include <algorithm>

namespace mailsim::ui {

using world::EventKind;

double dwell_seconds(const world::Event& event, double speed) {
    if (!is_message_between_hosts(event) || speed <= 0)
        return 0;
    double share = 1.0; // commands, replies, the message itself, HTTP
    switch (event.kind) {
    case EventKind::TcpSyn:
    case EventKind::TcpSynAck:
    case EventKind::TcpAck:
    case EventKind::TcpFin:
    case EventKind::TcpRst:
        share = 0.3; // the handshake is part of the picture, not the dialogue
        break;
    case EventKind::DnsQuery:
    case EventKind::DnsAnswer:
        share = 0.6;
        break;
    default:
        break;
    }
    return kLectureSeconds * share / speed;
}

double flight_seconds(const world::Event& event, double speed) {
    return std::clamp(dwell_seconds(event, speed), 0.4, 1.5);
}

bool pace_playback(Session& session, double speed, double wall_seconds, PacerState& pacer) {
    if (speed <= 0)
        return true;
    if (session.live()) // a live world is followed as it happens, at its own clock
        return session.advance(static_cast<SimTime>(wall_seconds * speed * kSecond));
    if (pacer.position != session.position()) { // stepped or sought since: start afresh
        pacer = PacerState{};
        pacer.position = session.position();
    }
    double budget = wall_seconds;
    // Bounded so a huge frame time (a tab in the background) cannot stall the frame.
    for (int events = 0; events < 100000; ++events) {
        if (pacer.dwell_left > 0) {
            const double used = std::min(budget, pacer.dwell_left);
            pacer.dwell_left -= used;
            budget -= used;
            if (pacer.dwell_left > 0)
                return true;
        }
        if (session.at_end())
            return false;
        const world::Event& next = session.trace()[session.position()];
        const double gap = static_cast<double>(std::max<SimTime>(next.t - session.clock(), 0)) /
                           static_cast<double>(kSecond);
        // A long quiet stretch is crossed faster, in kLongestQuietSeconds at most.
        if (pacer.gap_speed <= 0)
            pacer.gap_speed = std::max(speed, gap / kLongestQuietSeconds);
        const double gap_wall = gap / pacer.gap_speed;
        if (gap_wall > budget) {
            const auto part = static_cast<SimTime>(budget * pacer.gap_speed * kSecond);
            if (part > 0 && !session.advance(part))
                return false;
            pacer.position = session.position();
            return true;
        }
        budget -= gap_wall;
        session.step_forward();
        pacer.position = session.position();
        pacer.gap_speed = 0;
        pacer.dwell_left = dwell_seconds(session.trace()[session.position() - 1], speed);
    }
    return true;
}

} // namespace mailsim::ui
