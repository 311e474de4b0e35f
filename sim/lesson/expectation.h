#pragma once
// A step's `expect = [...]`: claims about what the screen shows when the step has run to its
// event, checked by `mailsim lint` (never shown to students). A step that says "Bob's INBOX
// now holds the mail" carries `mailbox user=bob@hamburger.edu messages=1`, and lint fails when
// the simulator disagrees, so the text cannot drift away from the world it describes.
//
//   state [proto=P] [host=H] [conn=N|step] is=STATE   an open connection's engine state
//   tcp [conn=N|step] [host=H] [kind=syn|synack|ack|fin|rst] segments=N   segments seen so far
//   queue host=H messages=N                           messages in an MTA's queue
//   mailbox user=ADDR [folder=F] messages=N           messages in a mailbox folder (INBOX)
//   connections [proto=P] [host=H] open=N             connections open now
//   happened KIND [field=value ...]                   such an event is on screen (before now)
//   inspector has-message                             the inspector shows a message
// Counts take =, >= or <=. `conn=step` is the connection of the step's run_to event. The
// grammar is the one of run_to and done_when (sim/lesson/lesson_syntax.h).
#include "sim/core/result.h"
#include "sim/trace/event_list.h"
#include "sim/world/world_view.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::lesson {

// Syntax only (the loader and `lint --syntax-only`); the column is 1-based within the spec.
Status check_expectation(std::string_view spec);

// What a step points the inspector at: the SMTP connection of its event once it has carried
// message lines, else the queue entry its `queued` event made while it waits there, else the
// message most recently added to a mailbox. The app selects it when a step shows the
// inspector; lint's `inspector has-message` asks the same function.
struct InspectorTarget {
    world::ConnId conn = 0;
    std::string mailbox; // "user/folder"
    std::uint64_t uid = 0;
    std::string queue_host, msg_id; // a message in that MTA's queue

    bool empty() const { return conn == 0 && mailbox.empty() && queue_host.empty(); }
};
InspectorTarget inspector_target(const world::WorldView& view, const world::EventList& events,
                                 std::size_t position, std::optional<std::size_t> step_event);

// The world as the screen shows it after `position` trace events; `step_event` is the index
// of the step's run_to event (nullopt for a step without one).
struct ExpectContext {
    const world::WorldView& view;
    const world::EventList& events;
    std::size_t position = 0;
    std::optional<std::size_t> step_event;
};

struct ExpectOutcome {
    bool holds = false;
    std::string actual; // what the world shows instead, for the lint message
};

Result<ExpectOutcome> evaluate_expectation(const ExpectContext& context, std::string_view spec);

// Messages in `user`'s `folder` (addresses compared without case): what the mailboxes panel
// counts, shared by expectations and the task checks (`mailbox user=... count=...`).
long long mailbox_message_count(const world::WorldView& view, const std::string& user,
                                const std::string& folder);

} // namespace mailsim::lesson
