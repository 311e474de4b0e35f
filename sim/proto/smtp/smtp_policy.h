#pragma once
// The server's questions to the world. The engine knows the protocol; whether bob is a local
// user, whether this client may relay, who is logged in at a terminal, or that a fault rule
// wants a 451 right now, is answered by whoever runs the engine: the simulated MTA
// (sim/agents), `mailsim serve`, or a test. Every method has a permissive default so a policy
// only overrides what it cares about.
#include "sim/core/bytes.h"
#include "smtp_reply.h"
#include "smtp_session.h"
#include "smtp_state.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::smtp {

struct SenderDecision {
    enum class Kind {
        Ok,                     // 250
        Refused,                // 550 (e.g. a blocked sender)
        BadMailboxName,         // 553
        TemporarilyUnavailable, // 451
    };
    Kind kind = Kind::Ok;
};

struct RecipientDecision {
    enum class Kind {
        Accept,                 // 250: a local mailbox or alias, or relaying allowed
        WillForward,            // 251: not local, the server forwards to `forward_path`
        NotLocal,               // 551: not local, the client should try `forward_path`
        Unknown,                // 550: no such user here
        RelayDenied,            // 550 5.7.1: not ours and this client may not relay
        BadMailboxName,         // 553: not allowed as a mailbox name
        TemporarilyUnavailable, // 450: mailbox busy or greylisted
        InsufficientStorage,    // 452: out of room for now
    };
    Kind kind = Kind::Accept;
    std::string forward_path;
};

struct VerifyDecision {
    enum class Kind {
        Verified,     // 250 "Full Name <mailbox>"
        WillForward,  // 251 with forward_path
        CannotVerify, // 252: will accept but will not say (the modern answer)
        Unknown,      // 550
        Ambiguous,    // 553 with the candidates listed
        Disabled,     // 502: VRFY switched off
    };
    Kind kind = Kind::CannotVerify;
    std::string full_name;
    std::string mailbox;
    std::vector<std::string> candidates; // "Full Name <mailbox>" each, for Ambiguous
};

struct ExpandDecision {
    enum class Kind {
        Expanded, // 250- one line per member
        NotAList, // 550
        Denied,   // 550 5.7.1 access denied
        Disabled, // 502: EXPN switched off (what most modern servers do)
    };
    Kind kind = Kind::Disabled;
    std::vector<std::string> members; // "Full Name <mailbox>" or "<mailbox>"
};

struct MessageDecision {
    enum class Kind {
        Accepted,            // 250 with queue_id
        TemporaryFailure,    // 451
        InsufficientStorage, // 452
        ExceededStorage,     // 552
        Rejected,            // 554
    };
    Kind kind = Kind::Accepted;
    std::string queue_id;
};

enum class Presence { LoggedIn, NotLoggedIn };
enum class TurnDecision { Accept, Refuse };

// Where a forced reply can strike: any command, plus the connection and the end of DATA.
struct FaultPoint {
    enum class Kind { Connect, Command, EndOfData };
    Kind kind = Kind::Command;
    Verb verb = Verb::Unknown; // for Kind::Command
};

class ServerPolicy {
public:
    virtual ~ServerPolicy() = default;

    // Fault injection and load shedding: a reply to give instead of the normal processing.
    // Only the code is needed; lines left empty get the server's standard text for that code.
    // 421 closes the connection; at Connect any other 4yz/5yz refuses service until QUIT.
    virtual std::optional<Reply> forced_reply(const FaultPoint& /*at*/, const SessionInfo& /*s*/) {
        return std::nullopt;
    }
    virtual SenderDecision check_sender(const SessionInfo&, const Transaction&,
                                        std::string_view /*reverse_path*/) {
        return {};
    }
    virtual RecipientDecision check_recipient(const SessionInfo&, const Transaction&,
                                              std::string_view /*forward_path*/) {
        return {};
    }
    virtual VerifyDecision verify(const SessionInfo&, std::string_view /*query*/) { return {}; }
    virtual ExpandDecision expand(const SessionInfo&, std::string_view /*list*/) { return {}; }
    // SEND/SOML/SAML: is the user logged in at a terminal?
    virtual Presence presence(std::string_view /*mailbox*/) { return Presence::NotLoggedIn; }
    // End of DATA: take the message (store it, queue it, write it to terminals per
    // transaction.mode) or refuse it. Called only for a well-formed message within limits.
    virtual MessageDecision accept_message(const SessionInfo&, const Transaction&,
                                           ByteView /*message*/) {
        MessageDecision decision;
        decision.queue_id = "Q" + std::to_string(++m_default_queue_counter);
        return decision;
    }
    virtual TurnDecision allow_turn(const SessionInfo&) { return TurnDecision::Refuse; }

private:
    std::size_t m_default_queue_counter = 0;
};

} // namespace mailsim::smtp
