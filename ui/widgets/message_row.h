#pragma once
// One stored message as a line of a list (the mailboxes panel): its subject as a person reads
// it (RFC 2047 encoded-words decoded: "=?UTF-8?B?7IKs7KeE?=" is 사진, as the inspector shows),
// an unread dot, and who sent it.
#include "sim/world/world_view.h"

#include <string>

namespace mailsim::ui {

// "● 사진  — alice@crepes.fr"; `no_subject` stands in for an empty subject.
std::string message_row_text(const world::MessageView& message, const std::string& no_subject);

} // namespace mailsim::ui
