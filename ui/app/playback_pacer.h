#pragma once
// How playing maps wall time to simulated time: a presentation clock. The simulated clock
// runs at `speed` simulated seconds per wall second, but it stops on every message between
// hosts for a while (a command or a reply stays about a second on screen at 1×, "lecture
// pace"; less at higher speeds, as 1/speed), and a long quiet stretch (a queue waiting to
// retry for half an hour) is crossed in at most a second and a half, so the retries still
// time-warp. At 10,000× and above the dwell is under a tenth of a millisecond: playing
// is as fast as the plain clock.
#include "sim/trace/event.h"

#include <cstddef>
#include <cstdint>

namespace mailsim::ui {

class Session;

struct PacerState {
    double dwell_left = 0;           // wall seconds the shown event still stays alone
    std::size_t position = SIZE_MAX; // the session position the dwell belongs to
    // Simulated seconds per wall second across the gap to the next event, fixed when the gap
    // starts (0: not yet), so a warped wait ends on time instead of creeping ever slower.
    double gap_speed = 0;
};

// A command or reply at 1×.
inline constexpr double kLectureSeconds = 1.0;
// A quiet stretch between two events takes at most this long on screen, at any speed.
inline constexpr double kLongestQuietSeconds = 1.5;
// A packet stepped to with → flies this long.
inline constexpr double kStepFlightSeconds = 0.5;

// How long the event stays on screen alone when played at `speed` (0 for events that draw
// nothing between hosts).
double dwell_seconds(const world::Event& event, double speed);
// How long its packet flies across the topology while playing at `speed`.
double flight_seconds(const world::Event& event, double speed);

// Plays `wall_seconds` of the presentation; false once nothing more will happen.
bool pace_playback(Session& session, double speed, double wall_seconds, PacerState& pacer);

} // namespace mailsim::ui
