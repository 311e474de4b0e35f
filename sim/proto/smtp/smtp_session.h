#pragma once
// Per-connection session versus per-transaction envelope (aiosmtpd's split): RSET, HELO/EHLO
// and the end of DATA reset only the Transaction; the SessionInfo lives as long as the connection.
#include "sim/mail/envelope.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::smtp {

// How a transaction asks for delivery. MAIL is the mailbox; the RFC 821 SEND/SOML/SAML
// commands ask for the recipient's terminal instead or as well.
enum class DeliveryMode {
    Mailbox,            // MAIL
    Terminal,           // SEND: only if the user is logged in (else 450 at RCPT)
    TerminalOrMailbox,  // SOML: terminal if logged in, mailbox otherwise
    TerminalAndMailbox, // SAML: both; the terminal only if logged in
};

enum class BodyType { SevenBit, EightBitMime }; // RFC 6152 BODY= parameter

enum class Greeted { No, Helo, Ehlo };

struct SessionInfo {
    std::string client_address; // set by the caller: "192.0.2.7" or a simulated host name
    std::string client_name;    // the HELO/EHLO argument
    Greeted greeted = Greeted::No;
    std::size_t transactions_started = 0;
    std::size_t messages_accepted = 0;
};

// One mail transaction: the envelope (MAIL FROM and the accepted RCPT TOs, in order; an empty
// mail_from is the null path <>) plus what the SMTP parameters said. It *is* a mail::Envelope,
// so delivery code takes it as one without copying field by field.
struct Transaction : mail::Envelope {
    bool null_sender = false;
    DeliveryMode mode = DeliveryMode::Mailbox;
    BodyType body = BodyType::SevenBit;
    std::optional<std::size_t> declared_size; // SIZE= on MAIL
    std::size_t rcpt_attempts = 0;            // including refused ones (554 vs 503 at DATA)
};

} // namespace mailsim::smtp
