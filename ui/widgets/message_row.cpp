#include "message_row.h"

#include "sim/mail/encoded_word.h"

namespace mailsim::ui {

std::string message_row_text(const world::MessageView& message, const std::string& no_subject) {
    const bool seen = message.flags.find("\\Seen") != std::string::npos;
    const std::string subject = mail::decode_encoded_words(message.subject);
    return std::string(seen ? "  " : "\xe2\x97\x8f ") + (subject.empty() ? no_subject : subject) +
           "  \xe2\x80\x94 " + mail::decode_encoded_words(message.from);
}

} // namespace mailsim::ui
