#pragma once
// Finds the message the selection points at and parses it for the inspector: the message sent
// in the selected SMTP connection's DATA phase (with its envelope and the lines exactly as they
// crossed the wire), a copy stored in a mailbox, or a message waiting in an MTA's queue (as it
// was queued, while it is in the queue at the position shown).
#include "ui/app/app_state.h"

namespace mailsim::ui {

class App;

// What the selection points the inspector at, in this order of precedence.
enum class InspectedSource { None, Connection, Mailbox, Queue };
InspectedSource inspected_source(const Selection& selection);

// Rebuilds app.state().inspected when the selection (or what has happened so far) changed.
void refresh_inspected_message(App& app);
// Nothing inspected (and its image texture freed): the world it came from is gone.
void clear_inspected_message(App& app);

// "MAIL FROM:<a@b> SIZE=10" -> "a@b"; "RCPT TO: <c@d>" -> "c@d".
std::string path_argument(const std::string& command_line);

} // namespace mailsim::ui
